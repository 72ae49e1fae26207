import type { WorkflowHandle } from '@temporalio/client';
import { restingQuery } from '../workflows/complaint/messages';

/**
 * Waits until a case rests at `now()` (its clock's time): its loop waits
 * with no activity in flight, for a wake still ahead. The Java time-skipping
 * test server can lose an Update that arrives while an activity runs (the dev
 * server does not), so a test or benchmark sends a step only then; a wake
 * already due (a 09:00 reminder at 09:00) has a workflow task to run first.
 */
export async function untilResting(handle: WorkflowHandle, now: () => Promise<number>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ until }, at] = await Promise.all([handle.query(restingQuery), now()]);
    if (until === null || (until !== undefined && until > at)) return;
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} did not come to rest within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
