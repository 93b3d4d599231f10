import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes at INFO drown the test report; warnings and errors still show. A test process runs
// file after file (vitest.config.ts): the runtime is installed by the first of them.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch (error) {
  if (!(error instanceof Error && error.message.includes('has already been installed'))) throw error;
}
