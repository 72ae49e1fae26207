import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { caseViewQuery } from '../../workflows/complaint/messages';
import { run } from '../helpers/cases';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { eventually } from '../helpers/eventually';
import { scenario } from '../helpers/time-skipping';

const DAY = 24 * 60 * 60 * 1000;

describe('a long case stays small: continue-as-new carries the clocks', () => {
  it('continues as new past its history limit with every deadline, hold and event intact', async () => {
    const s = await scenario('2027-01-04T09:00:00Z');
    await s.run(async () => {
      const reference = 'CSC-2027-CAN001';
      const handle = await s.env.client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue: s.taskQueue,
        args: [
          {
            reference,
            receivedAt: '2027-01-04T08:00:00Z',
            policy: ENGLAND_STATUTORY_POLICY,
            calendar: defaultCalendarData('england-and-wales'),
            actor: 'officer-1',
            historyLimit: 40,
          },
        ],
      });
      const firstRun = (await handle.describe()).runId;
      await run(handle, 'triage', { actor: 'officer-1', decision: 'stage1' });
      // Received Mon 4 Jan 2027: respond by the 10th working day after, Mon 18 Jan.
      for (let i = 0; i < 6; i++) {
        await run(handle, 'hold', { actor: 'officer-1', reason: 'safeguarding' });
        await s.env.sleep(DAY);
        await run(handle, 'release-hold', { actor: 'officer-1' });
      }
      const view = await eventually(
        () => handle.query(caseViewQuery),
        (v) => v.events.length === 14,
      );
      const description = await handle.describe();
      expect(description.runId).not.toBe(firstRun);
      // Holds from Mon 4 Jan 09:00, each released a day later: 4→5, 5→6, 6→7 and 7→8 Jan
      // each give back one working day (18 → 22 Jan); Fri 8→Sat 9 and Sat 9→Sun 10 span
      // no working day, so give back none: due Fri 22 Jan 2027.
      const respond = view.deadlines.find((d) => d.key === 'stage1.respond')!;
      expect(respond.state).toBe('pending');
      expect(respond.due).toBe('2027-01-22');
      expect(respond.explanation.match(/paused on/g)).toHaveLength(6);
      expect(view.events.filter((e) => e.action === 'hold-released')).toHaveLength(6);

      // The continued run still holds the timer: the deadline is missed at the end of its day.
      await s.env.sleep(Date.parse('2027-01-23T00:01:00Z') - (await s.env.currentTimeMs()));
      const after = await eventually(
        () => handle.query(caseViewQuery),
        (v) => v.deadlines.find((d) => d.key === 'stage1.respond')?.state === 'missed',
      );
      expect(after.reference).toBe(reference);
    });
  });
});
