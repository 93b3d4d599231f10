/**
 * Settings the engine's dev server runs with beyond the dev server's own defaults: the embedded server and the
 * benchmark's. A cluster is configured alike (README, "Running against a Temporal cluster or Temporal Cloud").
 *
 * Eager activities: the server hands an activity to the worker whose workflow task scheduled it, in its answer
 * to that task, whenever that worker has a slot free, instead of queueing it behind every other activity of the
 * task queue. A case's escalation mail then no longer waits behind the opening work of a burst of new cases.
 */
export const DEV_SERVER_SETTINGS = [
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
] as const;
