// The benchmark's workflow bundle: the product's workflows plus the baselines
// they are measured against. Not part of the product's bundle.
import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import {
  ComplaintProcedure,
  ComplaintStage,
  ComplaintStatus,
  ComplaintTeam,
  NextDeadlineDate,
  NextDeadlineDue,
  NextDeadlineKey,
  OnHold,
  Overdue,
  OverdueKey,
  OverdueSince,
} from '../workflows/complaint/search-attributes';
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

/** What the complaint's main loop does after each Update, one part at a time (bench/transitions.ts, the profile). */
export interface UpdateShape {
  /** The 11 search attributes and the memo upserted, one value changed each time (as hold/release flips OnHold); 'attributes': the search attributes only. */
  upsert?: boolean | 'attributes';
  /** No-op local activities run after the Update, before its workflow task completes (and so before its answer). */
  local?: number;
  /** No-op regular activities scheduled after the Update, one after another. */
  regular?: number;
  /** The wait for the next Update bounded by a timer (as the complaint waits for its next clock): one cancelled and one started per Update. */
  timer?: boolean;
}

const { noopActivity: noopLocalActivity } = proxyLocalActivities<{ noopActivity(tag?: string): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/**
 * A bare no-op Update (`bareUpdate`) followed, in the main loop as the
 * complaint's, by what `shape` says: the profile of what a transition adds
 * to Temporal's own Update. Ends on an Update with a negative number.
 */
export async function shapedUpdateWorkflow(shape: UpdateShape): Promise<void> {
  let changes = 0;
  let done = false;
  setHandler(bareUpdate, (n) => {
    changes++;
    if (n < 0) done = true;
    return n;
  });
  while (!done) {
    const seen = changes;
    if (shape.timer) await condition(() => changes !== seen, '30 days');
    else await condition(() => changes !== seen);
    if (shape.upsert) {
      const onHold = changes % 2 === 1;
      upsertSearchAttributes([
        { key: ComplaintStage, value: 'stage1' },
        { key: ComplaintStatus, value: onHold ? 'on-hold' : 'open' },
        { key: ComplaintProcedure, value: 'statutory' },
        { key: ComplaintTeam, value: null },
        { key: NextDeadlineKey, value: 'stage1.response' },
        { key: NextDeadlineDue, value: new Date(Date.UTC(2026, 11, 18)) },
        { key: NextDeadlineDate, value: '2026-12-18' },
        { key: OnHold, value: onHold },
        { key: Overdue, value: false },
        { key: OverdueKey, value: null },
        { key: OverdueSince, value: null },
      ]);
      if (shape.upsert !== 'attributes') upsertMemo({ reference: 'CSC-BENCH', stage: 'stage1' });
    }
    for (let i = 0; i < (shape.local ?? 0); i++) await noopLocalActivity('local');
    for (let i = 0; i < (shape.regular ?? 0); i++) await noopActivity('regular');
  }
}
