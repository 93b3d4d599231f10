/**
 * The floor's worker process: `node floor-worker.js <address> <task queue> <folder>`. Worker options are the
 * SDK's defaults but for the one the engine sets, how long a task waits for the worker holding its workflow
 * (infra/sticky-timeout.ts); its one activity writes one file into the folder, as the engine's
 * outbox writes one .eml file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DEFAULT_STICKY_TIMEOUT_MS } from '../../infra/sticky-timeout.js';
import type { FloorActivities } from './floor-workflow.js';

const [address, taskQueue, folder] = process.argv.slice(2);
if (!address || !taskQueue || !folder) {
  console.error('usage: floor-worker <address> <task queue> <folder>');
  process.exit(2);
}

const activities: FloorActivities = {
  async writeOne(file) {
    try {
      await writeFile(join(folder, file), `${file}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  },
};

const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace: 'default',
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./floor-workflow.js', import.meta.url)),
  activities,
  stickyQueueScheduleToStartTimeout: DEFAULT_STICKY_TIMEOUT_MS,
});
console.log('floor worker running');
await worker.run();
await connection.close();
