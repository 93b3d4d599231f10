/**
 * `npm run generate`: writes domain/actions/registry.generated.ts and client/commands/registry.generated.ts from
 * the action and command files (tools/registries.ts). With --check it writes nothing and exits 1 when either is
 * stale; either way it exits 1, naming the file, when an action or command file lacks what the tables need.
 */
import { fileURLToPath } from 'node:url';
import { failure, generateRegistries } from './registries.js';

const check = process.argv.includes('--check');
const outcome = await generateRegistries(fileURLToPath(new URL('../', import.meta.url)), { check });
const failed = failure(outcome, check);
if (failed) {
  console.error(failed);
  process.exitCode = 1;
} else if (!check) {
  console.log(
    outcome.changed.length ? `wrote ${outcome.changed.join(', ')}` : 'the registries are up to date',
  );
}
