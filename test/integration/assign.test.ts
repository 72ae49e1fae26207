/**
 * The `assign` command and the parties of a case, on a running workflow
 * (time-skipping): the officer who logs the case is its first assigned
 * officer; a manager assigns and takes off staff; the access facts query
 * answers them with the investigators; and the workflow's records sync files
 * them in case_parties, each change with its event, dated as it happened.
 *
 * Mon 4 Jan 2027: received at 09:00, triaged straight to Stage 2 at 10:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { openPglite, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { accessFactsQuery } from '../../workflows/complaint/messages';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { IO, IP, openCase, refusedAt, run, runAt } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { newCase } from '../records/fixtures';
import { scenario } from '../helpers/time-skipping';

let db: Db;
let records: Records;

beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db);
  records = new Records(db);
});
afterAll(async () => {
  await db.close();
});

describe('assigning staff to a case (time-skipping)', () => {
  it('assign and unassign change who has a part, in the workflow and in the records store', async () => {
    const s = await scenario('2027-01-04T09:00:00Z', { activities: createActivities({ records }) });
    await s.run(async () => {
      const ref = 'CSC-2027-ASGN01';
      await records.createCase(newCase(ref, { receivedAt: '2027-01-04T09:00:00Z', team: 'Fostering' }));
      const handle = await openCase(s, { reference: ref, receivedAt: '2027-01-04T09:00:00Z', team: 'Fostering' });
      await runAt(s, handle, '2027-01-04T10:00:00Z', 'triage', { decision: 'stage2' });
      expect(await handle.query(accessFactsQuery)).toEqual({ team: 'Fostering', parties: [{ id: 'officer-1', part: 'assigned-officer' }] });

      const view = await runAt(s, handle, '2027-01-05T10:00:00Z', 'assign', { actor: 'manager-1', person: { id: 'jo.smith' }, part: 'assigned-officer' });
      expect(view.parties).toEqual([
        { id: 'officer-1', part: 'assigned-officer' },
        { id: 'jo.smith', part: 'assigned-officer' },
      ]);
      expect(await refusedAt(s, handle, '2027-01-05T11:00:00Z', 'assign', { actor: 'manager-1', person: { id: 'jo.smith' }, part: 'assigned-officer' })).toBe(
        'jo.smith is already an assigned officer on this case',
      );
      await runAt(s, handle, '2027-01-06T10:00:00Z', 'assign', { actor: 'manager-1', person: { id: 'officer-1' }, part: 'assigned-officer', remove: true });
      await runAt(s, handle, '2027-01-06T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      await runAt(s, handle, '2027-01-07T10:00:00Z', 'assign', { actor: 'manager-1', person: { id: 'hos.khan' }, part: 'adjudicating-officer' });

      const parties = [
        { id: 'jo.smith', part: 'assigned-officer' },
        { id: 'hos.khan', part: 'adjudicating-officer' },
        { id: IO.id, part: 'investigating-officer' },
        { id: IP.id, part: 'independent-person' },
      ];
      expect(await handle.query(accessFactsQuery)).toEqual({ team: 'Fostering', parties });

      // The records store, as the workflow's sync filed it (ordered by part, then id).
      const filed = await eventually(
        () => records.caseAccessFacts(ref),
        (f) => f?.parties.length === 4,
      );
      expect(filed).toEqual({
        team: 'Fostering',
        parties: [
          { id: 'hos.khan', part: 'adjudicating-officer' },
          { id: 'jo.smith', part: 'assigned-officer' },
          { id: IP.id, part: 'independent-person' },
          { id: IO.id, part: 'investigating-officer' },
        ],
      });
      const events = (await records.listEvents(ref)).filter((e) => e.action === 'assigned' || e.action === 'unassigned');
      expect(events.map((e) => [e.action, e.actor, e.at, e.detail])).toEqual([
        ['assigned', 'manager-1', '2027-01-05T10:00:00.000Z', { id: 'jo.smith', part: 'assigned-officer' }],
        ['unassigned', 'manager-1', '2027-01-06T10:00:00.000Z', { id: 'officer-1', part: 'assigned-officer' }],
        ['assigned', 'manager-1', '2027-01-07T10:00:00.000Z', { id: 'hos.khan', part: 'adjudicating-officer' }],
      ]);
    });
  });

  it('the assignments are carried across continue-as-new', async () => {
    const s = await scenario('2027-01-04T09:00:00Z');
    await s.run(async () => {
      const reference = 'CSC-2027-ASGN02';
      const handle = await s.env.client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue: s.taskQueue,
        args: [{ reference, receivedAt: '2027-01-04T08:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'officer-1', historyLimit: 30 }],
      });
      const firstRun = (await handle.describe()).runId;
      // Each assignment and removal is an Update: enough of them pass the history limit.
      for (let i = 0; i < 4; i++) {
        await run(handle, 'assign', { actor: 'manager-1', person: { id: 'jo.smith' }, part: 'assigned-officer' });
        await run(handle, 'assign', { actor: 'manager-1', person: { id: 'jo.smith' }, part: 'assigned-officer', remove: true });
      }
      await run(handle, 'assign', { actor: 'manager-1', person: { id: 'hos.khan' }, part: 'adjudicating-officer' });
      const facts = await eventually(
        () => handle.query(accessFactsQuery),
        (f) => f.parties.length === 2,
      );
      expect((await handle.describe()).runId).not.toBe(firstRun);
      expect(facts).toEqual({
        team: null,
        parties: [
          { id: 'officer-1', part: 'assigned-officer' },
          { id: 'hos.khan', part: 'adjudicating-officer' },
        ],
      });
    });
  });
});
