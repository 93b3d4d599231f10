/**
 * The connection to Temporal, made when a command first needs it: this module brings Temporal's client, which
 * help texts and the what-if calculator never load.
 */
import { Client, Connection } from '@temporalio/client';
import type { EngineConfig } from '../infra/config.js';
import { CliFailure } from './cli-support.js';

/** A client for the configured namespace, or a one-line hint when nothing answers at the address. */
export async function connect(config: EngineConfig): Promise<Client> {
  const { connection: options, namespace } = config;
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: 5_000 });
    await connection.workflowService.getSystemInfo({});
  } catch {
    await connection?.close().catch(() => undefined);
    throw new CliFailure(
      `Cannot reach Temporal at ${options.address}. Start the engine with "npm start", ` +
        'or point TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) at your cluster.',
    );
  }
  return new Client({ connection, namespace });
}
