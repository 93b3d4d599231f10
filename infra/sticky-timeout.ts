/**
 * How long a workflow task waits for the worker that holds its workflow in memory (the sticky queue) before
 * any worker may take it: BREACH_CLOCK_STICKY_TIMEOUT when not set (infra/config.ts says why it is longer than
 * the SDK's 10 s). The benchmark's floor worker waits as long, so that its ratios compare code, not settings.
 * Apart from the configuration so that the floor's worker does not load it.
 */
export const DEFAULT_STICKY_TIMEOUT_MS = 120_000;
