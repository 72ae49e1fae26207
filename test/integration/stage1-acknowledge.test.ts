import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { caseViewQuery } from '../../workflows/complaint/messages';
import { run } from '../helpers/cases';
import { ComplaintStage, Overdue } from '../../workflows/complaint/search-attributes';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { eventually } from '../helpers/eventually';
import { refusal } from '../helpers/refusal';
import { scenario } from '../helpers/time-skipping';

const DAY = 24 * 60 * 60 * 1000;

function startCase(s: Awaited<ReturnType<typeof scenario>>, reference: string, receivedAt: string) {
  return s.env.client.workflow.start(complaintWorkflow, {
    workflowId: reference,
    taskQueue: s.taskQueue,
    args: [
      {
        reference,
        receivedAt,
        policy: ENGLAND_STATUTORY_POLICY,
        calendar: defaultCalendarData('england-and-wales'),
        actor: 'officer-1',
      },
    ],
  });
}

describe('stage1.acknowledge clock (time-skipping)', () => {
  it('falls due at the end of Wed 23 Dec 2026 for a Friday 18 Dec receipt, and is marked missed then', async () => {
    const s = await scenario('2026-12-18T10:00:00Z');
    await s.run(async () => {
      const handle = await startCase(s, 'CSC-2026-ACK001', '2026-12-18T09:30:00Z');
      const first = await handle.query(caseViewQuery);
      expect(first.receivedOn).toBe('2026-12-18');
      expect(first.deadlines).toEqual([
        expect.objectContaining({ key: 'stage1.acknowledge', due: '2026-12-23', state: 'pending', metAt: null }),
      ]);

      // One minute before the end of the due date: still pending.
      await s.env.sleep(Date.parse('2026-12-23T23:59:00Z') - (await s.env.currentTimeMs()));
      expect((await handle.query(caseViewQuery)).deadlines[0]?.state).toBe('pending');

      await s.env.sleep(2 * 60 * 1000);
      const missed = await eventually(
        () => handle.query(caseViewQuery),
        (view) => view.deadlines[0]?.state === 'missed',
      );
      expect(missed.deadlines[0]).toMatchObject({ key: 'stage1.acknowledge', due: '2026-12-23', state: 'missed', metAt: null });
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(Overdue)).toBe(true);
      expect(description.typedSearchAttributes.get(ComplaintStage)).toBe('stage1');
    });
  });

  it('is met when acknowledged within three working days', async () => {
    const s = await scenario('2027-03-26T08:00:00Z');
    await s.run(async () => {
      // Received Thu 25 March 2027; Good Friday (26th) and Easter Monday (29th) do not count.
      const handle = await startCase(s, 'CSC-2027-ACK002', '2027-03-25T16:00:00Z');
      expect((await handle.query(caseViewQuery)).deadlines[0]?.due).toBe('2027-04-01');
      await s.env.sleep(4 * DAY);
      const view = await run(handle, 'acknowledge', { actor: 'officer-1', at: '2027-03-30T08:45:00+01:00', note: 'letter sent' });
      const ack = view.deadlines.find((d) => d.key === 'stage1.acknowledge');
      expect(ack).toMatchObject({ due: '2027-04-01', state: 'met', metAt: '2027-03-30T07:45:00.000Z' });
      expect(view.events.map((e) => e.action)).toEqual(['received', 'acknowledged']);
    });
  });

  it('counts a step logged late by when it happened, even after 65 working days', async () => {
    const s = await scenario('2026-12-18T10:00:00Z');
    await s.run(async () => {
      const handle = await startCase(s, 'CSC-2026-ACK003', '2026-12-18T09:30:00Z');
      // 100 calendar days: more than 65 working days of workflow time.
      await s.env.sleep(100 * DAY);
      const before = await eventually(() => handle.query(caseViewQuery), (v) => v.deadlines[0]?.state === 'missed');
      expect(before.deadlines[0]?.due).toBe('2026-12-23');
      // Shown missed for months: making it met takes a complaints manager's reason (test/integration/backdate.test.ts).
      const view = await run(handle, 'acknowledge', { actor: 'manager-1', at: '2026-12-22T15:00:00+00:00', note: 'posted on the 22nd, logged late', backdateReason: 'The letter was posted on the 22nd' });
      expect(view.deadlines[0]).toMatchObject({ state: 'met', metAt: '2026-12-22T15:00:00.000Z' });
      expect(view.events[1]).toMatchObject({ action: 'acknowledged', at: '2026-12-22T15:00:00.000Z' });
      expect(view.events[1]?.recordedAt.startsWith('2027-03-28T10:0')).toBe(true);
    });
  });

  it('refuses an acknowledgement dated before receipt or in the future, and changes nothing', async () => {
    const s = await scenario('2026-12-18T10:00:00Z');
    await s.run(async () => {
      const handle = await startCase(s, 'CSC-2026-ACK004', '2026-12-18T09:30:00Z');
      expect(
        await refusal(run(handle, 'acknowledge', { actor: 'officer-1', at: '2026-12-17T12:00:00Z' })),
      ).toBe('"at" (2026-12-17T12:00:00Z) is before receipt (2026-12-18T09:30:00.000Z)');
      expect(
        await refusal(run(handle, 'acknowledge', { actor: 'officer-1', at: '2026-12-19T12:00:00Z' })),
      ).toBe('"at" (2026-12-19T12:00:00Z) is in the future');
      const view = await handle.query(caseViewQuery);
      expect(view.deadlines[0]?.state).toBe('pending');
      expect(view.events).toHaveLength(1);
    });
  });
});
