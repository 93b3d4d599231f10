import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../infra/logger.js';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

const SDK_LEVEL: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
};

/**
 * What the Rust core should emit at all, from the pino level: filtering in the core spares the work of
 * forwarding lines pino would drop. Its dependencies (gRPC, HTTP) stay at WARN unless debugging.
 */
function coreFilter(pinoLevel: string): { core: LogLevel; other: LogLevel } {
  const core = SDK_LEVEL[pinoLevel] ?? 'ERROR';
  return { core, other: core === 'INFO' ? 'WARN' : core };
}

/**
 * Sends all of the SDK's logs through pino: the TypeScript side (worker, bundler, workflow and activity
 * loggers) and the Rust core's, which would otherwise be printed straight to the console in a format of its
 * own (its "poll retried" warnings while the server is down, for one), past LOG_LEVEL and past log shippers.
 */
export function installSdkLogging(logger: Logger): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger('TRACE', (entry) => {
      // The bundler prints webpack's multi-line build report at INFO; it is noise for a DPO's terminal.
      const level = entry.message.includes('\n') ? 'debug' : PINO_LEVEL[entry.level];
      sdk[level](entry.meta ?? {}, entry.message);
    }),
    telemetryOptions: { logging: { filter: coreFilter(logger.level), forward: {} } },
  });
}
