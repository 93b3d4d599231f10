/**
 * The command line as a DPO meets it: wall time and CPU of `breach --help`, `deadlines`, `open` and `status`
 * (bin/breach, the project's launcher), beside what the same step costs with the `temporal` CLI of the same
 * server (`workflow start`, `workflow describe`) and, for the commands that need no server, a bare `node`.
 * `breach open` has a second floor: a bare script that starts the same floor workflow with Temporal's own
 * TypeScript client, which is what any Node.js command line pays before it does anything of its own.
 * Commands run one at a time, each `rounds` times; the median is kept. CPU is the child's own, read from this
 * process's accounting of waited-for children.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenCpuMs } from './proc.js';
import { median } from './stats.js';
import { benchCaseFile } from './subjects.js';
import { FLOOR_TASK_QUEUE, NAMESPACE, PROJECT_ROOT, type BenchStack } from './stack.js';

export interface CommandTiming {
  command: string;
  rounds: number;
  wallMs: number;
  cpuMs: number;
  wallSamplesMs: number[];
}

export interface CliFigures {
  help: CommandTiming;
  deadlines: CommandTiming;
  open: CommandTiming;
  status: CommandTiming;
  nodeBare: CommandTiming;
  temporalStart: CommandTiming;
  temporalDescribe: CommandTiming;
  sdkStart: CommandTiming;
}

/** Starts one floor workflow with Temporal's TypeScript client, as a user's own script would: args are address,
 * namespace, task queue, workflow ID and the JSON input. */
const SDK_START = `const { Client, Connection } = require('@temporalio/client');
const [address, namespace, taskQueue, workflowId, input] = process.argv.slice(1);
(async () => {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  await client.workflow.start('benchFloor', { taskQueue, workflowId, args: [JSON.parse(input)] });
  await connection.close();
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`;

function run(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ wallMs: number; cpuMs: number }>((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const began = performance.now();
    // From the project's folder: where a bare script finds Temporal's client.
    const child = spawn(command, args, { env, cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - began;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
        return;
      }
      resolve({ wallMs, cpuMs: childrenCpuMs() - cpuBefore });
    });
  });
}

async function timed(
  label: string,
  rounds: number,
  command: string,
  args: (round: number) => string[],
  env: Record<string, string>,
): Promise<CommandTiming> {
  const runs = [];
  for (let round = 0; round < rounds; round++) runs.push(await run(command, args(round), env));
  const walls = runs.map((r) => r.wallMs);
  return {
    command: label,
    rounds,
    wallMs: median(walls),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    wallSamplesMs: walls,
  };
}

export async function measureCli(stack: BenchStack, rounds: number): Promise<CliFigures> {
  const breach = join(PROJECT_ROOT, 'bin', 'breach');
  const env = { ...stack.env, BREACH_ACTOR: 'Dana Example (benchmark)' };
  const awareAt = new Date(Date.now() - 3_600_000).toISOString();
  const caseFile = (round: number) => {
    const path = join(stack.dir, `cli-case-${round + 1}.json`);
    writeFileSync(path, JSON.stringify(benchCaseFile(`BENCH-CLI-${round + 1}`, Date.now() - 60_000)));
    return path;
  };
  const connection = ['--address', stack.address, '--namespace', NAMESPACE];
  const floorInput = (round: number) =>
    JSON.stringify({ dueAt: Date.now() + 86_400_000, file: `cli-${round + 1}.due` });

  return {
    nodeBare: await timed('node -e ""', rounds, process.execPath, () => ['-e', ''], env),
    help: await timed('breach --help', rounds, breach, () => ['--help'], env),
    deadlines: await timed(
      'breach deadlines --aware-at T',
      rounds,
      breach,
      () => ['deadlines', '--aware-at', awareAt],
      env,
    ),
    open: await timed('breach open FILE', rounds, breach, (round) => ['open', caseFile(round)], env),
    status: await timed('breach status ID', rounds, breach, () => ['status', 'BENCH-CLI-1'], env),
    temporalStart: await timed(
      'temporal workflow start',
      rounds,
      stack.cli,
      (round) => [
        'workflow',
        'start',
        ...connection,
        '--task-queue',
        FLOOR_TASK_QUEUE,
        '--type',
        'benchFloor',
        '--workflow-id',
        `bench-cli-${round + 1}`,
        '--input',
        floorInput(round),
      ],
      env,
    ),
    temporalDescribe: await timed(
      'temporal workflow describe',
      rounds,
      stack.cli,
      () => ['workflow', 'describe', ...connection, '--workflow-id', 'bench-cli-1'],
      env,
    ),
    sdkStart: await timed(
      'a bare start with the TypeScript client',
      rounds,
      process.execPath,
      (round) => [
        '-e',
        SDK_START,
        stack.address,
        NAMESPACE,
        FLOOR_TASK_QUEUE,
        `bench-sdk-${round + 1}`,
        floorInput(round),
      ],
      env,
    ),
  };
}
