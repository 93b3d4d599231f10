/**
 * How long the two servers take to answer as the SDK starts them (the tests' servers): the time-skipping test
 * server, which the SDK gives about five seconds, and the dev server in memory. No floor: these are the floor.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTestServer } from '../../infra/temporal-binaries.js';
import { requireCli } from './stack.js';
import { spread, type Spread } from './stats.js';

export interface StartupFigures {
  timeSkippingMs: Spread & { min: number };
  devServerMs: Spread & { min: number };
}

async function time(rounds: number, start: () => Promise<TestWorkflowEnvironment>) {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    const env = await start();
    samples.push(performance.now() - began);
    await env.teardown();
  }
  return { ...spread(samples), min: Math.min(...samples) };
}

export async function measureStartup(rounds: number): Promise<StartupFigures> {
  const testServer = await resolveTestServer({ build: false });
  if (!testServer) throw new Error('No time-skipping test server: run "npm run setup" first.');
  const cli = await requireCli();
  return {
    timeSkippingMs: await time(rounds, () =>
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: testServer.path } },
      }),
    ),
    devServerMs: await time(rounds, () =>
      TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli } } }),
    ),
  };
}
