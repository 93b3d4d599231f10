/**
 * Engine settings from the environment, validated up front: a bad value stops the process with the variable's
 * name before anything starts. Connection settings (address, namespace, TLS, API key, profiles) are read by
 * Temporal's own environment configuration, so a Temporal Cloud or cluster setup works unchanged.
 */
import { join, resolve } from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import { databaseTarget, type DatabaseTarget } from '../activities/register/database.js';
import { TIME_OF_DAY, validTimeZone } from '../common/time.js';
import { describeProblems, fieldProblems } from '../common/validation.js';

const port = z.coerce.number().int().min(1).max(65_535);

const engineEnv = z.object({
  BREACH_CLOCK_TASK_QUEUE: z.string().min(1).default('breach-clock'),
  BREACH_CLOCK_DATA_DIR: z.string().min(1).default('.data'),
  BREACH_CLOCK_EMBEDDED: z.enum(['auto', 'off']).default('auto'),
  BREACH_CLOCK_UI_PORT: port.default(8233),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://host:port or smtps://user:password@host:port')
    .optional(),
  BREACH_CLOCK_MAIL_FROM: z.string().min(3).default('breach-clock <breach-clock@localhost>'),
  BREACH_CLOCK_DIGEST_TO: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.email({ message: 'expected comma-separated e-mail addresses' })))
    .optional(),
  BREACH_CLOCK_DIGEST_AT: z
    .string()
    .regex(TIME_OF_DAY, 'expected a local time HH:MM, e.g. 08:00')
    .default('08:00'),
  BREACH_CLOCK_DIGEST_TZ: z
    .string()
    .refine(validTimeZone, 'expected an IANA time zone, e.g. Europe/Berlin')
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:).+/, 'expected postgres://user:password@host/db or sqlite:<path>')
    .optional(),
});

export interface EngineConfig {
  taskQueue: string;
  dataDir: string;
  embedded: 'auto' | 'off';
  uiPort: number;
  /** Without it, mail is written as .eml files to `<dataDir>/outbox`. */
  smtpUrl?: string;
  mailFrom: string;
  /** The daily digest; installed by the worker when it has recipients. */
  digest: { to: string[]; at: string; timeZone: string };
  /** The breach register: SQLite in the data folder unless DATABASE_URL names PostgreSQL. */
  database: DatabaseTarget;
  namespace: string;
  connection: NativeConnectionOptions & { address: string };
  /** True when TLS or an API key is configured: such a server is never one we would start ourselves. */
  secured: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_ADDRESS = 'localhost:7233';

export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const parsed = engineEnv.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid environment: ${describeProblems(fieldProblems(parsed.error))}`);
  }
  let connect;
  try {
    connect = loadClientConnectConfig({ overrideEnvVars: env as Record<string, string> });
  } catch (error) {
    throw new ConfigError(`Invalid Temporal connection settings: ${(error as Error).message}`);
  }
  const connection = {
    ...connect.connectionOptions,
    address: connect.connectionOptions.address ?? DEFAULT_ADDRESS,
  };
  return {
    taskQueue: parsed.data.BREACH_CLOCK_TASK_QUEUE,
    dataDir: resolve(parsed.data.BREACH_CLOCK_DATA_DIR),
    embedded: parsed.data.BREACH_CLOCK_EMBEDDED,
    uiPort: parsed.data.BREACH_CLOCK_UI_PORT,
    ...(parsed.data.SMTP_URL ? { smtpUrl: parsed.data.SMTP_URL } : {}),
    mailFrom: parsed.data.BREACH_CLOCK_MAIL_FROM,
    digest: {
      to: parsed.data.BREACH_CLOCK_DIGEST_TO ?? [],
      at: parsed.data.BREACH_CLOCK_DIGEST_AT,
      timeZone: parsed.data.BREACH_CLOCK_DIGEST_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    database: databaseTarget(
      { DATABASE_URL: parsed.data.DATABASE_URL },
      join(resolve(parsed.data.BREACH_CLOCK_DATA_DIR), 'register.sqlite'),
    ),
    namespace: connect.namespace ?? 'default',
    connection,
    secured: Boolean(connection.tls) || Boolean(connection.apiKey),
  };
}
