/**
 * What the commands that address one case share when they run: its ID argument, its workflow, asking it, sending
 * it a DPO action, and plain words (with the way on) when the case is closed or this server has no history of
 * it. Commands import it when they run, never for their help: it brings Temporal's client.
 */
import { certificateName, localAccount, recordedActor } from './identity.js';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { actionSchema, type ActionName } from '../domain/actions/index.js';
import { rejectionProblems } from '../contract/action-rejection.js';
import { caseIdSchema } from '../domain/case-file-schema.js';
import { caseWorkflowId } from '../contract/workflow-ids.js';
import type { CaseState } from '../domain/case-state.js';
import { actionUpdates, stateQuery } from '../contract/messages.js';
import type { RegisterEntry } from '../domain/register-entry.js';
import type { CaseStatus } from '../domain/status.js';
import { fieldProblems, type FieldProblem } from '../domain/validation.js';
import { CliFailure, emit, UsageError, type CommandContext } from './cli-support.js';
import { formatInstant, formatStatus } from './format.js';
import { askWithWorker } from './worker-presence.js';

// A case that does not answer within this is reported as such rather than waited on: without a worker, a
// query waits for one until the call's deadline.
const QUERY_DEADLINE_MS = 15_000;

export function caseIdArg(ctx: CommandContext): string {
  const caseId = ctx.positionals[0] ?? '';
  const parsed = caseIdSchema.safeParse(caseId);
  if (!parsed.success) throw new UsageError(`<case-id>: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return caseId;
}

/** The case's workflow in the Web UI. */
/**
 * The case's page in a Web UI, when there is one: the embedded server serves none unless BREACH_CLOCK_UI=on,
 * and BREACH_CLOCK_UI_URL names a cluster's.
 */
export async function uiLink(ctx: CommandContext, workflowId: string): Promise<string | undefined> {
  const { ui, uiPort, namespace } = await ctx.config();
  const base = ctx.env.BREACH_CLOCK_UI_URL ?? (ui === 'on' ? `http://localhost:${uiPort}` : undefined);
  if (!base) return undefined;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** Where to read more about a workflow: its Web UI page, or the Temporal CLI's command. */
export async function whereToLook(ctx: CommandContext, workflowId: string): Promise<string> {
  return (await uiLink(ctx, workflowId)) ?? `temporal workflow describe --workflow-id '${workflowId}'`;
}

export async function caseHandle(ctx: CommandContext, caseId: string): Promise<WorkflowHandle> {
  const client = await ctx.client();
  return client.workflow.getHandle(caseWorkflowId(caseId));
}

// The codec's messages (infra/payload-codec.ts), from this process or relayed from the worker's.
const KEY_TROUBLE = /cannot decrypt a payload|a payload is encrypted with key|encrypted payload/;

/** Why a case gave no answer, in words that point at the cause: no such case, a key mismatch, or no worker. */
function unanswered(caseId: string, error: unknown): CliFailure {
  if (error instanceof WorkflowNotFoundError) return new CliFailure(`No case ${caseId} on this server.`);
  const message = (error as Error).message;
  if (KEY_TROUBLE.test(message)) {
    return new CliFailure(
      `Case ${caseId} cannot be read with this payload key: ${message}. The CLI needs the engine's key ` +
        '(BREACH_CLOCK_KEY_FILE or BREACH_CLOCK_KEYS; README, "Security").',
    );
  }
  return new CliFailure(`Case ${caseId} did not answer (${message}). Is the worker running?`);
}

/** Asks a case a question at the current instant, with plain words for a missing case or worker. */
/** Asks a case; a query that takes the asker's clock gets it unless other arguments are given. */
export async function queryCase<T, A extends unknown[] = [string?]>(
  ctx: CommandContext,
  caseId: string,
  query: QueryDefinition<T, A>,
  ...args: A | []
): Promise<T> {
  const handle = await caseHandle(ctx, caseId);
  const client = await ctx.client();
  try {
    return await askWithWorker(client, handle, () =>
      handle.query(query, ...((args.length ? args : [new Date().toISOString()]) as A)),
    );
  } catch (error) {
    throw unanswered(caseId, error);
  }
}

/** The whole state of a case, open or closed (a closed one is answered by the worker replaying it). */
export async function readCaseState(
  ctx: CommandContext,
  caseId: string,
  handle?: WorkflowHandle,
): Promise<CaseState> {
  const client = await ctx.client();
  const target = handle ?? client.workflow.getHandle(caseWorkflowId(caseId));
  try {
    return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      askWithWorker(client, target, () => target.query(stateQuery)),
    );
  } catch (error) {
    throw unanswered(caseId, error);
  }
}

/** The refusal for anything but `reopen` on a closed case, with the command that continues it. */
export function closedCase(ctx: CommandContext, caseId: string, closedAt: string | undefined): CliFailure {
  const when = closedAt ? ` (at ${formatInstant(closedAt, ctx.tz)})` : '';
  return new CliFailure(
    `Case ${caseId} is closed${when}. To continue it: breach reopen ${caseId} --reason "..."`,
  );
}

/**
 * Why a case's workflow would not take an update: it is closed (the workflow completed), it ended otherwise,
 * or this server has no history of it. Asks the server only, never the worker.
 */
export async function notRunning(ctx: CommandContext, caseId: string, cause: Error): Promise<CliFailure> {
  const handle = await caseHandle(ctx, caseId);
  let status: string;
  let closeTime: Date | undefined;
  try {
    const description = await handle.describe();
    status = description.status.name;
    closeTime = description.closeTime;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return new CliFailure(`No case ${caseId} on this server.`);
    throw error;
  }
  if (status === 'COMPLETED') {
    // The case's own closing time is in its result, the register entry; the workflow ends a moment later.
    const entry = await (handle.result() as Promise<RegisterEntry>).catch(() => undefined);
    return closedCase(ctx, caseId, entry?.closed?.at ?? closeTime?.toISOString());
  }
  if (status === 'RUNNING') return new CliFailure(`Case ${caseId} did not take it: ${cause.message}`);
  return new CliFailure(
    `Case ${caseId} is not running: its workflow ended ${status.toLowerCase().replaceAll('_', ' ')}` +
      `${closeTime ? ` at ${formatInstant(closeTime.toISOString(), ctx.tz)}` : ''}; see ${await whereToLook(ctx, caseWorkflowId(caseId))}`,
  );
}

function describeFieldProblems(problems: FieldProblem[], flagFor: (path: string) => string): string {
  return problems.map((p) => `${flagFor(p.path)}: ${p.message}`).join('\n');
}

/**
 * Sends a DPO action to its case: checked here with the same schema first (exit 2, nothing sent), then by the
 * case against its state (exit 1 with each refused field). Prints the case's status after it.
 */
export async function runAction(
  ctx: CommandContext,
  name: ActionName,
  input: Record<string, unknown>,
  flagFor: (path: string) => string,
): Promise<void> {
  const caseId = caseIdArg(ctx);
  const actor = recordedActor(ctx.actor, localAccount(), certificateName(await ctx.config()));
  const payload = Object.fromEntries(Object.entries({ ...input, actor }).filter(([, v]) => v !== undefined));
  const schema = actionSchema(name);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new UsageError(describeFieldProblems(fieldProblems(parsed.error, schema), flagFor));
  }
  const handle = await caseHandle(ctx, caseId);
  const update = actionUpdates[name] as UpdateDefinition<CaseStatus, [unknown]>;
  let status: CaseStatus;
  try {
    status = await handle.executeUpdate(update, { args: [payload] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const problems = rejectionProblems(error.cause) ?? [];
      // Between the close and the end of its workflow a case still answers, and refuses as closed.
      if (problems.some((p) => p.path === '(case)')) {
        const closedAt = await closedAtOf(ctx, caseId, handle);
        if (closedAt) throw closedCase(ctx, caseId, closedAt);
      }
      const text = problems.length
        ? describeFieldProblems(problems, flagFor)
        : (error.cause?.message ?? error.message);
      throw new CliFailure(`Refused, nothing changed:\n${text}`);
    }
    if (error instanceof WorkflowNotFoundError || /not found|completed/i.test((error as Error).message)) {
      throw await notRunning(ctx, caseId, error as Error);
    }
    throw error;
  }
  emit(ctx, status, `Recorded. ${formatStatus(status, ctx.tz)}`);
}

/** When the case was closed, if it is; undefined when it is open or cannot say. */
async function closedAtOf(
  ctx: CommandContext,
  caseId: string,
  handle: WorkflowHandle,
): Promise<string | undefined> {
  try {
    return (await readCaseState(ctx, caseId, handle)).closed?.at;
  } catch {
    return undefined;
  }
}
