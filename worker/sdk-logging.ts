import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../infra/logger.js';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Sends the SDK's own logs (worker, bundler, workflow and activity loggers) through pino. */
export function installSdkLogging(logger: Logger): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger('TRACE', (entry) => {
      // The bundler prints webpack's multi-line build report at INFO; it is noise for a DPO's terminal.
      const level = entry.message.includes('\n') ? 'debug' : PINO_LEVEL[entry.level];
      sdk[level](entry.meta ?? {}, entry.message);
    }),
  });
}
