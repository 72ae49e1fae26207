import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../records/db';
import type { AnnualReport } from '../../records/report';
import { shiftYears } from '../../records/report-published';
import { Records } from '../../records/repository';
import { stage2ClockStartOf } from '../../records/stage2-timings';
import { openTestDb } from './fixtures';
import { filePublishedYear, YEAR } from './published-year';

/**
 * The tables councils publish (BANES 2022-23, Kingston 2017-18), from the
 * cases of published-year.ts: every figure below is worked out by hand from them.
 */

let db: Db;
let records: Records;
let report: AnnualReport;

beforeAll(async () => {
  db = await openTestDb('pglite');
  records = new Records(db);
  await filePublishedYear(db, records);
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
