/**
 * Where the register lives, read from DATABASE_URL. Apart from database.ts so that reading the configuration
 * (every CLI command does) loads no database driver: pg and Kysely cost a CLI start a few hundred milliseconds.
 */
export interface DatabaseTarget {
  kind: 'sqlite' | 'postgres';
  /** File path for SQLite, connection URL for PostgreSQL (never logged: it may hold a password). */
  location: string;
}

export function databaseTarget(env: NodeJS.ProcessEnv, defaultSqliteFile: string): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (!url) return { kind: 'sqlite', location: defaultSqliteFile };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', location: url };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', location: url.slice('sqlite:'.length) };
  throw new Error('DATABASE_URL: expected postgres://... or sqlite:<path>');
}
