import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes at INFO drown the test report; warnings and errors still show. A test process runs
// file after file (vitest.config.ts): the runtime is installed by the first of them. A file whose test timed
// out can leave work behind that makes the SDK's default runtime after the first one's is gone; the next files
// then run on that one rather than fail before their first test.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch (error) {
  const existing = /has already been (installed|instantiated)/;
  if (!(error instanceof Error && existing.test(error.message))) throw error;
}
