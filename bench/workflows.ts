// The benchmark's workflow bundle: the product's workflows plus the baselines
// they are measured against. Not part of the product's bundle.
import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
export * from '../workflows/index';
export { timerWorkflow } from './timer-workflow';

export const noopUpdate = defineUpdate<number, [number]>('noop');
export const bareUpdate = defineUpdate<number, [number]>('bare');
/** A bare Update answering `n` bytes: what the size of an answer alone costs. */
export const sizedUpdate = defineUpdate<string, [number]>('sized');

const { noopActivity } = proxyActivities<{ noopActivity(tag?: string): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/** A workflow with a bare no-op Update, and one that awaits one no-op activity: what any transition costs Temporal. */
export async function noopWorkflow(): Promise<void> {
  let done = false;
  setHandler(bareUpdate, (n) => n);
  setHandler(sizedUpdate, (n) => 'x'.repeat(n));
  setHandler(noopUpdate, async (n) => {
    await noopActivity();
    if (n < 0) done = true;
    return n;
  });
  await condition(() => done);
}

/** A workflow that only sleeps `ms` of workflow time: the floor of a time-skipped case of that length. */
export async function sleeperWorkflow(ms: number): Promise<void> {
  await sleep(ms);
}

/** The floor of opening a case: started, one no-op activity (as a case files itself), then done. */
export async function openedWorkflow(tag: string): Promise<void> {
  await noopActivity(tag);
}
