/**
 * Real Temporal servers for tests, from the binaries `npm run setup` built into the cache. A missing binary is
 * a setup problem, reported as such rather than left to the SDK's download (which fails offline). Free of
 * vitest, so that scripts run outside it (`npm run chaos`) can start them too; suite-server.ts gives a
 * `describe` a server of its own.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CASE_SEARCH_ATTRIBUTES } from '../../contract/search-attributes.js';
import { DEV_SERVER_SETTINGS } from '../../infra/dev-server-settings.js';
import { createLogger } from '../../infra/logger.js';
import { ensureSearchAttributes } from '../../worker/search-attributes.js';
import { resolveTemporalCli, resolveTestServer } from '../../infra/temporal-binaries.js';
import { testDataConverter } from './payload-keys.js';

const silentLogger = createLogger({ level: 'silent', pretty: false });

async function requirePath(kind: 'cli' | 'test-server'): Promise<string> {
  const found =
    kind === 'cli' ? await resolveTemporalCli({ build: false }) : await resolveTestServer({ build: false });
  if (!found) {
    throw new Error(`No Temporal ${kind} binary: run "npm run setup" (npm test does it first).`);
  }
  return found.path;
}

/** The time-skipping test server: timers of days complete in moments. One per test file. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const path = await requirePath('test-server');
  const create = () =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path } },
      client: { dataConverter: testDataConverter },
    });
  // The SDK gives the JVM five seconds to answer; on two cores busy with other test files starting and killing
  // servers it can miss that once. A second try is a slow start, not a hidden failure: it must then answer.
  const env = await create().catch((error: unknown) => {
    if (!String((error as Error).message).includes('did not start within')) throw error;
    return create();
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default', silentLogger);
  return env;
}

/**
 * A real dev server (updates, visibility, schedules), with the case search attributes registered. Its client,
 * like the time-skipping server's, encrypts payloads with the test key, as the engine's clients do.
 */
export async function startDevServer(
  options: { dbFilename?: string } = {},
): Promise<TestWorkflowEnvironment> {
  const path = await requirePath('cli');
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      ip: '127.0.0.1',
      searchAttributes: [...CASE_SEARCH_ATTRIBUTES],
      // As the embedded server runs: eager activities.
      extraArgs: [...DEV_SERVER_SETTINGS],
      ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
    },
    client: { dataConverter: testDataConverter },
  });
}
