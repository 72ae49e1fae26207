import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { ActionRecords } from '../../records/actions';
import { openPglite } from '../../records/db';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, templateFor } from '../../records/letters/values';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { type ActionCommandInput, type ActionCommandName, type ActionView } from '../../domain/actions/commands';
import { actionUpdates, actionViewQuery } from '../../workflows/actions/messages';
import type { actionWorkflow } from '../../workflows/actions/workflow';
import { eventually } from '../helpers/eventually';
import { IO, IP, openCase, recordingSink, runAt, sleepUntil } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';
import { EVERY_CASE } from '../records/fixtures';

type ActionHandle = WorkflowHandle<typeof actionWorkflow>;

/** Sends an action command, again with the same id if the Java test server lost it (as test/helpers/cases.ts does). */
async function act<C extends ActionCommandName>(handle: ActionHandle, name: C, input: ActionCommandInput<C>): Promise<ActionView> {
  const update = actionUpdates[name] as unknown as UpdateDefinition<ActionView, [ActionCommandInput<C>]>;
  const updateId = `${name}-${randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.client.connection.withDeadline(Date.now() + 10_000, () => handle.executeUpdate(update, { args: [input], updateId }));
    } catch (error) {
      if (attempt >= 5 || !/deadline|timed out|timeout/i.test(String((error as Error).message))) throw error;
    }
  }
}

/**
 * How a workflow ended, without `result()`: waiting on a result lets the
 * test server skip time to the next timer (here, years ahead).
 */
async function closedAs(handle: { describe(): Promise<{ status: { name: string } }> }): Promise<string> {
  return (await handle.describe()).status.name;
}

const REF = 'CSC-2027-ACT001';
const R1 = `${REF}-stage2-R1`;
const R2 = `${REF}-stage2-R2`;

describe('recommendation action plans (time-skipping)', () => {
  it('turns a Stage 2 adjudication into two actions with exact dates, reminds, escalates twice, and outlives the case', async () => {
    const db = await openPglite('memory://');
    await migrate(db);
    const records = new Records(db);
    const actions = new ActionRecords(db);
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-03-15T10:05:00Z', { activities: createActivities({ records, notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: REF, receivedAt: '2027-03-15T10:00:00Z', team: 'Children in Care' });
      await runAt(s, h, '2027-03-15T11:00:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, h, '2027-03-16T10:00:00Z', 'acknowledge', {});
      await runAt(s, h, '2027-03-16T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      await runAt(s, h, '2027-03-17T10:00:00Z', 'agree-statement', {});
      await runAt(s, h, '2027-03-18T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      // Adjudicated Fri 19 Mar 2027, before Easter (Good Friday 26 Mar, Easter Monday 29 Mar; BST from Sun 28 Mar).
      await runAt(s, h, '2027-03-19T14:00:00Z', 'adjudicate', {
        actor: 'adjudicator-1',
        findings: {
          heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service' }],
          recommendations: [
            { id: 'R1', owner: 'hos-1', dueInWorkingDays: 5 },
            { id: 'R2', owner: 'hos-2', dueInWorkingDays: 20 },
          ],
        },
      });

      const r1: ActionHandle = s.env.client.workflow.getHandle(`action-${R1}`);
      const r2: ActionHandle = s.env.client.workflow.getHandle(`action-${R2}`);
      const first = await eventually(() => r1.query(actionViewQuery).catch(() => undefined), (v) => v !== undefined);
      // 5 WD: 22 23 24 25, Good Friday and Easter Monday skipped, 30 → Tue 30 Mar. Reminder 2 open working days before: Wed 24 Mar, 09:00 GMT.
      expect(first).toMatchObject({
        actionId: R1,
        reference: REF,
        source: 'stage2',
        owner: 'hos-1',
        due: '2027-03-30',
        status: 'open',
        overdue: false,
        reminderAt: '2027-03-24T09:00:00.000Z',
        explanation: 'Stage 2 adjudication recorded Fri 19 Mar 2027; 5 working days, skipping 26 Mar (Good Friday), 29 Mar (Easter Monday) → Tue 30 Mar 2027',
      });
      const second = await eventually(() => r2.query(actionViewQuery).catch(() => undefined), (v) => v !== undefined);
      // 20 WD: Mar 22-25 (4), Mar 30-Apr 2 (8), Apr 5-9 (13), 12-16 (18), 19 (19), 20 (20) → Tue 20 Apr; reminder Fri 16 Apr, 09:00 BST.
      expect(second).toMatchObject({ owner: 'hos-2', due: '2027-04-20', reminderAt: '2027-04-16T08:00:00.000Z' });

      // R2 is extended by 2 WD (→ Thu 22 Apr, reminder Tue 20 Apr) and handed to hos-3, before the case closes.
      await sleepUntil(s, '2027-03-22T09:00:00Z');
      const extended = await act(r2, 'extend', { actor: 'manager-1', workingDays: 2, noteId: 'n-extend' });
      expect(extended).toMatchObject({ due: '2027-04-22', reminderAt: '2027-04-20T08:00:00.000Z' });
      expect(extended.explanation).toBe(
        'Stage 2 adjudication recorded Fri 19 Mar 2027; 20 working days, skipping 26 Mar (Good Friday), 29 Mar (Easter Monday) → Tue 20 Apr 2027; extended on Mon 22 Mar 2027 by 2 working days → Thu 22 Apr 2027',
      );
      expect((await act(r2, 'reassign', { actor: 'manager-1', owner: 'hos-3', noteId: 'n-reassign' })).owner).toBe('hos-3');
      await expect(act(r2, 'reassign', { actor: 'manager-1', owner: 'hos-3', noteId: 'n-again' })).rejects.toThrow();

      // The case closes; its workflow stays a year for late requests, and the actions must not depend on it (checked below).
      const closed = await runAt(s, h, '2027-03-22T10:00:00Z', 'close', { actor: 'manager-1', outcome: 'resolved' });
      expect(closed.status).toBe('closed');

      const reminders = () => delivered.filter((d) => d.notice.subject === 'action-reminder');
      const overdue = () => delivered.filter((d) => d.notice.subject === 'action-overdue');

      await sleepUntil(s, '2027-03-24T08:59:00Z');
      expect(reminders()).toEqual([]);
      await sleepUntil(s, '2027-03-24T09:01:00Z');
      await eventually(async () => reminders().length, (n) => n === 1);
      expect(reminders()[0]!.notice.detail).toMatchObject({ to: 'hos-1', actionId: R1, due: '2027-03-30' });
      expect(reminders()[0]!.scheduledAt).toBeGreaterThanOrEqual(Date.parse('2027-03-24T09:00:00Z'));

      // Overdue from the end of Tue 30 Mar in London (BST): 23:00 UTC, to the complaints manager.
      await sleepUntil(s, '2027-03-30T22:59:00Z');
      expect(overdue()).toEqual([]);
      await sleepUntil(s, '2027-03-30T23:01:00Z');
      await eventually(async () => overdue().length, (n) => n === 1);
      expect(overdue()[0]!.notice).toMatchObject({ kind: 'breach-alert', detail: { to: 'complaints-manager', actionId: R1, due: '2027-03-30' } });
      const escalated = await r1.query(actionViewQuery);
      expect(escalated).toMatchObject({ overdue: true, escalations: [{ to: 'complaints-manager', due: '2027-03-30', at: expect.stringMatching(/^2027-03-30T23:00:/) }] });
      const overdueList = await eventually(
        () => actions.list({ overdue: true, today: '2027-03-31' }, EVERY_CASE),
        (l) => l.actions.length === 1 && l.actions[0]!.escalations.length === 1,
      );
      expect(overdueList.actions[0]).toMatchObject({ id: R1, owner: 'hos-1', due: '2027-03-30', overdue: true, tracked: true, status: 'open' });

      // Still open 10 working days after the due date (31 Mar … Tue 13 Apr, Easter done): the director, at the end of 13 Apr.
      await sleepUntil(s, '2027-04-13T22:59:00Z');
      expect(overdue()).toHaveLength(1);
      await sleepUntil(s, '2027-04-13T23:01:00Z');
      await eventually(async () => overdue().length, (n) => n === 2);
      expect(overdue()[1]!.notice.detail).toMatchObject({ to: 'director', actionId: R1, openAfter: '2027-04-13' });
      expect((await r1.query(actionViewQuery)).escalations[1]).toEqual({ to: 'director', due: '2027-03-30', at: expect.stringMatching(/^2027-04-13T23:00:/) });

      // R2's reminder goes to its new owner on the extended schedule; R2 is done on time and never escalates.
      await sleepUntil(s, '2027-04-20T08:01:00Z');
      await eventually(async () => reminders().length, (n) => n === 2);
      expect(reminders()[1]!.notice.detail).toMatchObject({ to: 'hos-3', actionId: R2, due: '2027-04-22' });
      expect(reminders()[1]!.scheduledAt).toBeGreaterThanOrEqual(Date.parse('2027-04-20T08:00:00Z'));
      await sleepUntil(s, '2027-04-21T10:00:00Z');
      const done = await act(r2, 'complete', { actor: 'hos-3', at: '2027-04-21T10:00:00Z', noteId: 'n-evidence' });
      expect(done).toMatchObject({ status: 'done', completedAt: '2027-04-21T10:00:00.000Z', completedBy: 'hos-3', evidenceNoteId: 'n-evidence' });
      await eventually(() => closedAs(r2), (status) => status === 'COMPLETED');
      await sleepUntil(s, '2027-05-10T00:00:00Z');
      expect(overdue().map((d) => d.notice.detail.actionId)).toEqual([R1, R1]);

      // The records store: the case's later syncs left R2's extension and new owner alone.
      const byOwner = await actions.list({ owner: 'hos-3', today: '2027-05-10' }, EVERY_CASE);
      expect(byOwner.actions).toEqual([
        expect.objectContaining({ id: R2, due: '2027-04-22', status: 'done', completedAt: '2027-04-21T10:00:00.000Z', completedBy: 'hos-3', overdue: false }),
      ]);
      const detail = (await actions.detail(R2, '2027-05-10', { withText: true }))!;
      expect(detail.events.map((e) => e.action)).toEqual(['started', 'extended', 'reassigned', 'reminded', 'completed']);
      expect(detail.explanation).toBe(extended.explanation);

      // A year and a day after closing, the case's workflow ends; R1 is still open and can be completed. (The Java test
      // server does not apply parent close policies: test/api/actions.test.ts proves the abandonment on a real server.)
      await sleepUntil(s, '2028-03-24T12:00:00Z');
      await eventually(() => closedAs(h), (status) => status === 'COMPLETED');
      expect((await r1.describe()).status.name).toBe('RUNNING');
      const late = await act(r1, 'complete', { actor: 'hos-1', at: '2028-03-24T12:00:00Z', noteId: 'n-late' });
      expect(late).toMatchObject({ status: 'done', overdue: false, completedAt: '2028-03-24T12:00:00.000Z' });
      expect(late.events.at(-1)).toMatchObject({ action: 'completed', detail: { onTime: 'no', due: '2027-03-30' } });
      await eventually(() => closedAs(r1), (status) => status === 'COMPLETED');
      expect(overdue()).toHaveLength(2);
      await eventually(() => actions.list({ overdue: true, today: '2028-03-24' }, EVERY_CASE), (l) => l.actions.length === 0);

      // Every action notice renders from its template.
      const templates = loadTemplates();
      for (const d of delivered.filter((x) => x.notice.subject.startsWith('action-'))) {
        const letter = renderLetter(
          templates,
          templateFor(d.notice),
          noticeValues(d.notice, { reference: REF, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'x', recipientName: 'x' }),
          { advocacy: false },
        );
        expect(letter.body).toContain(d.notice.subject === 'action-reminder' ? 'is due by the end of' : 'is still open after');
      }
      // Notice ids of the two actions never collide with each other's or the case's.
      const ids = delivered.map((d) => d.notice.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
    await db.close();
  });
});
