import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { registerSearchAttributes } from './connection';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID, type RetentionScheduleOptions } from './schedules';

/** How long a closed workflow's history stays on the server (the case file itself is in the records store): as the cluster's own namespace. */
export const NAMESPACE_RETENTION_DAYS = 30;

// gRPC status codes the operator calls answer with.
const ALREADY_EXISTS = 6;
const NOT_FOUND = 5;

/** Registers `namespace` unless it exists. */
export async function ensureNamespace(connection: Connection, namespace: string, retentionDays = NAMESPACE_RETENTION_DAYS): Promise<'created' | 'unchanged'> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return 'unchanged';
  } catch (error) {
    if ((error as { code?: number }).code !== NOT_FOUND) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) });
    return 'created';
  } catch (error) {
    // Another run registered it between the two calls.
    if ((error as { code?: number }).code === ALREADY_EXISTS) return 'unchanged';
    throw error;
  }
}

/**
 * The search attributes (the same registration as the default namespace's)
 * of a namespace just made: a server's frontends learn of a new namespace
 * from their cache, so it may not be found for a few seconds.
 */
export async function ensureSearchAttributes(client: Client, namespace: string, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await registerSearchAttributes(client, namespace);
    } catch (error) {
      if ((error as { code?: number }).code !== NOT_FOUND || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * The retention Schedule in the client's namespace: created, or updated when
 * its task queue or policy differ; left alone when they are the same, so a
 * second run changes nothing.
 */
export async function ensureRetentionScheduleOnce(client: Client, options: RetentionScheduleOptions): Promise<'created' | 'updated' | 'unchanged'> {
  const scheduleId = options.scheduleId ?? RETENTION_SCHEDULE_ID;
  try {
    const described = await client.schedule.getHandle(scheduleId).describe();
    const action = described.action;
    const args = action.type === 'startWorkflow' ? (action.args as Array<{ policyId?: string }> | undefined) : undefined;
    if (action.type === 'startWorkflow' && action.taskQueue === options.taskQueue && args?.[0]?.policyId === options.policyId) return 'unchanged';
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  return ensureRetentionSchedule(client, options);
}
