/**
 * Every command-driven workflow remembers the Update ids it applied across
 * continue-as-new (workflows/kit/commands.ts): a client that retries an
 * Update with the same id after the run that applied it has continued as new
 * gets an answer, and nothing is applied twice. A low history limit forces
 * the continue-as-new. On the time-skipping test server, which can lose an
 * Update sent while an activity runs: each one waits for a quiet moment and
 * is resent with its own id if lost.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { actionWorkflowId } from '../../domain/actions/commands';
import { conductWorkflowId } from '../../domain/conduct/state';
import { actionUpdates, actionViewQuery } from '../../workflows/actions/messages';
import { actionWorkflow } from '../../workflows/actions/workflow';
import { caseViewQuery, commandUpdates } from '../../workflows/complaint/messages';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { conductUpdates, conductViewQuery } from '../../workflows/conduct/messages';
import { conductWorkflow } from '../../workflows/conduct/workflow';
import { eventually } from '../helpers/eventually';
import { scenario } from '../helpers/time-skipping';

const HISTORY_LIMIT = 40;

async function quiet(handle: WorkflowHandle): Promise<void> {
  for (let i = 0, calm = 0; i < 400 && calm < 3; i++) {
    const { raw } = await handle.describe();
    calm = (raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask ? calm + 1 : 0;
    if (calm < 3) await new Promise((r) => setTimeout(r, 25));
  }
}

/** One Update with the given id, resent with that id if the test server lost it. */
async function send<V>(handle: WorkflowHandle, update: unknown, input: unknown, updateId: string): Promise<V> {
  await quiet(handle);
  const definition = update as UpdateDefinition<V, [unknown]>;
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.client.connection.withDeadline(Date.now() + 10_000, () => handle.executeUpdate(definition, { args: [input], updateId }));
    } catch (error) {
      if (attempt >= 5 || !/deadline|timed out|timeout/i.test(String((error as Error).message))) throw error;
    }
  }
}

let n = 0;
const fresh = () => `u-${++n}`;

async function continuedAsNew(handle: WorkflowHandle, firstRun: string): Promise<void> {
  await eventually(async () => (await handle.describe()).runId, (run) => run !== firstRun, 30_000);
}

describe('a retried Update after continue-as-new applies nothing', () => {
  it('complaint: a hold retried after the case continued as new', async () => {
    const s = await scenario('2027-01-04T09:00:00Z');
    await s.run(async () => {
      const reference = 'CSC-2027-RTY001';
      const handle = await s.env.client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue: s.taskQueue,
        args: [{ reference, receivedAt: '2027-01-04T08:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'officer-1', historyLimit: HISTORY_LIMIT }],
      });
      const firstRun = (await handle.describe()).runId;
      await send(handle, commandUpdates.triage, { actor: 'officer-1', decision: 'stage1' }, fresh());
      const first = await send(handle, commandUpdates.hold, { actor: 'officer-1', reason: 'safeguarding' }, 'hold-once');
      for (let i = 0; i < 6; i++) {
        await send(handle, commandUpdates['release-hold'], { actor: 'officer-1' }, fresh());
        await send(handle, commandUpdates.hold, { actor: 'officer-1', reason: 'court-proceedings' }, fresh());
      }
      await send(handle, commandUpdates['release-hold'], { actor: 'officer-1' }, fresh());
      await continuedAsNew(handle, firstRun);

      const retried = await send<Awaited<ReturnType<typeof complaintWorkflow>>>(handle, commandUpdates.hold, { actor: 'officer-1', reason: 'safeguarding' }, 'hold-once');
      expect(first).toMatchObject({ onHold: true });
      expect(retried.onHold).toBe(false);
      expect(retried.events.filter((e) => e.action === 'held')).toHaveLength(7);
      expect((await handle.query(caseViewQuery)).events).toEqual(retried.events);
    });
  });

  it('conduct: a warning retried after the person’s workflow continued as new', async () => {
    const s = await scenario('2027-01-04T09:00:00Z');
    await s.run(async () => {
      const personId = 4242;
      const handle = await s.env.client.workflow.start(conductWorkflow, {
        workflowId: conductWorkflowId(personId),
        taskQueue: s.taskQueue,
        args: [{ personId, reference: 'CSC-2027-RTY002', calendar: defaultCalendarData('england-and-wales'), historyLimit: HISTORY_LIMIT }],
      });
      const firstRun = (await handle.describe()).runId;
      const first = await send<Awaited<ReturnType<typeof conductWorkflow>>>(handle, conductUpdates.warn, { actor: 'director-1', reason: 'Forty calls a day' }, 'warn-once');
      expect(first.level).toBe('warned');
      await send(handle, conductUpdates.lift, { actor: 'director-1', reason: 'Calls stopped' }, fresh());
      for (let i = 0; i < 4; i++) {
        await send(handle, conductUpdates.warn, { actor: 'director-1', reason: 'Calls again' }, fresh());
        await send(handle, conductUpdates.lift, { actor: 'director-1', reason: 'Calls stopped' }, fresh());
      }
      await continuedAsNew(handle, firstRun);

      // Without the memory, the lifted person would be warned a sixth time.
      const retried = await send<Awaited<ReturnType<typeof conductWorkflow>>>(handle, conductUpdates.warn, { actor: 'director-1', reason: 'Forty calls a day' }, 'warn-once');
      expect(retried.level).toBe('none');
      expect(retried.past).toHaveLength(5);
      expect((await handle.query(conductViewQuery)).events).toEqual(retried.events);
    });
  });

  it('actions: a reassignment retried after the action continued as new', async () => {
    const s = await scenario('2027-03-22T10:00:00Z');
    await s.run(async () => {
      const actionId = 'CSC-2027-RTY003-stage2-R1';
      const handle = await s.env.client.workflow.start(actionWorkflow, {
        workflowId: actionWorkflowId(actionId),
        taskQueue: s.taskQueue,
        args: [
          {
            actionId,
            reference: 'CSC-2027-RTY003',
            source: 'stage2',
            recommendationId: 'R1',
            owner: 'hos-1',
            dueInWorkingDays: 20,
            from: '2027-03-19',
            calendar: defaultCalendarData('england-and-wales'),
            noticeBlock: 1,
            actor: 'adjudicator-1',
            historyLimit: HISTORY_LIMIT,
          },
        ],
      });
      const firstRun = (await handle.describe()).runId;
      const first = await send<Awaited<ReturnType<typeof actionWorkflow>>>(handle, actionUpdates.reassign, { actor: 'manager-1', noteId: 'note-1', owner: 'hos-2' }, 'reassign-once');
      expect(first.owner).toBe('hos-2');
      for (let i = 0; i < 6; i++) {
        await send(handle, actionUpdates.reassign, { actor: 'manager-1', noteId: 'note-1', owner: i % 2 === 0 ? 'hos-1' : 'hos-2' }, fresh());
      }
      await send(handle, actionUpdates.reassign, { actor: 'manager-1', noteId: 'note-1', owner: 'hos-1' }, fresh());
      await continuedAsNew(handle, firstRun);

      // Without the memory, the action would move back to hos-2.
      const retried = await send<Awaited<ReturnType<typeof actionWorkflow>>>(handle, actionUpdates.reassign, { actor: 'manager-1', noteId: 'note-1', owner: 'hos-2' }, 'reassign-once');
      expect(retried.owner).toBe('hos-1');
      expect(retried.events.filter((e) => e.action === 'reassigned')).toHaveLength(8);
      expect((await handle.query(actionViewQuery)).events).toEqual(retried.events);
    });
  });
});
