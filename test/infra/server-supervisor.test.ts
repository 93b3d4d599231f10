/**
 * The embedded server's first start: a server that ends by itself while starting (the dev server's panic when
 * another program took one of the ports it had picked) is started again, and the reason it ended is said; a
 * server that keeps ending, or never answers, fails the start with that reason. The "server" here is a small
 * Node program, so that each way of failing happens on cue.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ServerExitedError, superviseServer } from '../../worker/server-supervisor.js';
import { freePort } from '../helpers/engine-process.js';

const PANIC = 'panic: listen tcp 127.0.0.1:45123: bind: address already in use';

/**
 * A program that ends with exit code 2 and the panic line for its first `failures` runs, then listens on the
 * port (or, with `listen: false`, only waits). Each run appends a line to `runs`.
 */
function fakeServer(dir: string, port: number, failures: number, listen = true): string[] {
  const runs = join(dir, 'runs');
  const program = `
    const fs = require('node:fs');
    fs.appendFileSync(${JSON.stringify(runs)}, 'run\\n');
    const count = fs.readFileSync(${JSON.stringify(runs)}, 'utf8').trim().split('\\n').length;
    if (count <= ${failures}) {
      process.stderr.write('starting\\n');
      process.stderr.write(${JSON.stringify(PANIC)} + '\\n');
      process.exit(2);
    }
    ${listen ? `require('node:net').createServer().listen(${port}, '127.0.0.1');` : 'setInterval(() => {}, 1000);'}
  `;
  return ['-e', program];
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function site(failures: number, listen = true) {
  const dir = await mkdtemp(join(tmpdir(), 'supervisor-'));
  const port = await freePort();
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const options = {
    spec: {
      command: process.execPath,
      args: fakeServer(dir, port, failures, listen),
      pidFile: join(dir, 'temporal-server.pid'),
      record: { port, db: join(dir, 'temporal.sqlite') },
    },
    address: `127.0.0.1:${port}`,
    logger,
    answers: () => listening(port),
    readyTimeoutMs: 3_000,
  };
  const runs = async () => (await readFile(join(dir, 'runs'), 'utf8')).trim().split('\n').length;
  return { options, lines, runs, port };
}

describe("the embedded server's start", () => {
  it('starts a server again that ended while starting, and says why it ended', async () => {
    const { options, lines, runs, port } = await site(1);
    const server = await superviseServer(options);
    try {
      expect(await listening(port)).toBe(true);
      expect(server.pid()).toBeTypeOf('number');
      expect(await runs()).toBe(2);
      expect(lines.filter((l) => l.level === 40)).toEqual([
        expect.objectContaining({
          msg: 'the embedded Temporal server ended while starting; starting it again',
          exit: 'exit code 2',
          attempt: 1,
          output: ['starting', PANIC],
        }),
      ]);
    } finally {
      await server.stop();
    }
    expect(await listening(port)).toBe(false);
  });

  it('gives up after three starts that ended, naming the exit and the last line the server wrote', async () => {
    const { options, lines, runs } = await site(10);
    const start = superviseServer(options);
    await expect(start).rejects.toThrow(ServerExitedError);
    await expect(start).rejects.toThrow(
      `the embedded Temporal server did not start at ${options.address} (exit code 2): ${PANIC}`,
    );
    expect(await runs()).toBe(3);
    expect(lines.filter((l) => l.level === 40).map((l) => l.attempt)).toEqual([1, 2]);
  });

  it('does not start again a server that runs but never answers', async () => {
    const { options, runs } = await site(0, false);
    await expect(superviseServer(options)).rejects.toThrow(
      `the embedded Temporal server did not answer at ${options.address} within 3 s`,
    );
    expect(await runs()).toBe(1);
  });
});
