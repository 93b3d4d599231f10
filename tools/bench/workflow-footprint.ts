/**
 * `node --expose-gc dist/tools/bench/workflow-footprint.js`: what one workflow costs the worker that holds it,
 * without a server. The worker's reused V8 context gives every workflow its own instance of each module the
 * workflow bundle loads, so a cached workflow's heap, and the CPU of waking one that was evicted, follow from
 * what the bundle evaluates per workflow. Prints:
 *
 * - the bundle: its code (without the inline source map) and the packages that make it up;
 * - per workflow type, the heap a started workflow keeps and the CPU of creating it and running its first
 *   activation, over N workflows held at once (the floor's bare workflow for comparison);
 * - the CPU of replaying a recorded case life (test/workflows/fixtures/histories), as a worker does when it
 *   wakes a case that is not in its cache.
 *
 *   npm run build && node --expose-gc dist/tools/bench/workflow-footprint.js --count 200 --replays 20
 *
 * `--workflows FILE` measures another build's workflows (an earlier commit's dist/workflows/index.js, to compare),
 * `--sdk-bundling` bundles them as the SDK does by default, without infra/workflow-bundler.ts, and `--types`
 * picks from breachCase, vendorChase and bare.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultPayloadConverter } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm.js';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker.js';
import { caseWorkflowId } from '../../contract/workflow-ids.js';
import { processorMailContext } from '../../domain/mail/processor-mail.js';
import { HOUR_MS } from '../../domain/time.js';
import { encryptingDataConverter, failureConverterPath } from '../../infra/payload-codec.js';
import { keyRing } from '../../infra/payload-keys.js';
import { quietLogger } from '../../infra/workflow-bundle-cache.js';
import { sharedWorkflowModules, workflowWebpackConfig } from '../../infra/workflow-bundler.js';
import { benchCaseFile } from './subjects.js';
import { PROJECT_ROOT } from './stack.js';

const { History } = proto.temporal.api.history.v1;

function options() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '200' },
      replays: { type: 'string', default: '20' },
      history: { type: 'string', default: 'BR-REPLAY-5' },
      workflows: { type: 'string' },
      types: { type: 'string', default: 'breachCase,vendorChase,bare' },
      'sdk-bundling': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  if (Number(values.replays) === 1) throw new Error('--replays: 0 (none) or at least 2');
  return {
    count: Number(values.count),
    replays: Number(values.replays),
    history: values.history,
    workflows: values.workflows ?? fileURLToPath(new URL('../../workflows/index.js', import.meta.url)),
    types: new Set(values.types.split(',')),
    sdkBundling: values['sdk-bundling'],
    json: values.json,
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function bundle(
  workflowsPath: string,
  sdkBundling = false,
): Promise<{ bundle: WorkflowBundle; ms: number }> {
  const started = performance.now();
  const built = await bundleWorkflowCode({
    workflowsPath,
    failureConverterPath: failureConverterPath(),
    ...(sdkBundling
      ? {}
      : { webpackConfigHook: workflowWebpackConfig, preloadModules: sharedWorkflowModules(workflowsPath) }),
    logger: quietLogger,
  });
  return { bundle: built, ms: performance.now() - started };
}

/** The bundle's modules by package (or by project folder), largest first, in bytes of code. */
function composition(code: string): { bytes: number; parts: [string, number][] } {
  const mapAt = code.indexOf('//# sourceMappingURL=');
  const body = mapAt > 0 ? code.slice(0, mapAt) : code;
  // Each module's start, and within a module that joins several (webpack's concatenation) each part's.
  const starts = [...body.matchAll(/\n(?:\/\*\*\*\/ "([^"]+)"|;\/\/ (\S+))\n/g)];
  const parts = new Map<string, number>();
  starts.forEach((match, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.index : body.length;
    const name = (match[1] ?? match[2])!;
    const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(name)?.[1];
    const part = packageName ?? name.replace(/^(\.\/)?(dist\/)?([^/]+(\/[^/]+)?)\/.*$/, '$3');
    parts.set(part, (parts.get(part) ?? 0) + end - match.index);
  });
  return { bytes: body.length, parts: [...parts].sort((a, b) => b[1] - a[1]) };
}

interface Footprint {
  heapBytes: number;
  cpuMs: number;
}

/**
 * Creates `count` workflows of one type in one reused context, as the worker does, runs each one's first
 * activation (its start, with `input`), and keeps them all: the heap they hold and the CPU each took.
 */
async function footprint(
  workflowBundle: WorkflowBundle,
  workflowType: string,
  input: (i: number) => unknown,
  count: number,
): Promise<Footprint> {
  const creator = await ReusableVMWorkflowCreator.create(
    parseWorkflowCode(workflowBundle.code),
    60_000,
    new Set(['sendMail', 'collectDigest', 'claimCaseId', 'recordRegisterEntry']),
  );
  const create = async (i: number) => {
    const workflowId = `${workflowType}-${i}`;
    const runId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const now = Date.now();
    const workflow = await creator.createWorkflow({
      info: {
        workflowId,
        runId,
        workflowType,
        searchAttributes: {},
        typedSearchAttributes: undefined as never,
        taskQueue: 'footprint',
        namespace: 'default',
        firstExecutionRunId: runId,
        originalExecutionRunId: runId,
        startTime: new Date(now),
        runStartTime: new Date(now),
        taskTimeoutMs: 10_000,
        attempt: 1,
        historyLength: 1,
        historySize: 0,
        continueAsNewSuggested: false,
        targetWorkerDeploymentVersionChanged: false,
        suggestedContinueAsNewReasons: undefined,
        currentBuildId: '',
        unsafe: { now: () => Date.now(), isReplaying: false, isReplayingHistoryEvents: false },
        priority: {},
      } as never,
      randomnessSeed: [...createHash('sha256').update(runId).digest()],
      now,
      showStackTraceSources: false,
    });
    const completion = await workflow.activate({
      runId,
      timestamp: msToTs(now),
      isReplaying: false,
      historyLength: 1,
      jobs: [
        {
          initializeWorkflow: {
            workflowId,
            workflowType,
            arguments: [defaultPayloadConverter.toPayload(input(i))],
            randomnessSeed: undefined as never,
            firstExecutionRunId: runId,
            attempt: 1,
            startTime: msToTs(now),
          },
        },
      ],
    });
    if (completion.failed) throw new Error(`${workflowType} failed: ${JSON.stringify(completion.failed)}`);
    return workflow;
  };
  // The first one pays for compiling the bundle's functions: not counted.
  const kept = [await create(-1)];
  const heapBefore = settledHeap();
  const cpuBefore = cpuNow();
  for (let i = 0; i < count; i++) kept.push(await create(i));
  const cpuMs = (cpuNow() - cpuBefore) / count;
  const heapBytes = (settledHeap() - heapBefore) / count;
  for (const workflow of kept) await workflow.dispose();
  await creator.destroy();
  return { heapBytes, cpuMs };
}

/** CPU of replaying one recorded history, from a worker's creation to its end, per replay. */
async function replayCpu(workflowBundle: WorkflowBundle, name: string, replays: number): Promise<number> {
  const file = join(PROJECT_ROOT, 'test', 'workflows', 'fixtures', 'histories', `${name}.binpb`);
  const history = History.decode(readFileSync(file));
  // The tests' fixed payload key (test/helpers/payload-keys.ts), which the recorded histories are encrypted with.
  const ring = keyRing(
    [{ id: 'test-key-1', key: createHash('sha256').update('breach-clock test payload key').digest() }],
    'the recorded histories',
  );
  const dataConverter = encryptingDataConverter(ring);
  const once = async (n: number) => {
    const started = cpuNow();
    const all = Array.from({ length: n }, () => ({ workflowId: `breach-case/${name}`, history }));
    for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter }, all)) {
      if (result.error) throw result.error;
    }
    return cpuNow() - started;
  };
  await once(1);
  // One replay worker replays them all: its creation, paid once, is not the cost of a wake.
  const one = await once(1);
  const many = await once(replays);
  return (many - one) / (replays - 1);
}

const { count, replays, history, workflows, types, sdkBundling, json } = options();
// The replay workers' state changes, at INFO, would drown the figures.
Runtime.install({ logger: new DefaultLogger('WARN') });
const engine = await bundle(workflows, sdkBundling);
const { bytes, parts } = composition(engine.bundle.code);

const awareAt = Date.now() - HOUR_MS;
const caseFile = benchCaseFile('FOOTPRINT-0', awareAt);
const processor = caseFile.processors[0]!;
const requestedAt = new Date(awareAt).toISOString();
/** Each workflow type with its input: a case of the benchmark's case file, its processor's chase, the floor. */
const subjects: Record<string, { bundle: () => Promise<WorkflowBundle>; input: (i: number) => unknown }> = {
  breachCase: {
    bundle: () => Promise.resolve(engine.bundle),
    input: (i) => ({
      caseId: `FOOTPRINT-${i}`,
      caseFile: { ...caseFile, caseId: `FOOTPRINT-${i}` },
      openedAt: new Date().toISOString(),
    }),
  },
  vendorChase: {
    bundle: () => Promise.resolve(engine.bundle),
    input: (i) => ({
      caseWorkflowId: caseWorkflowId(`FOOTPRINT-${i}`),
      ladder: caseFile.reminderPlan.processorLadder,
      authorityDueAt: new Date(awareAt + 72 * HOUR_MS).toISOString(),
      mail: processorMailContext(caseFile, { caseId: `FOOTPRINT-${i}` }, processor, requestedAt),
    }),
  },
  bare: {
    bundle: async () => (await bundle(fileURLToPath(new URL('./floor-workflow.js', import.meta.url)))).bundle,
    input: (i) => ({ dueAt: Date.now() + 24 * HOUR_MS, file: `${i}.due` }),
  },
};
const workflowTypes: Record<string, string> = { bare: 'benchFloor' };

const perWorkflow: Record<string, Footprint> = {};
for (const [name, subject] of Object.entries(subjects)) {
  if (!types.has(name)) continue;
  perWorkflow[name] = await footprint(
    await subject.bundle(),
    workflowTypes[name] ?? name,
    subject.input,
    count,
  );
}
const replayMs = replays > 0 ? await replayCpu(engine.bundle, history, replays) : undefined;

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`bundle: ${kib(bytes)} of code (bundled in ${Math.round(engine.ms)} ms)`);
for (const [part, size] of parts.slice(0, 10)) console.log(`  ${kib(size).padStart(9)}  ${part}`);
console.log(
  `per workflow, ${count} held at once (heap kept; CPU to create one and run its first activation):`,
);
for (const [type, figure] of Object.entries(perWorkflow)) {
  console.log(`  ${type.padEnd(12)} ${kib(figure.heapBytes).padStart(9)}  ${figure.cpuMs.toFixed(2)} ms`);
}
if (replayMs !== undefined) console.log(`replay of ${history}: ${replayMs.toFixed(1)} ms CPU each`);
if (json) {
  const results = {
    bundle: { codeBytes: bytes, bundleMs: Math.round(engine.ms), parts: Object.fromEntries(parts) },
    workflows: perWorkflow,
    ...(replayMs === undefined ? {} : { replay: { history, cpuMs: replayMs } }),
    count,
  };
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
}
