/**
 * `npm run setup`: makes sure both Temporal servers are available, building them from the package registries
 * into the cache on first use. Reruns take well under a second.
 */
import {
  BinarySetupError,
  resolveTemporalCli,
  resolveTestServer,
  type ResolvedBinary,
} from '../infra/temporal-binaries.js';
import type { ExerciseTestServer } from '../infra/test-server-archive.js';

const progress = (message: string) => process.stderr.write(`[setup] ${message}\n`);

// Loaded only when an archive is recorded: the SDK's worker takes half a second to load, and reruns of the
// setup need none of it.
const exerciseTestServer: ExerciseTestServer = async (executable, whileRunning) => {
  const workload = await import('./test-server-workload/exercise.js');
  await workload.exerciseTestServer(executable, whileRunning);
};

function describe(name: string, binary: ResolvedBinary | undefined, toolchain: string): void {
  if (binary) {
    progress(`${name}: ${binary.path} (${binary.source})`);
  } else {
    progress(
      `${name}: not found and ${toolchain} is missing; the Temporal SDK will try to download it, ` +
        'which needs internet access.',
    );
  }
}

try {
  describe('Temporal CLI', await resolveTemporalCli({ build: true, progress }), 'Go');
  describe(
    'Temporal test server',
    await resolveTestServer({ build: true, progress, exerciseTestServer }),
    'Java/Maven',
  );
} catch (error) {
  progress(error instanceof BinarySetupError ? error.message : String(error));
  process.exitCode = 1;
}
