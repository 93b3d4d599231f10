/**
 * Who acts, as far as this machine can tell: the name the DPO gives (`--as`, BREACH_ACTOR) is what the
 * timeline shows, and beside it the account that ran the command and, when the connection authenticates with a
 * client certificate, that certificate's subject. A typed name alone proves nothing; the account and the
 * certificate are what an auditor can check.
 */
import { X509Certificate } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { EngineConfig } from '../infra/config.js';

/** `user@host` of the process, or undefined where the platform will not say. */
export function localAccount(): string | undefined {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return undefined;
  }
}

/** The subject's common name of the mTLS client certificate, if the connection uses one. */
export function certificateName(config: Pick<EngineConfig, 'connection'>): string | undefined {
  const tls = config.connection.tls;
  const crt = tls && typeof tls === 'object' ? tls.clientCertPair?.crt : undefined;
  if (!crt) return undefined;
  try {
    const subject = new X509Certificate(crt).subject;
    return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject.replaceAll('\n', ', ');
  } catch {
    return undefined;
  }
}

/** "Dana Example [dana@laptop, certificate dpo-office]": the name given, with what authenticated it. */
export function recordedActor(
  named: string,
  account: string | undefined,
  certificate: string | undefined,
): string {
  const user = account?.split('@')[0];
  const proofs = [
    ...(account && named !== user && named !== account ? [account] : []),
    ...(certificate ? [`certificate ${certificate}`] : []),
  ];
  const actor = proofs.length ? `${named} [${proofs.join(', ')}]` : named;
  // The action schema allows one line of 200 characters: the given name always fits, the proofs are cut.
  return actor.replace(/[\r\n\u2028\u2029]/g, ' ').slice(0, 200);
}
