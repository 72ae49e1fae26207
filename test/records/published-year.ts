import type { Db } from '../../records/db';
import { EnquiryStore } from '../../records/enquiries';
import { FeedbackStore } from '../../records/feedback';
import type { Records } from '../../records/repository';
import type { CaseSnapshot, SnapshotEvent } from '../../records/types';
import { newCase, snapshot } from './fixtures';

/**
 * A small council's records for 2026-27 and the two years before, filed as
 * the workflow files them: the published tables' figures are worked out by
 * hand from these cases (report-published.test.ts, report-pdf.test.ts).
 */

export const at = (d: string, time = '10:00:00') => `${d}T${time}.000Z`;
export const YEAR = { from: '2026-04-01', to: '2027-03-31' };

interface Built {
  ref: string;
  snap: Partial<CaseSnapshot>;
}

function events(...list: Array<[string, string, Record<string, unknown>?]>): SnapshotEvent[] {
  return list.map(([action, on, detail], i) => ({ seq: i + 1, action, actor: 'officer-1', at: on.includes('T') ? on : at(on), recordedAt: on.includes('T') ? on : at(on), ...(detail ? { detail } : {}) }));
}
const met = (key: string, due: string, on: string) => ({ key, kind: 'duty' as const, due, state: 'met', metAt: at(on, '15:00:00'), explanation: 'test' });
const pending = (key: string, due: string) => ({ key, kind: 'duty' as const, due, state: 'pending', metAt: null, explanation: 'test' });
const heads = (...hs: Array<[string, string]>) => hs.map(([finding, category], i) => ({ head: `h${i + 1}`, finding: finding as 'upheld', category, remedies: [] }));

export const CASES: Built[] = [
  // Stage 1 answered in 6 WD; three heads in two categories: partially upheld; two actions.
  {
    ref: 'PUB-01',
    snap: {
      receivedAt: at('2026-05-04', '09:00:00'), receivedOn: '2026-05-04', team: 'Fostering',
      events: events(['received', '2026-05-04T09:00:00.000Z'], ['triaged', '2026-05-04T09:30:00.000Z', { decision: 'stage1' }], ['responded', '2026-05-12T15:00:00.000Z']),
      deadlines: [met('stage1.respond', '2026-05-18', '2026-05-12')],
      findings: [{
        stage: 'stage1', recordedAt: at('2026-05-12', '14:00:00'),
        heads: heads(['upheld', 'quality-of-service'], ['not-upheld', 'staff-attitude-behaviour'], ['not-upheld', 'quality-of-service']),
        actions: [{ id: 'r1', owner: 'manager-1', due: '2026-08-10' }, { id: 'r2', owner: 'manager-1', due: '2027-03-01' }],
      }],
    },
  },
  // Stage 1, then Stage 2 timed from the statement of complaint: 22 June to 27 July 2026 is 25 working days.
  {
    ref: 'PUB-02',
    snap: {
      receivedAt: at('2026-06-01', '09:00:00'), receivedOn: '2026-06-01', stage: 'stage2', team: 'Children in Care',
      events: events(
        ['received', '2026-06-01T09:00:00.000Z'], ['triaged', '2026-06-01T09:30:00.000Z', { decision: 'stage1' }], ['responded', '2026-06-10T15:00:00.000Z'],
        ['escalated', '2026-06-15T11:00:00.000Z', { to: 'stage2' }], ['investigators-appointed', '2026-06-17'], ['statement-agreed', '2026-06-22'],
        ['reports-submitted', '2026-07-20', { reports: 'investigating-officer' }], ['reports-submitted', '2026-07-22', { reports: 'independent-person' }],
        ['adjudicated', '2026-07-27T15:00:00.000Z'],
      ),
      deadlines: [met('stage1.respond', '2026-06-15', '2026-06-10'), met('stage2.acknowledge', '2026-06-18', '2026-06-16'), met('stage2.respond', '2026-07-27', '2026-07-27')],
      findings: [
        { stage: 'stage1', recordedAt: at('2026-06-10', '14:00:00'), heads: heads(['not-upheld', 'quality-of-service']), actions: [] },
        { stage: 'stage2', recordedAt: at('2026-07-27', '14:00:00'), heads: heads(['upheld', 'delay-in-decision-or-service'], ['upheld', 'assessment-care-management-review']), actions: [] },
      ],
    },
  },
  // Corporate complaints the team answers (BANES profile): answered in 14 WD; withdrawn; open at the end.
  {
    ref: 'PUB-03',
    snap: {
      receivedAt: at('2026-06-22', '09:00:00'), receivedOn: '2026-06-22', procedure: 'corporate', stage: 'closed', status: 'closed', outcome: { kind: 'resolved' }, closedAt: at('2026-07-10', '16:00:00'), team: 'Fostering',
      events: events(['received', '2026-06-22T09:00:00.000Z'], ['triaged', '2026-06-22T09:30:00.000Z', { decision: 'corporate' }]),
      deadlines: [met('corporate.respond', '2026-07-13', '2026-07-10')],
    },
  },
  {
    ref: 'PUB-04',
    snap: {
      receivedAt: at('2026-09-01', '09:00:00'), receivedOn: '2026-09-01', procedure: 'corporate', stage: 'closed', status: 'closed', outcome: { kind: 'withdrawn' }, closedAt: at('2026-09-10', '16:00:00'),
      events: events(['received', '2026-09-01T09:00:00.000Z'], ['triaged', '2026-09-01T09:30:00.000Z', { decision: 'corporate' }]),
      deadlines: [{ ...pending('corporate.respond', '2026-09-22'), state: 'cancelled' }],
    },
  },
  {
    ref: 'PUB-05',
    snap: {
      receivedAt: at('2027-03-22', '09:00:00'), receivedOn: '2027-03-22', procedure: 'corporate',
      events: events(['received', '2027-03-22T09:00:00.000Z'], ['triaged', '2027-03-22T09:30:00.000Z', { decision: 'corporate' }]),
      deadlines: [pending('corporate.respond', '2027-04-13')],
    },
  },
  // 2025-26: answered and closed; the Ombudsman's referral (February 2026) decided in May 2026.
  {
    ref: 'PUB-06',
    snap: {
      receivedAt: at('2025-06-02', '09:00:00'), receivedOn: '2025-06-02', stage: 'closed', status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' }, closedAt: at('2025-06-20', '16:00:00'),
      events: events(['received', '2025-06-02T09:00:00.000Z'], ['triaged', '2025-06-02T09:30:00.000Z', { decision: 'stage1' }], ['responded', '2025-06-10T15:00:00.000Z']),
      deadlines: [met('stage1.respond', '2025-06-16', '2025-06-10')],
      findings: [{ stage: 'stage1', recordedAt: at('2025-06-10', '14:00:00'), heads: heads(['upheld', 'quality-of-service']), actions: [] }],
      ombudsman: { referredAt: at('2026-02-02'), decision: 'upheld', decidedAt: at('2026-05-05') },
    },
  },
  // 2026-27: answered, closed, referred in January 2027 and not decided by the end.
  {
    ref: 'PUB-07',
    snap: {
      receivedAt: at('2026-10-05', '09:00:00'), receivedOn: '2026-10-05', stage: 'closed', status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' }, closedAt: at('2026-10-20', '16:00:00'), team: 'Fostering',
      events: events(['received', '2026-10-05T09:00:00.000Z'], ['triaged', '2026-10-05T09:30:00.000Z', { decision: 'stage1' }], ['responded', '2026-10-12T15:00:00.000Z']),
      deadlines: [met('stage1.respond', '2026-10-19', '2026-10-12')],
      findings: [{ stage: 'stage1', recordedAt: at('2026-10-12', '14:00:00'), heads: heads(['partially-upheld', 'unwelcome-or-disputed-decision']), actions: [] }],
      ombudsman: { referredAt: at('2027-01-11') },
    },
  },
  // 2024-25: one Stage 1 complaint, answered.
  {
    ref: 'PUB-08',
    snap: {
      receivedAt: at('2024-09-02', '09:00:00'), receivedOn: '2024-09-02', stage: 'closed', status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' }, closedAt: at('2024-09-10', '16:00:00'),
      events: events(['received', '2024-09-02T09:00:00.000Z'], ['triaged', '2024-09-02T09:30:00.000Z', { decision: 'stage1' }], ['responded', '2024-09-05T15:00:00.000Z']),
      deadlines: [met('stage1.respond', '2024-09-16', '2024-09-05')],
    },
  },
];

/** Files every case, completes one action, logs compliments, a representation and an MP's enquiry. */
export async function filePublishedYear(db: Db, records: Records): Promise<void> {
  for (const c of CASES) {
    const policyId = c.snap.procedure === 'corporate' ? 'banes' : 'england-statutory';
    await records.createCase(newCase(c.ref, { receivedAt: c.snap.receivedAt!, policyId, ...(c.snap.team ? { team: c.snap.team } : {}) }));
    await records.syncCase(snapshot(c.ref, { policyId, ...c.snap }));
  }
  // One action done after its due date (in the period), one overdue at the end.
  await records.completeAction({ reference: 'PUB-01', stage: 'stage1', recommendationId: 'r1', at: at('2026-08-20'), actor: 'manager-1' });
  const feedback = new FeedbackStore(db);
  for (const [kind, receivedOn, team] of [
    ['compliment', '2026-05-01', 'Fostering'], ['compliment', '2026-11-02', 'Fostering'], ['compliment', '2026-12-01', 'Disabled Children'],
    ['compliment', '2025-12-01', 'Fostering'], ['representation', '2026-07-01', 'Children in Care'],
  ] as const) await feedback.log({ kind, receivedOn, team, recordedBy: 'officer-1' });
  await new EnquiryStore(db).log({ memberType: 'mp', memberName: 'A Member', receivedOn: '2026-06-03', serviceArea: 'Children in Care', recordedBy: 'officer-1' });
}
