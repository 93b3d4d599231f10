/**
 * The lifeline between the worker and its embedded Temporal server: a small process that the worker starts,
 * that starts the server, and that stops it as soon as the worker is gone, however the worker went (a clean
 * stop, an uncaught error, or kill -9, which no handler in the worker itself could ever see).
 *
 * The worker holds the other end of this process's IPC channel; the kernel closes it when the worker dies, and
 * Node reports that as "disconnect". A pid file in the data folder names the server while it runs, so a server
 * left behind when this lifeline itself is killed is found and stopped by the next start.
 *
 * Started as `node server-lifeline.js <spec as JSON>`; exits with the server's own exit status.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { writeServerPidFile, removeServerPidFile, type LifelineSpec } from './server-pid-file.js';

const STOP_GRACE_MS = 10_000;

const spec = JSON.parse(process.argv[2] ?? '{}') as LifelineSpec;

// The worker may be gone while the server still writes: a closed pipe must not take the lifeline with it.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

// Node's IPC variables are this process's alone; the server is no Node program to hand a channel to.
const { NODE_CHANNEL_FD: _fd, NODE_CHANNEL_SERIALIZATION_MODE: _mode, ...env } = process.env;
const server = spawn(spec.command, spec.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.on('data', (chunk: Buffer) => process.stdout.writable && process.stdout.write(chunk));
server.stderr.on('data', (chunk: Buffer) => process.stderr.writable && process.stderr.write(chunk));

let stopping = false;
function stopServer(): void {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  setTimeout(() => server.kill('SIGKILL'), STOP_GRACE_MS).unref();
}

server.once('spawn', () => {
  const pid = server.pid;
  if (pid === undefined) return;
  writeServerPidFile(spec.pidFile, {
    ...spec.record,
    pid,
    lifelinePid: process.pid,
    workerPid: process.ppid,
    startedAt: new Date().toISOString(),
  });
  process.send?.({ kind: 'started', pid });
});

server.once('error', (error) => {
  process.stderr.write(`could not start the Temporal server ${spec.command}: ${error.message}\n`);
  process.exitCode = 127;
  if (process.connected) process.disconnect();
});

server.once('exit', (code, signal) => {
  if (server.pid !== undefined) removeServerPidFile(spec.pidFile, server.pid);
  process.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
  if (!process.connected) return;
  // The worker learns how the server ended (a signal is lost in an exit status); then nothing is left to
  // watch, and letting go of the channel lets this process end.
  process.send?.({ kind: 'exited', code, signal }, () => process.disconnect());
});

// The worker is gone, or asked us to stop: either way the server goes too.
process.once('disconnect', stopServer);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, stopServer);
