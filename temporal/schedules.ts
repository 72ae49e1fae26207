import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import type { retentionWorkflow } from '../workflows/retention/workflow';

export const RETENTION_SCHEDULE_ID = 'records-retention';

export interface RetentionScheduleOptions {
  taskQueue: string;
  /** The policy whose retentionYears sets the cut-off (DEFAULT_POLICY). */
  policyId: string;
  /** Tests may use their own id; production uses RETENTION_SCHEDULE_ID. */
  scheduleId?: string;
}

/** Daily at 02:30 London time, out of office hours; the server follows the clock changes. */
const RETENTION_SPEC: ScheduleSpec = { calendars: [{ hour: 2, minute: 30 }], timezone: 'Europe/London' };

/**
 * Creates the daily retention Schedule, or brings an existing one up to date
 * (spec, action, policies), so every start-up may call it. A run still going
 * at the next 02:30 makes that one skip; after an outage, a run missed in the
 * last day is taken (catch-up window), older ones are not: the next day's
 * run disposes of the same cases anyway.
 */
export async function ensureRetentionSchedule(client: Client, options: RetentionScheduleOptions): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? RETENTION_SCHEDULE_ID;
  const action: ScheduleOptionsStartWorkflowAction<typeof retentionWorkflow> = {
    type: 'startWorkflow',
    workflowType: 'retentionWorkflow',
    workflowId: scheduleId,
    taskQueue: options.taskQueue,
    args: [{ policyId: options.policyId }],
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' } as const;
  try {
    await client.schedule.create({ scheduleId, spec: RETENTION_SPEC, action, policies });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec: RETENTION_SPEC, action, policies }));
  return 'updated';
}
