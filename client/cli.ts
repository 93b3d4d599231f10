#!/usr/bin/env node
/**
 * `breach`, the binary: the command line of client/run-cli.ts run with this process's arguments, environment,
 * standard streams and exit code. Nothing else happens here but what belongs to the process: its umask, and its
 * end once the command is done.
 */
import { createFilesPrivately } from '../infra/private-files.js';
import { runCli } from './run-cli.js';

// Before anything is written: notices, letters and exports hold personal data, and are the user's alone.
createFilesPrivately();

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves when the user stops a long-running command (Ctrl-C, or a service manager's stop). */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

void runCli(process.argv.slice(2), {
  env: process.env,
  stdin: readStdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interrupted,
}).then(async (code) => {
  process.exitCode = code;
  // The command is done and its output written: the process ends now, not when the last timer of a library
  // does (gRPC keeps its connect deadline, 5 s, after a server that refused the connection).
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write('', done))),
  );
  process.exit();
});
