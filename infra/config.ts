/**
 * Engine settings from the environment, validated up front: a bad value stops the process with the variable's
 * name before anything starts. Connection settings (address, namespace, TLS, API key, profiles) are read by
 * Temporal's own environment configuration, so a Temporal Cloud or cluster setup works unchanged.
 *
 * Longer than the house's ~250 lines on purpose: every variable the engine reads is declared here once, with its
 * check and default, so one file answers "what can I set" and the strict did-you-mean check sees them all.
 */
import { join, resolve } from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import { projectRoot } from './project-root.js';
import { databaseTarget, type DatabaseTarget } from './register/database-target.js';
import {
  KEY_ID,
  KeySettingError,
  LOCAL_KEY_FILE_NAME,
  parseKeys,
  type KeySettings,
  type PayloadKey,
} from './payload-keys.js';
import { parsePolicyTargets, type PolicyTargets } from '../domain/policy-targets.js';
import { TIME_OF_DAY, validTimeZone } from '../domain/time.js';
import { orList, similarNames } from '../domain/did-you-mean.js';
import { describeProblems, fieldProblems, type FieldProblem } from '../domain/validation.js';
import { DEFAULT_STICKY_TIMEOUT_MS } from './sticky-timeout.js';
import { workflowHeapNeedMib } from './workflow-heap.js';

const port = z.coerce.number().int().min(1).max(65_535);

/** A duration as systemd and the README write it, in ms. */
const duration = z
  .string()
  .regex(/^[1-9]\d*(s|m|min|h)$/, 'expected a duration with its unit, such as 90s, 5min or 1h')
  .transform((value) => durationMs(value));

/** A size as the README writes it, in MiB. */
const size = z
  .string()
  .regex(/^[1-9]\d*(MiB|GiB)$/, 'expected a size with its unit, such as 640MiB or 2GiB')
  .transform((value) => Number.parseInt(value, 10) * (value.endsWith('GiB') ? 1024 : 1));

/** An address as mail headers take it, alone or with a name: `privacy@example.com`, `Privacy <privacy@example.com>`. */
const mailbox = z
  .string()
  .trim()
  .refine((value) => {
    const address = /^[^<>\r\n]*<([^<>\s]+)>$/.exec(value)?.[1] ?? value;
    // Any host a mail server accepts, local ones too (the default is breach-clock@localhost).
    return /^[^\s@<>"]+@[^\s@<>"]+$/.test(address);
  }, 'expected an e-mail address, optionally with a name: Privacy Team <privacy@example.com>');

const engineEnv = z.object({
  BREACH_CLOCK_TASK_QUEUE: z.string().min(1).default('breach-clock'),
  BREACH_CLOCK_DATA_DIR: z.string().min(1).optional(),
  BREACH_CLOCK_EMBEDDED: z.enum(['auto', 'off']).default('auto'),
  BREACH_CLOCK_UI_PORT: port.default(8233),
  // The dev server's Web UI cannot be made read-only and lets anyone who reaches it terminate or reset a case,
  // stopping a legal clock: it runs only when asked for.
  BREACH_CLOCK_UI: z.enum(['off', 'on']).default('off'),
  BREACH_CLOCK_KEY_FILE: z.string().min(1).optional(),
  BREACH_CLOCK_KEYS: z
    .string()
    .transform((text, ctx): PayloadKey[] => {
      try {
        return parseKeys(text, '');
      } catch (error) {
        // The parser's message names the entry and key ID, never the key itself.
        ctx.addIssue({ code: 'custom', message: (error as KeySettingError).message });
        return z.NEVER;
      }
    })
    .optional(),
  BREACH_CLOCK_KEY_ID: z
    .string()
    .regex(KEY_ID, 'expected a key ID of letters, digits, . _ - (as in the key file)')
    .optional(),
  BREACH_CLOCK_UNREACHABLE_GRACE: duration.default(120_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://host:port or smtps://user:password@host:port')
    .optional(),
  BREACH_CLOCK_MAIL_FROM: mailbox.default('breach-clock <breach-clock@localhost>'),
  BREACH_CLOCK_MAIL_REPLY_TO: mailbox.optional(),
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
  // How many workflows the worker keeps in memory (each case is one, with one per processor it chases);
  // others are evicted and replayed from their history when they next wake. Bounds the worker's memory.
  BREACH_CLOCK_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(2, 'at least 2 (the SDK needs room for a case and its processor chase)')
    .max(100_000)
    // Room for 1,000 cases falling due at once while 1,000 new ones open, in a heap about as large as 500
    // needed before the worker shared the domain among them (infra/workflow-heap.ts).
    .default(2000),
  // The workflow thread's heap limit (infra/workflow-heap.ts); by default what the cache needs.
  // At most what the largest cache needs, and some.
  BREACH_CLOCK_WORKFLOW_HEAP: size.refine((mib) => mib <= 128 * 1024, 'at most 128GiB').optional(),
  // How long a case that wakes waits for the worker holding it in memory before any worker may take it and
  // replay it. A busy worker is the usual reason it waits, and then the other queue is worse: there the
  // escalation waits behind every new case's first task, and is replayed. A worker that is gone is noticed
  // sooner: the server sends a case's next task to the shared queue once its worker has not polled for 10 s.
  BREACH_CLOCK_STICKY_TIMEOUT: duration
    .refine((ms) => ms <= 3_600_000, 'at most 1h')
    .default(DEFAULT_STICKY_TIMEOUT_MS),
  // The register's entries sealed with the payload keys (names, facts, decisions): on unless turned off.
  BREACH_CLOCK_REGISTER_ENCRYPTION: z.enum(['on', 'off']).default('on'),
  // The outbox's messages sealed likewise: off writes plain .eml files a mail client opens.
  BREACH_CLOCK_OUTBOX_ENCRYPTION: z.enum(['on', 'off']).default('on'),
  // The organisation's hours for the "as soon as possible" clocks, recorded by each case it opens.
  BREACH_CLOCK_POLICY_TARGETS: z
    .string()
    .transform((text, ctx): PolicyTargets => {
      const parsed = parsePolicyTargets(text);
      if (parsed.ok) return parsed.targets;
      for (const problem of parsed.problems) {
        ctx.addIssue({ code: 'custom', message: `${problem.path}: ${problem.message}` });
      }
      return z.NEVER;
    })
    .optional(),
});

// As systemd writes them: 5m and 5min are both minutes.
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000 };

function durationMs(value: string): number {
  const [, amount = '', unit = ''] = /^(\d+)(\D+)$/.exec(value) ?? [];
  return Number(amount) * (UNIT_MS[unit] ?? Number.NaN);
}

export interface EngineConfig {
  taskQueue: string;
  dataDir: string;
  embedded: 'auto' | 'off';
  uiPort: number;
  /** Whether the embedded server serves its Web UI (read and write, no login): off unless asked for. */
  ui: 'off' | 'on';
  /** Where the payload keys come from (infra/payload-keys.ts resolves them). */
  keys: KeySettings;
  /** How long the Temporal server may stay unreachable before the worker gives up and exits (69). */
  unreachableGraceMs: number;
  /** Without it, mail is written as .eml files to `<dataDir>/outbox`. */
  smtpUrl?: string;
  mailFrom: string;
  /** Where answers to the engine's mail go. */
  mailReplyTo?: string;
  /** The daily digest; installed by the worker when it has recipients. */
  digest: { to: string[]; at: string; timeZone: string };
  /** The breach register: SQLite in the data folder unless DATABASE_URL names PostgreSQL. */
  database: DatabaseTarget;
  /** Workflows the worker keeps in memory; the rest are replayed from their histories when they wake. */
  cachedWorkflows: number;
  /** The old-space limit of the worker's workflow thread, in MiB: at least what the cache needs. */
  workflowHeapMib: number;
  /** How long a woken case waits for the worker that holds it in memory before any worker may take it. */
  stickyTimeoutMs: number;
  /** Whether register entries are written encrypted with the payload keys. */
  registerEncryption: boolean;
  /** Whether the outbox's messages are written sealed with the payload keys (read them with `breach outbox`). */
  outboxEncryption: boolean;
  /** The outbox folder: `<dataDir>/outbox`. */
  outboxDir: string;
  /** The organisation's policy targets, hours by obligation: every case opened records them. */
  policyTargets: PolicyTargets;
  namespace: string;
  connection: NativeConnectionOptions & { address: string };
  /** True when TLS or an API key is configured: such a server is never one we would start ourselves. */
  secured: boolean;
  /**
   * A server on this machine (loopback, neither TLS nor API key): the embedded default. Only for such a server
   * is a payload key generated into the data folder, since every worker and CLI of it share that folder.
   */
  local: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_ADDRESS = 'localhost:7233';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  const port = Number(address.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) {
    throw new Error(`TEMPORAL_ADDRESS "${address}" is not host:port`);
  }
  return { host: address.slice(0, at), port };
}

export function isLoopback(address: string): boolean {
  return LOOPBACK_HOSTS.has(splitAddress(address).host);
}

const PREFIX = 'BREACH_CLOCK_';

/** Our variables that other modules read themselves: known, so not refused as misspellings. */
const READ_ELSEWHERE = [
  'BREACH_CLOCK_CACHE', // infra/temporal-binaries.ts: where the Temporal binaries and the workflow bundle are cached
  'BREACH_CLOCK_UI_URL', // client/case-support.ts: the Web UI base of the links the CLI prints
];

// The tests' own settings (BREACH_CLOCK_TEST_POSTGRES_URL, ...), read by test code only: never the engine's.
const TEST_ONLY_PREFIX = 'BREACH_CLOCK_TEST_';

export const KNOWN_VARIABLES = [
  ...Object.keys(engineEnv.shape).filter((name) => name.startsWith(PREFIX)),
  ...READ_ELSEWHERE,
];

/**
 * The digest's names are terse (AT, TO, TZ), and people write what they mean instead: spelling cannot tell
 * that TIME means AT rather than TZ, so these are said outright.
 */
const MEANT: Record<string, string> = {
  BREACH_CLOCK_DIGEST_TIME: 'BREACH_CLOCK_DIGEST_AT',
  BREACH_CLOCK_DIGEST_HOUR: 'BREACH_CLOCK_DIGEST_AT',
  BREACH_CLOCK_DIGEST_TIMEZONE: 'BREACH_CLOCK_DIGEST_TZ',
  BREACH_CLOCK_DIGEST_TIME_ZONE: 'BREACH_CLOCK_DIGEST_TZ',
  BREACH_CLOCK_DIGEST_RECIPIENTS: 'BREACH_CLOCK_DIGEST_TO',
  BREACH_CLOCK_DIGEST_EMAIL: 'BREACH_CLOCK_DIGEST_TO',
  BREACH_CLOCK_KEY: 'BREACH_CLOCK_KEYS',
  BREACH_CLOCK_ENCRYPTION_KEY: 'BREACH_CLOCK_KEYS',
  BREACH_CLOCK_PAYLOAD_KEY: 'BREACH_CLOCK_KEYS',
  BREACH_CLOCK_WEB_UI: 'BREACH_CLOCK_UI',
};

function meant(name: string): string[] {
  const alias = MEANT[name];
  if (alias) return [alias];
  // Compared without the prefix all share, which would otherwise make any two names look alike.
  const bare = KNOWN_VARIABLES.map((known) => known.slice(PREFIX.length));
  return similarNames(name.slice(PREFIX.length), bare).map((known) => PREFIX + known);
}

/**
 * A misspelt variable would otherwise be ignored in silence, and its setting (say, when the digest is mailed)
 * quietly replaced by the default: every BREACH_CLOCK_ variable the engine does not know is refused instead.
 */
function unknownVariables(env: NodeJS.ProcessEnv): FieldProblem[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !name.startsWith(TEST_ONLY_PREFIX))
    .filter((name) => !KNOWN_VARIABLES.includes(name))
    .sort()
    .map((name) => {
      const similar = meant(name);
      const hint = similar.length
        ? `did you mean ${orList(similar)}?`
        : `known: ${KNOWN_VARIABLES.join(', ')}`;
      return { path: name, message: `unknown variable; ${hint}` };
    });
}

/**
 * The data folder of the embedded default: `.data` in the project, wherever the command runs from, so the
 * worker and every CLI command find the same server database, register and outbox. An explicit
 * BREACH_CLOCK_DATA_DIR is taken as given (relative to the current directory).
 */
export const DEFAULT_DATA_DIR = join(projectRoot(), '.data');

/**
 * The zone of the environment given: its TZ when that names one, as the process's own zone would be were the
 * environment its own; else the process's. The same for a process run with `env`, without reading its zone.
 */
function systemTimeZone(env: NodeJS.ProcessEnv): string {
  const zone = env.TZ !== undefined && validTimeZone(env.TZ) ? env.TZ : undefined;
  return new Intl.DateTimeFormat('en-GB', zone ? { timeZone: zone } : {}).resolvedOptions().timeZone;
}

export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const parsed = engineEnv.safeParse(env);
  const problems = [...unknownVariables(env), ...(parsed.success ? [] : fieldProblems(parsed.error))];
  if (env.BREACH_CLOCK_KEYS !== undefined && env.BREACH_CLOCK_KEY_FILE !== undefined) {
    problems.push({
      path: 'BREACH_CLOCK_KEYS',
      message: 'set either BREACH_CLOCK_KEYS or BREACH_CLOCK_KEY_FILE, not both',
    });
  }
  const heapNeedMib = parsed.success ? workflowHeapNeedMib(parsed.data.BREACH_CLOCK_CACHED_WORKFLOWS) : 0;
  if (parsed.success && (parsed.data.BREACH_CLOCK_WORKFLOW_HEAP ?? heapNeedMib) < heapNeedMib) {
    // A smaller heap would run out of memory once the cache fills, and stop the worker again at every restart.
    problems.push({
      path: 'BREACH_CLOCK_WORKFLOW_HEAP',
      message: `${parsed.data.BREACH_CLOCK_WORKFLOW_HEAP}MiB cannot hold the ${parsed.data.BREACH_CLOCK_CACHED_WORKFLOWS} workflows of BREACH_CLOCK_CACHED_WORKFLOWS: at least ${heapNeedMib}MiB, or fewer cached workflows`,
    });
  }
  if (problems.length || !parsed.success) {
    throw new ConfigError(`Invalid environment: ${describeProblems(problems)}`);
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
  const secured = Boolean(connection.tls) || Boolean(connection.apiKey);
  let local: boolean;
  try {
    local = !secured && isLoopback(connection.address);
  } catch (error) {
    throw new ConfigError(`Invalid Temporal connection settings: ${(error as Error).message}`);
  }
  const dataDir = parsed.data.BREACH_CLOCK_DATA_DIR
    ? resolve(parsed.data.BREACH_CLOCK_DATA_DIR)
    : DEFAULT_DATA_DIR;
  return {
    taskQueue: parsed.data.BREACH_CLOCK_TASK_QUEUE,
    dataDir,
    embedded: parsed.data.BREACH_CLOCK_EMBEDDED,
    uiPort: parsed.data.BREACH_CLOCK_UI_PORT,
    ui: parsed.data.BREACH_CLOCK_UI,
    keys: {
      ...(parsed.data.BREACH_CLOCK_KEYS ? { inline: parsed.data.BREACH_CLOCK_KEYS } : {}),
      ...(parsed.data.BREACH_CLOCK_KEY_FILE ? { file: resolve(parsed.data.BREACH_CLOCK_KEY_FILE) } : {}),
      ...(parsed.data.BREACH_CLOCK_KEY_ID ? { keyId: parsed.data.BREACH_CLOCK_KEY_ID } : {}),
      localFile: join(dataDir, LOCAL_KEY_FILE_NAME),
    },
    unreachableGraceMs: parsed.data.BREACH_CLOCK_UNREACHABLE_GRACE,
    ...(parsed.data.SMTP_URL ? { smtpUrl: parsed.data.SMTP_URL } : {}),
    mailFrom: parsed.data.BREACH_CLOCK_MAIL_FROM,
    ...(parsed.data.BREACH_CLOCK_MAIL_REPLY_TO
      ? { mailReplyTo: parsed.data.BREACH_CLOCK_MAIL_REPLY_TO }
      : {}),
    digest: {
      to: parsed.data.BREACH_CLOCK_DIGEST_TO ?? [],
      at: parsed.data.BREACH_CLOCK_DIGEST_AT,
      timeZone: parsed.data.BREACH_CLOCK_DIGEST_TZ ?? systemTimeZone(env),
    },
    policyTargets: parsed.data.BREACH_CLOCK_POLICY_TARGETS ?? {},
    registerEncryption: parsed.data.BREACH_CLOCK_REGISTER_ENCRYPTION === 'on',
    outboxEncryption: parsed.data.BREACH_CLOCK_OUTBOX_ENCRYPTION === 'on',
    outboxDir: join(dataDir, 'outbox'),
    cachedWorkflows: parsed.data.BREACH_CLOCK_CACHED_WORKFLOWS,
    workflowHeapMib: parsed.data.BREACH_CLOCK_WORKFLOW_HEAP ?? heapNeedMib,
    stickyTimeoutMs: parsed.data.BREACH_CLOCK_STICKY_TIMEOUT,
    database: databaseTarget({ DATABASE_URL: parsed.data.DATABASE_URL }, join(dataDir, 'register.sqlite')),
    namespace: connect.namespace ?? 'default',
    connection,
    secured,
    local,
  };
}
