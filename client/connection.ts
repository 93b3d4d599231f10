/**
 * The connection to Temporal, made when a command first needs it: this module brings Temporal's client, which
 * help texts and the what-if calculator never load. The client encrypts what it sends and decrypts what it
 * reads with the engine's payload keys, found as the worker finds them (it never generates one).
 */
import { connect as connectTcp } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { splitAddress, type EngineConfig } from '../infra/config.js';
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

/** Why nothing can answer at a Temporal address, as a few words for the user: only what no retry can mend. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
};

interface Probe {
  refused: Promise<string>;
  stop: () => void;
}

/** No probe at all: nothing is ever claimed refused. */
const NO_PROBE: Probe = { refused: new Promise<string>(() => undefined), stop: () => undefined };

/**
 * A plain TCP connection to the address, beside Temporal's: `refused` resolves with the reason when nothing
 * listens there or its host is unknown, and never otherwise. Temporal's client retries such an address until
 * its connect timeout, which kept a DPO who had not started the engine waiting 5 s to be told so.
 */
function probe(address: string): Probe {
  let target: { host: string; port: number };
  try {
    target = splitAddress(address);
  } catch {
    // Temporal's client says what is wrong with the address.
    return NO_PROBE;
  }
  // Every address of the host is tried, as gRPC does: a name whose first address refuses is no refusal.
  const socket = connectTcp({
    host: target.host.replace(/^\[(.*)\]$/, '$1'),
    port: target.port,
    autoSelectFamily: true,
  });
  // Never what keeps the command's process alive.
  socket.unref();
  const refused = new Promise<string>((resolve) => {
    socket.once('connect', () => socket.destroy());
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code ? UNREACHABLE[error.code] : undefined;
      if (reason) resolve(reason);
    });
  });
  return { refused, stop: () => socket.destroy() };
}

/** The variables gRPC takes an HTTP proxy from: through one, the server's address is the proxy's to reach. */
const PROXY_VARIABLES = ['grpc_proxy', 'https_proxy', 'http_proxy'];

/**
 * A client for the configured namespace, or a one-line hint when nothing answers at the address. `env` is the
 * command's environment, for the proxy gRPC would take from it.
 */
export async function connect(
  config: EngineConfig,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<Client> {
  const { connection: options, namespace } = config;
  // Connecting asks the server for its system information: an address where no Temporal answers fails here.
  const connection = Connection.lazy({ ...options, connectTimeout: 5_000 });
  const proxied = options.proxy !== undefined || PROXY_VARIABLES.some((name) => env[name]);
  const tcp = proxied ? NO_PROBE : probe(options.address);
  const failure = await Promise.race([
    connection.ensureConnected().then(
      () => undefined,
      () => '',
    ),
    tcp.refused,
  ]).finally(tcp.stop);
  if (failure !== undefined) {
    await connection.close().catch(() => undefined);
    throw new CliFailure(
      `Cannot reach Temporal at ${options.address}${failure ? ` (${failure})` : ''}. Start the engine with ` +
        '"npm start", or point TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) at your cluster.',
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
