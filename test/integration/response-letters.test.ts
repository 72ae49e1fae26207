import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues } from '../../records/letters/values';
import type { ActionCommandInput, ActionCommandName, ActionView } from '../../domain/actions/commands';
import { actionUpdates, actionViewQuery } from '../../workflows/actions/messages';
import type { actionWorkflow } from '../../workflows/actions/workflow';
import { actionCompletedSignal } from '../../workflows/complaint/messages';
import { eventually } from '../helpers/eventually';
import { IO, IP, openCase, recordingSink, runAt, sleepUntil, viewWhen, type Delivered } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

/**
 * The response letters carry their content (Luton 14.7, 17.1; Rutland 10.1)
 * and the complainant hears when each stage's action plan is done (BANES
 * 9.4): a real case on the time-skipping server, its letters rendered from
 * what the workflow delivered. 2027: no bank holiday in January after the 1st.
 */

type ActionHandle = WorkflowHandle<typeof actionWorkflow>;

/** Sends an action command, again with the same id if the Java test server lost it (as test/integration/actions.test.ts does). */
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

const REF = 'CSC-2027-LET001';
const templates = loadTemplates();
const render = (d: Delivered) =>
  renderLetter(
    templates,
    d.notice.subject,
    noticeValues(d.notice, { reference: REF, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Alex Parent' }),
    { advocacy: false },
  ).body;

describe('letters that carry their content (time-skipping)', () => {
  // Without a cache every workflow task replays the history first, as on a restarted worker: still one letter each.
  it.each([
    ['a worker that keeps the case cached', undefined],
    ['a worker that replays every task, as a restarted one does', 0],
  ])('lists each head, remedy and action with its exact due date, and writes once when a stage\'s action plan is done: %s', async (_name, maxCachedWorkflows) => {
    const { sink, delivered } = recordingSink();
    const letters = (subject: string) => delivered.filter((d) => d.notice.subject === subject);
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }), ...(maxCachedWorkflows !== undefined ? { maxCachedWorkflows } : {}) });
    await s.run(async () => {
      const h = await openCase(s, { reference: REF, receivedAt: '2027-01-04T10:00:00Z' });
      await runAt(s, h, '2027-01-04T11:00:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, h, '2027-01-04T12:00:00Z', 'acknowledge', {});
      // Findings recorded before the response count too.
      await runAt(s, h, '2027-01-05T10:00:00Z', 'record-findings', {
        stage: 'stage1',
        findings: {
          heads: [
            {
              head: '1',
              finding: 'partially-upheld',
              category: 'delay-in-decision-or-service',
              remedies: [{ type: 'apology' }, { type: 'financial-redress', amountPence: 25000 }],
              reasons: 'The review meeting was held four weeks late.',
            },
          ],
          recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 10, action: 'Check every review date in the team' }],
        },
      });
      await runAt(s, h, '2027-01-06T12:00:00Z', 'respond', {
        findings: {
          heads: [{ head: '2', finding: 'not-upheld', category: 'staff-attitude-behaviour', reasons: 'The notes show the visit was polite and on time.' }],
          recommendations: [{ id: 'R2', owner: 'hos-2', dueInWorkingDays: 5, action: 'Send you the new contact plan' }],
        },
      });
      const [response] = await eventually(async () => letters('stage1-response'), (l) => l.length === 1);
      expect(render(response!)).toContain(
        [
          'This is our response to your complaint **CSC-2027-LET001**. We have looked into each part of it.',
          '',
          '**What we found, and why**',
          '',
          '- **Part 1** (about delay in a decision or service): partially upheld. The review meeting was held four weeks late.',
          '- **Part 2** (about staff attitude or behaviour): not upheld. The notes show the visit was polite and on time.',
          '',
          '**What we will do**',
          '',
          '- Part 1: an apology.',
          '- Part 1: a payment of £250.00.',
          // Tue 5 Jan + 10 WD: 6 7 8 | 11-15 | 18 19 → Tue 19 Jan. Wed 6 Jan + 5 WD: 7 8 | 11 12 13 → Wed 13 Jan.
          '- Check every review date in the team: hos-1 will do this by **Tue 19 Jan 2027**.',
          '- Send you the new contact plan: hos-2 will do this by **Wed 13 Jan 2027**.',
          '',
          'We will write to you again when all of these actions are done.',
          '',
          // Wed 6 Jan + 20 WD → Wed 3 Feb.
          '**If you are not satisfied**, you can ask for your complaint to be investigated at Stage 2. You do not need a form or special words: write to us, email, phone or tell any member of staff. Please ask by **Wed 3 Feb 2027**.',
        ].join('\n'),
      );

      // The dates the letter promised are the actions' own.
      const r1: ActionHandle = s.env.client.workflow.getHandle(`action-${REF}-stage1-R1`);
      const r2: ActionHandle = s.env.client.workflow.getHandle(`action-${REF}-stage1-R2`);
      expect(await eventually(() => r1.query(actionViewQuery).catch(() => undefined), (v) => v !== undefined)).toMatchObject({ owner: 'hos-1', due: '2027-01-19' });
      expect(await eventually(() => r2.query(actionViewQuery).catch(() => undefined), (v) => v !== undefined)).toMatchObject({ owner: 'hos-2', due: '2027-01-13' });

      // Stage 2, adjudicated Fri 15 Jan with its own findings (Luton 17.1: a decision and reasons per head).
      await runAt(s, h, '2027-01-07T10:00:00Z', 'escalate', {});
      await runAt(s, h, '2027-01-07T11:00:00Z', 'acknowledge', {});
      await runAt(s, h, '2027-01-07T12:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      await runAt(s, h, '2027-01-08T10:00:00Z', 'agree-statement', {});
      await runAt(s, h, '2027-01-12T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      await runAt(s, h, '2027-01-15T10:00:00Z', 'adjudicate', {
        actor: 'adjudicator-1',
        findings: {
          heads: [{ head: '1', finding: 'upheld', category: 'assessment-care-management-review', reasons: 'The plan was not reviewed for six months.', remedies: [{ type: 'service-change' }] }],
          recommendations: [{ id: 'R3', owner: 'hos-3', dueInWorkingDays: 5 }],
        },
      });
      const [adjudication] = await eventually(async () => letters('stage2-adjudication'), (l) => l.length === 1);
      expect(render(adjudication!)).toContain(
        [
          '**Our decision on each part, and our reasons**',
          '',
          '- **Part 1** (about an assessment, care management or review): upheld. The plan was not reviewed for six months.',
          '',
          '**What we will do**',
          '',
          '- Part 1: a change to the service.',
          // Fri 15 Jan + 5 WD: 18 19 20 21 22 → Fri 22 Jan.
          '- Action R3: hos-3 will do this by **Fri 22 Jan 2027**.',
        ].join('\n'),
      );

      // Stage 1's plan: R2 done on Tue 12 Jan, R1 (extended two working days, to Thu 21 Jan) done on Wed 20 Jan.
      await sleepUntil(s, '2027-01-18T10:00:00Z');
      await act(r2, 'complete', { actor: 'hos-2', at: '2027-01-12T15:00:00Z', noteId: 'n-r2' });
      await act(r1, 'extend', { actor: 'manager-1', workingDays: 2, noteId: 'n-ext' });
      await sleepUntil(s, '2027-01-20T16:00:00Z');
      expect(letters('action-plan-completed')).toEqual([]);
      await act(r1, 'complete', { actor: 'hos-1', noteId: 'n-r1' });
      const [done] = await eventually(async () => letters('action-plan-completed'), (l) => l.length === 1);
      expect(render(done!)).toContain(
        [
          'When we answered your complaint **CSC-2027-LET001** at Stage 1, we told you what we would do. All of it is now done:',
          '',
          '- Check every review date in the team: done on **Wed 20 Jan 2027** (it was due by Thu 21 Jan 2027).',
          '- Send you the new contact plan: done on **Tue 12 Jan 2027** (it was due by Wed 13 Jan 2027).',
        ].join('\n'),
      );

      // A report sent again (a retried signal) sends nothing more.
      await h.signal(actionCompletedSignal, { actionId: `${REF}-stage1-R1`, source: 'stage1', recommendationId: 'R1', owner: 'hos-1', due: '2027-01-21', completedAt: '2027-01-20T16:00:00.000Z' });
      // Stage 2's one action done: its own letter.
      const r3: ActionHandle = s.env.client.workflow.getHandle(`action-${REF}-stage2-R3`);
      await act(r3, 'complete', { actor: 'hos-3', noteId: 'n-r3' });
      await eventually(async () => letters('action-plan-completed'), (l) => l.length === 2);
      expect(render(letters('action-plan-completed')[1]!)).toContain('at Stage 2, we told you what we would do. All of it is now done:\n\n- Action R3: done on **Wed 20 Jan 2027** (it was due by Fri 22 Jan 2027).');
      const v = await viewWhen(h, (x) => x.events.filter((e) => e.action === 'action-plan-completed').length === 2);
      expect(v.events.filter((e) => e.action === 'action-plan-completed').map((e) => e.detail)).toEqual([
        { stage: 'stage1', actions: 2 },
        { stage: 'stage2', actions: 1 },
      ]);
      await sleepUntil(s, '2027-01-21T10:00:00Z');
      expect(letters('action-plan-completed')).toHaveLength(2);
      const ids = delivered.map((d) => d.notice.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
});
