// The deadlines section's baseline in a bundle of its own: a worker creating
// one of these evaluates only this module and the SDK, not the complaint
// workflow's, so the baseline costs what a trivial timer costs.
import { proxyActivities, sleep } from '@temporalio/workflow';

const { noopActivity } = proxyActivities<{ noopActivity(tag?: string): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/**
 * The trivial timer: one no-op activity (as a case files itself when it
 * starts), one timer to `dueAt` (epoch ms), then one no-op activity, as a
 * deadline wakes a case and it acts.
 */
export async function timerWorkflow(dueAt: number, tag: string): Promise<void> {
  await noopActivity(`${tag}:ready`);
  await sleep(Math.max(dueAt - Date.now(), 1));
  await noopActivity(tag);
}
