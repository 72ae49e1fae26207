/**
 * The staff's working queues (records/staff-queues.ts) filled by the running
 * workflow's own records sync (time-skipping): a Stage 2 extension asked for
 * waits in its queue until the complainant answers; a request for Stage 2
 * after the window closed waits for a manager until it is accepted.
 *
 * Both cases received Mon 4 Jan 2027 at 09:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { listingScope } from '../../domain/access';
import { openPglite, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { StaffQueues } from '../../records/staff-queues';
import { IO, IP, openCase, runAt } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { newCase } from '../records/fixtures';
import { scenario } from '../helpers/time-skipping';

let db: Db;
let records: Records;
let queues: StaffQueues;

beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db);
  records = new Records(db);
  queues = new StaffQueues(db);
});
afterAll(async () => {
  await db.close();
});

const MANAGER = listingScope({ subject: 'manager-1', roles: ['complaints-manager'], teams: [] });
const FOSTERING_OFFICER = listingScope({ subject: 'fo-1', roles: ['complaints-officer'], teams: ['Fostering'] });
const THE_IO = listingScope({ subject: IO.id, roles: ['investigating-officer'], teams: [] });

describe('working queues from the running workflow (time-skipping)', () => {
  it('an extension waits for the complainant’s answer, and a late request for a manager’s decision, each with its dates', async () => {
    const s = await scenario('2027-01-04T09:00:00Z', { activities: createActivities({ records }) });
    await s.run(async () => {
      const late = 'CSC-2027-QLATE1';
      const ext = 'CSC-2027-QEXT01';
      await records.createCase(newCase(late, { receivedAt: '2027-01-04T09:00:00Z', team: 'Children in Care' }));
      await records.createCase(newCase(ext, { receivedAt: '2027-01-04T09:00:00Z', team: 'Fostering' }));
      const lateCase = await openCase(s, { reference: late, receivedAt: '2027-01-04T09:00:00Z', team: 'Children in Care' });
      const extCase = await openCase(s, { reference: ext, receivedAt: '2027-01-04T09:00:00Z', team: 'Fostering' });

      await runAt(s, lateCase, '2027-01-04T10:00:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, extCase, '2027-01-04T10:30:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, extCase, '2027-01-05T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      // Statement agreed Wed 6 Jan: the Stage 2 response is due 25 working days on, Wed 10 Feb.
      await runAt(s, extCase, '2027-01-06T10:00:00Z', 'agree-statement', {});
      // Stage 1 answered Mon 11 Jan: the window to ask for Stage 2 closes at the end of Mon 8 Feb.
      await runAt(s, lateCase, '2027-01-11T10:00:00Z', 'respond', {});
      await runAt(s, extCase, '2027-01-18T10:00:00Z', 'request-extension', { workingDays: 10, reason: 'Two more people to interview' });

      const asked = await eventually(
        () => queues.extensionsAwaitingAgreement(MANAGER),
        (p) => p.items.length === 1,
      );
      expect(asked).toEqual({
        items: [{ reference: ext, team: 'Fostering', requestedAt: '2027-01-18T10:00:00.000Z', workingDays: 10, proposedDue: '2027-02-24', due: '2027-02-10', onHold: false }],
        nextCursor: null,
      });
      expect((await queues.extensionsAwaitingAgreement(THE_IO)).items.map((i) => i.reference)).toEqual([ext]);
      await runAt(s, extCase, '2027-01-20T10:00:00Z', 'answer-extension', { agree: true });
      await eventually(
        () => queues.extensionsAwaitingAgreement(MANAGER),
        (p) => p.items.length === 0,
      );

      // Wed 10 Feb: the complainant asks for Stage 2 two days after the window closed.
      await runAt(s, lateCase, '2027-02-10T10:00:00Z', 'escalate', { reasons: 'Still unhappy' });
      const waiting = await eventually(
        () => queues.lateEscalations(MANAGER),
        (p) => p.items.length === 1,
      );
      expect(waiting).toEqual({
        items: [{ reference: late, team: 'Children in Care', to: 'stage2', requestedAt: '2027-02-10T10:00:00.000Z', windowClosedOn: '2027-02-08', decideBy: '2027-02-15', onHold: false }],
        nextCursor: null,
      });
      expect((await queues.lateEscalations(FOSTERING_OFFICER)).items).toEqual([]);
      await runAt(s, lateCase, '2027-02-11T10:00:00Z', 'escalate', { actor: 'manager-1', lateAcceptedReason: 'The complainant was in hospital' });
      await eventually(
        () => queues.lateEscalations(MANAGER),
        (p) => p.items.length === 0,
      );
    });
  });
});
