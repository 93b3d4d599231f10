/** The actor a DPO action records: the name given, with the account that ran the command and its certificate. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateName, recordedActor } from '../../client/identity.js';
import { loadEngineConfig } from '../../infra/config.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the recorded actor', () => {
  it('keeps the name given and adds the account that acted, unless they are the same', () => {
    expect(recordedActor('Dana Example', 'dana@laptop', undefined)).toBe('Dana Example [dana@laptop]');
    expect(recordedActor('dana', 'dana@laptop', undefined)).toBe('dana');
    expect(recordedActor('Dana', undefined, 'dpo-office')).toBe('Dana [certificate dpo-office]');
    expect(recordedActor('x'.repeat(195), 'dana@laptop', undefined)).toHaveLength(200);
  });

  // openssl makes the test certificate; Node can read certificates but not make them.
  it.skipIf(!hasOpenssl())(
    "names the mTLS client certificate's subject when the connection authenticates with one",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'breach-cert-'));
      const [key, crt] = [join(dir, 'client.key'), join(dir, 'client.crt')];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          crt,
          '-days',
          '1',
          '-subj',
          '/O=Example Voice/CN=dpo-office',
        ],
        { stdio: 'ignore' },
      );
      const config = loadEngineConfig({
        TEMPORAL_ADDRESS: 'temporal.example.test:7233',
        TEMPORAL_TLS_CLIENT_CERT_PATH: crt,
        TEMPORAL_TLS_CLIENT_KEY_PATH: key,
        BREACH_CLOCK_KEYS: `k1=${Buffer.alloc(32, 7).toString('base64')}`,
      });
      expect(await readFile(crt, 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(certificateName(config)).toBe('dpo-office');
      expect(
        certificateName(
          loadEngineConfig({ BREACH_CLOCK_KEYS: `k1=${Buffer.alloc(32, 7).toString('base64')}` }),
        ),
      ).toBeUndefined();
    },
  );
});
