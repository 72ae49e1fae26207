import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../records/db';
import { EnquiryStore } from '../../records/enquiries';
import { FeedbackStore } from '../../records/feedback';
import type { AnnualReport } from '../../records/report';
import { shiftYears } from '../../records/report-published';
import { Records } from '../../records/repository';
import { stage2ClockStartOf } from '../../records/stage2-timings';
import type { CaseSnapshot, SnapshotEvent } from '../../records/types';
import { newCase, openTestDb, snapshot } from './fixtures';

/**
 * The tables councils publish (BANES 2022-23, Kingston 2017-18), from cases
 * filed as the workflow files them, for 2026-27 and the two years before.
 * Every figure below is worked out by hand from the cases listed here.
 */

const at = (d: string, time = '10:00:00') => `${d}T${time}.000Z`;
const YEAR = { from: '2026-04-01', to: '2027-03-31' };

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

const CASES: Built[] = [
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

let db: Db;
let records: Records;
let report: AnnualReport;

beforeAll(async () => {
  db = await openTestDb('pglite');
  records = new Records(db);
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
  report = await records.report(YEAR);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const flowRow = (r: AnnualReport, row: string) => {
  const f = r.published.flow.find((x) => x.row === row)!;
  return [f.carriedOver, f.received, f.resolved, f.outsideScope, f.notPursued, f.withdrawn, f.escalatedUnanswered, f.carriedForward, f.escalated];
};

describe('the tables as councils publish them', () => {
  it('gives the flow table with representation, corporate and Ombudsman rows and their total', () => {
    //                                          over rec res out np  wd  esc fwd  escalated
    expect(flowRow(report, 'representation')).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(flowRow(report, 'stage1')).toEqual([0, 3, 3, 0, 0, 0, 0, 0, 1]);
    expect(flowRow(report, 'corporate')).toEqual([0, 3, 1, 0, 0, 1, 0, 1, 0]);
    expect(flowRow(report, 'stage2')).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(flowRow(report, 'stage3')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(flowRow(report, 'ombudsman')).toEqual([1, 1, 1, 0, 0, 0, 0, 1, 0]);
    expect(flowRow(report, 'total')).toEqual([1, 9, 7, 0, 0, 1, 0, 2, 1]);
    // Each row balances.
    for (const f of report.published.flow) {
      expect(f.carriedOver + f.received, f.row).toBe(f.resolved + f.outsideScope + f.notPursued + f.withdrawn + f.escalatedUnanswered + f.carriedForward);
    }
  });

  it('counts categories per complaint (once in each of its categories) and per head, with percentages', () => {
    const s1 = report.published.categoriesPerComplaint.stage1;
    // PUB-01: quality (upheld and not upheld) and staff (not upheld); PUB-02: quality (not upheld); PUB-07: decision (partially upheld).
    expect([s1.complaints, s1.categoryTotal, s1.heads]).toEqual([3, 4, 5]);
    const row = (c: string) => s1.rows.find((x) => x.category === c)!;
    expect(row('quality-of-service')).toEqual({
      category: 'quality-of-service', complaints: 2, complaintsPercent: 50, complaintsUpheld: 1, complaintsUpheldPercent: 50, heads: 3, headsPercent: 60, headsUpheld: 1, headsUpheldPercent: 33,
    });
    expect(row('staff-attitude-behaviour')).toMatchObject({ complaints: 1, complaintsPercent: 25, complaintsUpheld: 0, complaintsUpheldPercent: 0, heads: 1, headsPercent: 20 });
    expect(row('unwelcome-or-disputed-decision')).toMatchObject({ complaints: 1, complaintsPercent: 25, complaintsUpheld: 1, complaintsUpheldPercent: 100 });
    expect(row('delay-in-decision-or-service')).toEqual({
      category: 'delay-in-decision-or-service', complaints: 0, complaintsPercent: 0, complaintsUpheld: 0, complaintsUpheldPercent: null, heads: 0, headsPercent: 0, headsUpheld: 0, headsUpheldPercent: null,
    });
    expect(s1.total).toEqual({ complaints: 4, complaintsPercent: 100, complaintsUpheld: 2, complaintsUpheldPercent: 50, heads: 5, headsPercent: 100, headsUpheld: 2, headsUpheldPercent: 40 });
    expect(report.published.categoriesPerComplaint.stage2.total).toMatchObject({ complaints: 2, complaintsUpheld: 2, heads: 2, headsUpheld: 2 });
    expect(report.published.categoriesPerComplaint.stage2.complaints).toBe(1);
  });

  it('gives one outcome per complaint and stage', () => {
    expect(report.published.outcomes).toEqual({
      stage1: { complaints: 3, upheld: 0, partiallyUpheld: 2, notUpheld: 1 },
      stage2: { complaints: 1, upheld: 1, partiallyUpheld: 0, notUpheld: 0 },
      stage3: { complaints: 0, upheld: 0, partiallyUpheld: 0, notUpheld: 0 },
    });
  });

  it('times Stage 2 from the agreement of the statement of complaint, as the policy says', () => {
    expect(stage2ClockStartOf('england-statutory', 1)).toBe('statement-agreed');
    expect(stage2ClockStartOf('no-such-policy', 1)).toBe('statement-agreed');
    // From the request (15 June) it would be 30 working days: beyond 25.
    expect(report.timeliness.stage2).toEqual({ responded: 1, within25: 1, within65: 0, beyond65: 0, averageWorkingDays: 25, metDueDate: 1, fromStatementAgreed: 1 });
  });

  it('counts compliments by team, actions, and the corporate row\'s own figures', () => {
    expect(report.compliments).toEqual({ received: 3, byTeam: [{ team: 'Disabled Children', compliments: 1 }, { team: 'Fostering', compliments: 2 }] });
    expect(report.published.actions).toEqual({ due: 2, completed: 1, completedLate: 1, overdueAtEnd: 1 });
    expect(report.corporate).toMatchObject({ carriedOver: 0, received: 3, answered: 1, within15: 1, withdrawn: 1, notPursued: 0, carriedForward: 1 });
  });

  it('sets the two previous years beside this one', () => {
    expect(report.comparison.map((c) => c.period)).toEqual([{ from: '2024-04-01', to: '2025-03-31' }, { from: '2025-04-01', to: '2026-03-31' }]);
    const received = (c: { flow: AnnualReport['published']['flow'] }) => Object.fromEntries(c.flow.map((f) => [f.row, f.received]));
    expect(report.comparison.map(received)).toEqual([
      { representation: 0, stage1: 1, corporate: 0, stage2: 0, stage3: 0, ombudsman: 0, total: 1 },
      { representation: 0, stage1: 1, corporate: 0, stage2: 0, stage3: 0, ombudsman: 1, total: 2 },
    ]);
    expect(report.comparison.map((c) => [c.compliments, c.enquiries, c.ombudsmanDecided, c.outcomes.stage1.upheld])).toEqual([[0, 0, 0, 0], [1, 0, 0, 1]]);
    expect(shiftYears({ from: '2028-02-29', to: '2028-03-31' }, 1)).toEqual({ from: '2027-02-28', to: '2027-03-31' });
  });
});

describe('Stage 2 timings per case', () => {
  it('gives each step\'s date, the clock start and the working days, for cases open at Stage 2 in the period', async () => {
    expect(await records.stage2Timings(YEAR)).toEqual([
      {
        reference: 'PUB-02', team: 'Children in Care', requestedOn: '2026-06-15', acknowledgedOn: '2026-06-16',
        investigatingOfficerAppointedOn: '2026-06-17', independentPersonAppointedOn: '2026-06-17', replacements: 0, statementAgreedOn: '2026-06-22',
        investigatingOfficerReportOn: '2026-07-20', independentPersonReportOn: '2026-07-22', adjudicatedOn: '2026-07-27', respondedOn: '2026-07-27',
        clockStart: 'statement-agreed', clockStartOn: '2026-06-22', respondBy: '2026-07-27', workingDays: 25, closedOn: null,
      },
    ]);
    // Answered before the period starts, or requested after it ends: not in it.
    expect(await records.stage2Timings({ from: '2026-07-28', to: '2027-03-31' })).toEqual([]);
    expect(await records.stage2Timings({ from: '2026-04-01', to: '2026-06-14' })).toEqual([]);
    expect((await records.stage2Timings({ from: '2026-07-27', to: '2026-07-27' })).map((t) => t.reference)).toEqual(['PUB-02']);
  });
});
