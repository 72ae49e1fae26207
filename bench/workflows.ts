// The benchmark's workflow bundle: the product's workflows plus the baselines
// they are measured against. Not part of the product's bundle.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
export { complaintWorkflow } from '../workflows/complaint/workflow';

export const noopUpdate = defineUpdate<number, [number]>('noop');
export const bareUpdate = defineUpdate<number, [number]>('bare');

const { noopActivity } = proxyActivities<{ noopActivity(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/** A workflow with a bare no-op Update, and one that awaits one no-op activity: what any transition costs Temporal. */
export async function noopWorkflow(): Promise<void> {
  let done = false;
  setHandler(bareUpdate, (n) => n);
  setHandler(noopUpdate, async (n) => {
    await noopActivity();
    if (n < 0) done = true;
    return n;
  });
  await condition(() => done);
}
