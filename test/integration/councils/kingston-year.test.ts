/**
 * Kingston's children's social care complaints annual report 2017/18,
 * reproduced figure for figure from a year of cases lived through the real
 * workflow (policy `kingston`) on the time-skipping server and filed in the
 * records store as in production.
 *
 * What the published figures imply about the cases behind them:
 * - §2: 22 Stage 1 complaints received in the year, and 30 the year before;
 *   the findings at Stage 1 are per complaint (3 upheld, 12 not upheld, 7
 *   partially upheld: 22), so every one was answered in the year;
 * - §2: "73% … responded to within the statutory timeframe": 16 of 22 by
 *   their due date (10 within 10 working days, 6 within a 20-day timescale
 *   agreed at the outset, as Stage One allows), 6 late;
 * - §3: 3 Stage 2 complaints received; findings "7 upheld, 2 partially
 *   upheld and 2 not upheld";
 * - §4: no Stage 3;
 * - §5 and C: 9 Ombudsman referrals in the year, none the year before;
 *   4 closed after initial enquiries, 2 upheld, 3 referred back for local
 *   resolution;
 * - B: 36 enquiries, 22 of them logged as complaints.
 *
 * Deliberate differences, each a choice where the report is silent or contradicts itself:
 * 1. The year is lived as 2023-24 (the year before as 2022-23): the engine's
 *    bank holidays start in 2019. April 2017 to February 2018 fall on the
 *    same weekdays in April 2023 to February 2024, so the published dates keep
 *    their weekday (13 July, 17 November, 25 January; 27 February and 13 March).
 * 2. §3 lists Stage 2 complaints "logged" on 27 February and 13 March 2017,
 *    before the year, yet counts 3 received in it: the count is followed, and
 *    those two are Stage 2 complaints carried over (escalated on those dates).
 * 3. "7 upheld, 2 partially upheld and 2 not upheld" cannot be complaints
 *    (3 received): they are heads of complaint over the 5 adjudications of the
 *    year. The two carried over, "Conclusion: Not Upheld", have one head each.
 * 4. The 9 referrals concern "Education & Children's Services" (one is about
 *    an EHCP, outside this procedure): all nine are children's social care
 *    cases here. Decisions come on working days from the referral, not on the
 *    published dates (17 September 2017 was a Sunday).
 * 5. The 14 enquiries not logged as complaints: the report does not say what
 *    they were; they are logged as representations.
 * 6. §6's learning (review the complaints process) is not recorded.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../domain/complaint/commands';
import type { IsoDate } from '../../../domain/dates';
import { POLICY_PROFILES } from '../../../domain/policy';
import { reportCsv } from '../../../api/routes/reports';
import { FeedbackStore } from '../../../records/feedback';
import { percent } from '../../../records/report-published';
import { liveYear, plan, type CaseScript, type Heads } from '../../helpers/year';

const [ASSESS, STAFF, APPROP, QUALITY, DELAY, DECISION] = CATEGORIES;
const CIC = 'Children in Care';
const LC = 'Leaving Care';
const CP = 'Child Protection';
const base = { team: CIC, type: 'parent', child: true, advocate: false, triage: 'stage1' } as const;

// Stage 1 answers: in 8 working days (due in 10), in 18 with the timescale extended to 20 at the outset, or in 24 unextended (late).
const MET = { respondWd: 8 } as const;
const AGREED = { respondWd: 18, extendBy: 10 } as const;
const LATE = { respondWd: 24 } as const;
const UPHELD: Heads = [['upheld', QUALITY]];
const PARTLY: Heads = [['partially-upheld', STAFF]];
const NOT: Heads = [['not-upheld', DECISION]];

/** 2022-23 (Kingston's 2016-17): 30 Stage 1 complaints, none to the Ombudsman. 27 answered and closed; three go on to Stage 2. */
const EARLIER: CaseScript[] = Array.from({ length: 27 }, (_, i): CaseScript => {
  // Every other Monday from 11 April 2022 (18 April is Easter Monday: 19 April), the last 6 March 2023.
  const mondays = ['2022-04-11', '2022-04-19', '2022-05-09', '2022-05-23', '2022-06-06', '2022-06-20', '2022-07-04', '2022-07-18', '2022-08-01', '2022-08-15', '2022-09-05', '2022-09-26', '2022-10-03',
    '2022-10-17', '2022-10-31', '2022-11-14', '2022-11-28', '2022-12-12', '2023-01-09', '2023-01-16', '2023-01-23', '2023-01-30', '2023-02-06', '2023-02-13', '2023-02-20', '2023-02-27', '2023-03-06'] as const;
  return { ...base, ref: `KIN-2022-${String(i + 1).padStart(3, '0')}`, received: mondays[i]!, s1: { ...MET, findings: NOT, closeWd: 2 } };
});

const CARRIED_OVER: CaseScript[] = [
  // Answered 13 February 2023, Stage 2 asked for on 27 February; not upheld; the Ombudsman closes it after initial enquiries.
  { ...base, ref: 'KIN-2023-S2A', received: '2023-02-01', s1: { ...MET, findings: NOT, escalateWd: 10 },
    s2: { adjudicateWd: 55, findings: [['not-upheld', ASSESS]] }, ombudsman: { referWd: 10, decision: 'closed-after-initial-enquiries', decideWd: 20 } },
  // Answered 27 February, Stage 2 asked for on 13 March; not upheld; closed after initial enquiries.
  { ...base, ref: 'KIN-2023-S2B', team: CP, received: '2023-02-15', s1: { ...MET, findings: NOT, escalateWd: 10 },
    s2: { adjudicateWd: 50, findings: [['not-upheld', DECISION]] }, ombudsman: { referWd: 10, decision: 'closed-after-initial-enquiries', decideWd: 20 } },
  // Answered 20 March, Stage 2 asked for in April (the first of the year's three, as §3's 7 April 2017); three heads upheld; referred back.
  { ...base, ref: 'KIN-2023-S2C', team: LC, type: 'care-experienced', child: false, received: '2023-03-08', s1: { ...MET, findings: NOT, escalateWd: 14 },
    s2: { adjudicateWd: 45, findings: [['upheld', DELAY], ['upheld', QUALITY], ['upheld', STAFF]] },
    ombudsman: { referWd: 10, decision: 'referred-back-for-local-resolution', decideWd: 20 } },
];

/** 2023-24 (Kingston's 2017-18): 22 Stage 1 complaints, answered as §2 says; two go on to Stage 2. */
const YEAR: CaseScript[] = [
  { ...base, ref: 'KIN-2023-K01', received: '2023-04-11', s1: { ...MET, findings: UPHELD, closeWd: 2 }, ombudsman: { referWd: 10, decision: 'upheld', decideWd: 30 } },
  { ...base, ref: 'KIN-2023-K02', team: CP, received: '2023-04-24', s1: { ...LATE, findings: NOT, closeWd: 2 }, ombudsman: { referWd: 10, decision: 'closed-after-initial-enquiries', decideWd: 15 } },
  { ...base, ref: 'KIN-2023-K03', team: CP, received: '2023-05-09', s1: { ...MET, findings: NOT, closeWd: 2 }, ombudsman: { referWd: 10, decision: 'closed-after-initial-enquiries', decideWd: 15 } },
  { ...base, ref: 'KIN-2023-K04', received: '2023-05-22', s1: { ...AGREED, findings: PARTLY, closeWd: 2 }, ombudsman: { referWd: 10, decision: 'referred-back-for-local-resolution', decideWd: 15 } },
  // To Stage 2 (the year's second): two heads upheld, one partially; referred back.
  { ...base, ref: 'KIN-2023-K05', received: '2023-06-05', s1: { ...MET, findings: PARTLY, escalateWd: 10 },
    s2: { adjudicateWd: 40, findings: [['upheld', APPROP], ['upheld', QUALITY], ['partially-upheld', STAFF]] },
    ombudsman: { referWd: 10, decision: 'referred-back-for-local-resolution', decideWd: 20 } },
  { ...base, ref: 'KIN-2023-K06', received: '2023-06-19', s1: { ...LATE, findings: NOT, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K07', received: '2023-07-03', s1: { ...MET, findings: NOT, closeWd: 2 } },
  // §2's care leaver of 13 July 2017: to Stage 2 (the year's third); the Ombudsman upholds the delay (as its decision of 13 February 2018).
  { ...base, ref: 'KIN-2023-K08', team: LC, type: 'care-experienced', child: false, received: '2023-07-13', s1: { ...AGREED, findings: PARTLY, escalateWd: 10 },
    s2: { adjudicateWd: 50, findings: [['upheld', DELAY], ['upheld', ASSESS], ['partially-upheld', QUALITY]] },
    ombudsman: { referWd: 15, decision: 'upheld', decideWd: 40 } },
  { ...base, ref: 'KIN-2023-K09', received: '2023-07-31', s1: { ...LATE, findings: NOT, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K10', team: CP, received: '2023-08-14', s1: { ...MET, findings: NOT, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K11', received: '2023-09-04', s1: { ...AGREED, findings: NOT, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K12', received: '2023-09-18', s1: { ...LATE, findings: PARTLY, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K13', received: '2023-10-02', s1: { ...MET, findings: UPHELD, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K14', team: CP, received: '2023-10-16', s1: { ...AGREED, findings: NOT, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K15', received: '2023-11-06', s1: { ...LATE, findings: NOT, closeWd: 2 } },
  // §2's Mr X of 17 November 2017, about his son's social worker.
  { ...base, ref: 'KIN-2023-K16', team: CP, received: '2023-11-17', s1: { ...MET, findings: PARTLY, closeWd: 2 } },
  { ...base, ref: 'KIN-2023-K17', received: '2023-12-04', s1: { ...AGREED, findings: NOT, closeWd: 2 } },
  { ...base, ref: 'KIN-2024-K18', received: '2024-01-08', s1: { ...LATE, findings: NOT, closeWd: 2 } },
  // §2's Miss B of 25 January 2018, a disabled parent.
  { ...base, ref: 'KIN-2024-K19', received: '2024-01-25', s1: { ...MET, findings: PARTLY, closeWd: 2 } },
  { ...base, ref: 'KIN-2024-K20', received: '2024-02-05', s1: { ...AGREED, findings: UPHELD, closeWd: 2 } },
  { ...base, ref: 'KIN-2024-K21', team: CP, received: '2024-02-19', s1: { ...MET, findings: NOT, closeWd: 2 } },
  { ...base, ref: 'KIN-2024-K22', received: '2024-03-05', s1: { ...MET, findings: PARTLY, closeWd: 2 } },
];

/** B: 36 enquiries, 22 of them complaints; the other 14, logged as representations through the year. */
const REPRESENTATIONS: IsoDate[] = ['2023-04-18', '2023-05-16', '2023-06-13', '2023-07-11', '2023-08-08', '2023-09-12', '2023-10-10', '2023-11-14', '2023-12-12', '2024-01-16', '2024-02-13', '2024-03-12', '2024-03-19', '2024-03-26'];

const FROM = '2023-04-01';
const TO = '2024-03-31';

describe("Kingston's annual report 2017/18, from a year through the workflow", () => {
  it('gives its figures: received by stage, Stage 1 outcomes, the share in time, Stage 2 findings, Ombudsman decisions, and the year before', { timeout: 900_000 }, async () => {
    const script = [...EARLIER, ...CARRIED_OVER, ...YEAR];
    // The script's dates, checked by hand against the calendar.
    const facts = script.map(plan).map((p) => p.facts);
    const byRef = (ref: string) => facts.find((f) => f.script.ref === ref)!;
    expect(byRef('KIN-2023-S2A').stages.stage2?.entered).toBe('2023-02-27');
    expect(byRef('KIN-2023-S2B').stages.stage2?.entered).toBe('2023-03-13');
    // Good Friday and Easter Monday 2023 (7 and 10 April) pass: 11 April.
    expect(byRef('KIN-2023-S2C').stages.stage2?.entered).toBe('2023-04-11');
    // Easter (7 and 10 April 2023), the early May and coronation bank holidays (1 and 8 May) pass: 55 working days from 27 February is 19 May.
    expect(byRef('KIN-2023-S2A').s2?.on).toBe('2023-05-19');
    expect(byRef('KIN-2024-K22').s1?.on).toBe('2024-03-15');
    expect(facts.every((f) => f.ombudsman?.decidedOn === undefined || f.ombudsman.decidedOn <= TO)).toBe(true);

    const { db, records } = await liveYear(script, { start: '2022-04-01T07:00:00Z', policy: POLICY_PROFILES.kingston! });
    const feedback = new FeedbackStore(db);
    for (const receivedOn of REPRESENTATIONS) await feedback.log({ kind: 'representation', receivedOn, team: CIC, recordedBy: 'officer-1' });

    const r = await records.report({ from: FROM, to: TO });
    // §2: received by stage (22, 3, 0), and B: 36 enquiries, 22 of them complaints.
    expect([r.stages.stage1.received, r.stages.stage2.received, r.stages.stage3.received]).toEqual([22, 3, 0]);
    expect(r.representations.received + r.stages.stage1.received).toBe(36);
    // "Summary of Findings at Stage 1": 3 upheld, 12 not upheld, 7 partially upheld.
    expect(r.published.outcomes.stage1).toEqual({ complaints: 22, upheld: 3, partiallyUpheld: 7, notUpheld: 12 });
    // "73% of the stage 1 complaints were responded to within the statutory timeframe."
    expect(r.timeliness.stage1).toMatchObject({ responded: 22, within10: 10, within20: 6, beyond20: 6, metDueDate: 16 });
    expect(percent(r.timeliness.stage1.metDueDate, r.timeliness.stage1.responded)).toBe(73);
    // §3: "7 of the complaints were upheld, 2 partially upheld and 2 not upheld" (heads, over the year's 5 adjudications).
    expect(r.findings.stage2).toEqual({ upheld: 7, partiallyUpheld: 2, notUpheld: 2, total: 11 });
    expect(r.stages.stage2).toMatchObject({ carriedOver: 2, received: 3, resolved: 5, carriedForward: 0 });
    // §4: "No complaints progressed to stage 3".
    expect(r.stages.stage3).toMatchObject({ carriedOver: 0, received: 0, carriedForward: 0 });
    // §5: 9 referrals; 4 closed after initial enquiries, 2 upheld, 3 referred back for local resolution.
    expect(r.ombudsman).toMatchObject({
      referred: 9,
      decided: 9,
      decisions: [
        { decision: 'closed-after-initial-enquiries', cases: 4 },
        { decision: 'referred-back-for-local-resolution', cases: 3 },
        { decision: 'upheld', cases: 2 },
      ],
    });
    expect(r.published.flow.find((f) => f.row === 'ombudsman')).toMatchObject({ carriedOver: 0, received: 9, resolved: 9, carriedForward: 0 });
    // §2 and C, the year before: thirty Stage 1 complaints, no Ombudsman referral.
    const before = r.comparison.at(-1)!;
    expect(before.period).toEqual({ from: '2022-04-01', to: '2023-03-31' });
    expect(before.flow.find((f) => f.row === 'stage1')!.received).toBe(30);
    expect(before.flow.find((f) => f.row === 'ombudsman')!.received).toBe(0);
    // The same figures in the tables as published (CSV; the printable page shows the same tables).
    const csv = reportCsv(r).split('\r\n');
    expect(csv).toContain('Stage 1 (statutory procedure),0,22,22,0,0,0,0,0,3');
    expect(csv).toContain('Stage 2 (statutory procedure),2,3,5,0,0,0,0,0,0');
    expect(csv).toContain('Referral to the Ombudsman,0,9,9,0,0,0,0,0,0');
    expect(csv).toContain('Representation,0,14,14,0,0,0,0,0,0');
    expect(csv).toContain('Stage 1,22,3,7,12,45%');
    // (10 × 8 + 6 × 18 + 6 × 24) / 22 = 15.1 working days on average.
    expect(csv).toContain('Stage 1 responses (10 / 20 WD),22,10,6,6,15.1,16,73%');
    expect(csv).toEqual(expect.arrayContaining(['Decision: closed-after-initial-enquiries,4', 'Decision: referred-back-for-local-resolution,3', 'Decision: upheld,2']));
    expect(csv).toContain('Received: Stage 1 (statutory procedure),0,30,22');
    await db.close();
  });
});
