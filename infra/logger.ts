import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Pretty, human lines on a terminal; one JSON object per line everywhere else, for log shippers. Case facts
 * never reach the logs: callers log case IDs and states only.
 */
export function createLogger(options: { name?: string; level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  return pino({
    name: options.name ?? 'breach-clock',
    level,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } }
      : {}),
  });
}
