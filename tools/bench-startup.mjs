// Prints how long the time-skipping test server and the dev server take to answer, as the SDK starts them.
// Run after `npm run build && npm run setup`:  npm run bench
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, resolveTestServer } from '../dist/infra/temporal-binaries.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

async function time(label, start) {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    const env = await start();
    samples.push(performance.now() - began);
    await env.teardown();
  }
  samples.sort((a, b) => a - b);
  const fmt = (ms) => `${Math.round(ms)} ms`;
  console.log(
    `${label}: min ${fmt(samples[0])}, median ${fmt(samples[Math.floor(samples.length / 2)])}, ` +
      `max ${fmt(samples.at(-1))} over ${rounds} starts (SDK window: about 5000 ms)`,
  );
}

const testServer = await resolveTestServer({ build: false });
const cli = await resolveTemporalCli({ build: false });
if (!testServer || !cli) {
  console.error('Run "npm run setup" first.');
  process.exit(1);
}
await time('time-skipping test server', () =>
  TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServer.path } },
  }),
);
await time('dev server (in memory)', () =>
  TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli.path } } }),
);
