// A worker with one activity and no workflows, in a process of its own: the SDK allows one worker per task queue
// in a process. Arguments: the server's address, the task queue, and the name its activity answers with. Prints
// "polling" once it runs, and stops on SIGTERM.
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';

const [address, taskQueue, name] = process.argv.slice(2);
Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  activities: { whichWorker: () => Promise.resolve(name) },
});
process.once('SIGTERM', () => worker.shutdown());
const running = worker.run();
console.log('polling');
await running;
await connection.close();
