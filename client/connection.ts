/**
 * The connection to Temporal, made when a command first needs it: this module brings Temporal's client, which
 * help texts and the what-if calculator never load. The client encrypts what it sends and decrypts what it
 * reads with the engine's payload keys, found as the worker finds them (it never generates one).
 */
import { Client, Connection } from '@temporalio/client';
import type { EngineConfig } from '../infra/config.js';
import { encryptingClientDataConverter } from '../infra/payload-codec.js';
import { KeySettingError, PayloadKeyError, resolveKeys, type KeyRing } from '../infra/payload-keys.js';
import { CliFailure, UsageError } from './cli-support.js';

/** The payload keys, found as the worker finds them; a missing or bad key is said in one line. */
export function payloadKeyRing(config: EngineConfig): KeyRing {
  try {
    return resolveKeys(config.keys, { local: config.local, generate: false }).ring;
  } catch (error) {
    if (error instanceof KeySettingError) throw new UsageError(error.message);
    if (error instanceof PayloadKeyError) throw new CliFailure(error.message);
    throw error;
  }
}

/** A client for the configured namespace, or a one-line hint when nothing answers at the address. */
export async function connect(config: EngineConfig): Promise<Client> {
  const { connection: options, namespace } = config;
  let connection: Connection | undefined;
  try {
    // Connecting asks the server for its system information: an address where no Temporal answers fails here.
    connection = await Connection.connect({ ...options, connectTimeout: 5_000 });
  } catch {
    await connection?.close().catch(() => undefined);
    throw new CliFailure(
      `Cannot reach Temporal at ${options.address}. Start the engine with "npm start", ` +
        'or point TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) at your cluster.',
    );
  }
  let ring: KeyRing;
  try {
    ring = payloadKeyRing(config);
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  return new Client({ connection, namespace, dataConverter: encryptingClientDataConverter(ring) });
}
