/**
 * The floor: the least a durable deadline can cost on Temporal. A bare workflow that sleeps to its instant and
 * then runs one activity that writes one file; no codec, no state, no queries. Bundled by the floor worker.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

export interface FloorInput {
  /** The instant to wake at, in ms since the epoch. */
  dueAt: number;
  /** The file the activity writes, in the floor worker's folder. */
  file: string;
}

export interface FloorActivities {
  writeOne(file: string): Promise<void>;
}

const { writeOne } = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

export async function benchFloor(input: FloorInput): Promise<void> {
  const wait = input.dueAt - Date.now();
  if (wait > 0) await sleep(wait);
  await writeOne(input.file);
}
