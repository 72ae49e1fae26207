/**
 * Bath & North East Somerset's children's services complaints annual report
 * 2022-23, reproduced table by table from a year of cases lived through the
 * real workflow (policy `banes`) on the time-skipping server and filed in
 * the records store as in production. The cases, and what each published
 * figure implies about them, are in banes-year.ts.
 *
 * Deliberate differences, each where the report contradicts itself or the
 * engine counts on purpose in another way:
 * 1. 4.2's Ombudsman row has 5 resolved and 0 carried forward; 6.1 says one
 *    of the two new referrals "was concluded and the other carried forward",
 *    and its table lists four decisions. Two sources against one: 4 decided,
 *    1 carried forward (so the total row has one fewer resolved, one more
 *    carried forward).
 * 2. 4.2 has no "withdrawn" column: a complaint the complainant withdrew is
 *    its "not pursued". The engine keeps them apart (withdrawn, and closed
 *    when the window to ask for the next stage lapsed); the BANES columns
 *    below add them.
 * 3. 4.2's corporate row has 8 "outside scope": a complaint the complaints
 *    team takes under the corporate procedure has no ending "outside scope"
 *    (it is answered or withdrawn); the 8 are closed as withdrawn here.
 * 4. 4.2's "Stage 2 (Corporate Procedure)" row (2 received, 2 resolved)
 *    and 4.6's two SEND Stage 2s: the corporate Stage 2 is the corporate
 *    complaints team's procedure, "reported on separately" (8.8); the engine
 *    does not run it, so there is no such row and the total has 2 fewer.
 * 5. 4.6 counts 10 Stage 2s by team; two are SEND's corporate reviews (4),
 *    so 8 statutory against 4.2's and 5.3's 10. 4.6 counts "complaints
 *    received": the two Stage 2 requests about complaints made in 2021-22
 *    (carried over at Stage 1, answered in April) are not in it. The engine
 *    counts every case entering Stage 2 in the year by team: Children in Care
 *    2 (published 1), FST 3 (published 2).
 * 6. 4.11's per cents: quality of service 29 of 62 is 47% (published 46%,
 *    so that the column adds to 100); unwelcome decisions, 2 of 14 upheld,
 *    is 14% (published "2%"). Whole per cents, rounded half up.
 * 7. 3.9's equalities are published exactly ("Two people … Caribbean"); the
 *    engine shows a count of 1 to 4 as "fewer than 5", and hides another
 *    wherever a small one could be worked out.
 * 8. 3.3's "71%" by parents is read as of the 114 Stage 1 complaints under
 *    both procedures (81): of the 57 statutory ones no count of parents gives
 *    71% once the 24 others 3.3-3.4 name are taken out.
 * 9. 4.12's "20% of these [29] complaints were escalated to Stage 2" is not
 *    a whole number of complaints; 8 of the 29 are, here (not asserted).
 * 10. The previous years (4.3 is a chart whose figures the text does not
 *    give) are lived through the workflow as the year is, from April 2020:
 *    2020-21 with SEND's 17 corporate complaints (4.4), 2021-22 with SEND's
 *    17, Children in Care's 12 (4.9) and what 2022-23 carried over. The
 *    engine's comparison counts those years from the same records.
 * 11. 1.6's enquiries: the split between MPs and councillors, and between
 *    SEND and transport, is not published; 9 and 28, 22 and 12 here.
 * 12. 7.2 names the teams with compliments as "Child in Care Team" and
 *    "Disabled Children's Team": logged under 4.6's names (Children in Care,
 *    DCT), so the team table puts complaints and compliments side by side.
 */
import { describe, expect, it } from 'vitest';
import { reportCsv, reportHtml } from '../../../api/routes/reports';
import { FEWER_THAN_5, NOT_SHOWN } from '../../../domain/equalities';
import { POLICY_PROFILES } from '../../../domain/policy';
import { EnquiryStore } from '../../../records/enquiries';
import { FeedbackStore } from '../../../records/feedback';
import type { AnnualReport } from '../../../records/report';
import { percent, type FlowRow, type FlowRowName } from '../../../records/report-published';
import { liveYear, plan } from '../../helpers/year';
import { CARE_FLAGS, COMPLIMENTS, ENQUIRIES, EARLIER, EQUALITIES, FINDINGS_USED, FROM, REPRESENTATIONS, T, TO, YEAR } from './banes-year';

/** An engine flow row in 4.2's columns: carried over, received, resolved, outside scope, not pursued (withdrawn included, difference 2), carried forward. */
const banesColumns = (f: FlowRow) => [f.carriedOver, f.received, f.resolved, f.outsideScope, f.notPursued + f.withdrawn, f.carriedForward];
const flowRow = (r: AnnualReport, row: FlowRowName) => r.published.flow.find((f) => f.row === row)!;

describe("Bath & North East Somerset's annual report 2022-23, from a year through the workflow", () => {
  it('gives its tables: flow by stage, teams, complainants, categories, timeliness, compliments, enquiries, equalities, learning, the Ombudsman and earlier years', { timeout: 1_800_000 }, async () => {
    const script = [...EARLIER, ...YEAR];
    // Each set of findings in banes-year.ts is used once: the 34 Stage 1 responses of the year.
    expect(FINDINGS_USED()).toEqual({ used: 34, sets: 34 });
    // The script's dates, checked by hand against the calendar.
    const facts = script.map(plan).map((p) => p.facts);
    const byRef = (ref: string) => facts.find((f) => f.script.ref === ref)!;
    // Received Mon 4 Apr 2022, answered in 9 working days over Good Friday and Easter Monday (15 and 18 April): Tue 19 April.
    expect(byRef('BNS-2022-A01').s1?.on).toBe('2022-04-19');
    // Carried over at Stage 3: asked for Mon 7 Mar 2022, the panel 28 working days later on Thu 14 April (within 30, 8.9).
    expect(byRef('BNS-2021-P3').stages.stage3?.entered).toBe('2022-03-07');
    expect(byRef('BNS-2021-P3').panel?.on).toBe('2022-04-14');
    // The two panels asked for in the year and held after it (5.6): Thu 6 April 2023, before Good Friday.
    expect(byRef('BNS-2022-A03').panel?.on).toBe('2023-04-06');
    expect(byRef('BNS-2022-A04').panel?.on).toBe('2023-04-06');
    // The longest investigation: asked for Tue 30 Aug 2022 (after the 29 August bank holiday), 104 working days from its agreement, past the Queen's funeral (19 September) and Christmas: Wed 1 Feb 2023.
    expect(byRef('BNS-2022-A05').stages.stage2?.entered).toBe('2022-08-30');
    expect(byRef('BNS-2022-A05').s2).toEqual({ on: '2023-02-01', wd: 104, metDue: false });

    const { db, records } = await liveYear(script, { start: '2020-04-01T06:00:00Z', policy: POLICY_PROFILES.banes! });
    const feedback = new FeedbackStore(db);
    for (const rep of REPRESENTATIONS) await feedback.log({ kind: 'representation', ...rep, recordedBy: 'officer-1' });
    for (const [i, c] of COMPLIMENTS.entries()) {
      for (let k = 0; k < c.n; k += 1) await feedback.log({ kind: 'compliment', receivedOn: `2022-${String(5 + i).padStart(2, '0')}-${String(10 + k).padStart(2, '0')}` as never, team: c.team, recordedBy: 'officer-1' });
    }
    const enquiries = new EnquiryStore(db);
    for (const [i, e] of ENQUIRIES.entries()) {
      await enquiries.log({ ...e, memberName: `Member ${i + 1}`, receivedOn: `2022-${String(4 + (i % 9)).padStart(2, '0')}-15` as never, recordedBy: 'officer-1' });
    }
    // Twenty statutory complainants of the year answered the equalities questions; the care flags of the five young people.
    const statutoryThisYear = YEAR.filter((c) => c.triage !== 'corporate' && c.received >= FROM);
    for (const [i, answers] of EQUALITIES.entries()) await records.equalities.record(statutoryThisYear[i]!.ref, 'complainant', answers, 'officer-1');
    for (const { ref, flag } of CARE_FLAGS) await records.equalities.setChildCare(ref, flag, 'officer-1');

    const r = await records.report({ from: FROM, to: TO });

    // ---- 4.2: the flow table.
    expect(banesColumns(flowRow(r, 'stage1'))).toEqual([5, 57, 34, 14, 6, 8]);
    expect(banesColumns(flowRow(r, 'stage2'))).toEqual([2, 10, 9, 0, 0, 3]);
    expect(banesColumns(flowRow(r, 'stage3'))).toEqual([1, 4, 3, 0, 0, 2]);
    // Difference 1: 4 decided and 1 carried forward (published 5 and 0).
    expect(banesColumns(flowRow(r, 'ombudsman'))).toEqual([3, 2, 4, 0, 0, 1]);
    expect(banesColumns(flowRow(r, 'representation'))).toEqual([0, 2, 1, 0, 1, 0]);
    // Difference 3: the corporate 8 "outside scope" closed as withdrawn (published [0, 57, 42, 8, 0, 7]).
    expect(banesColumns(flowRow(r, 'corporate'))).toEqual([0, 57, 42, 0, 8, 7]);
    expect(flowRow(r, 'corporate').withdrawn).toBe(8);
    // Differences 1, 3, 4: published 11, 134, 96, 22, 7, 20.
    expect(banesColumns(flowRow(r, 'total'))).toEqual([11, 132, 93, 14, 15, 21]);
    // None escalated unanswered; 10 Stage 1s went on to Stage 2, 4 Stage 2s to a panel.
    expect(flowRow(r, 'stage1')).toMatchObject({ withdrawn: 6, notPursued: 0, escalatedUnanswered: 0, escalated: 10 });
    expect(flowRow(r, 'stage2')).toMatchObject({ escalatedUnanswered: 0, escalated: 4 });

    // ---- 4.6: complaints by team (Stage 1 under both procedures); difference 5 at Stage 2, 4 for SEND's corporate reviews.
    const team = (name: string) => {
      const t = r.teams.find((x) => x.team === name);
      return t ? [t.representations, t.stage1 + t.corporate, t.stage2, t.stage3, t.ombudsman] : undefined;
    };
    expect(Object.fromEntries(Object.values(T).map((name) => [name, team(name)]))).toEqual({
      [T.AT]: [0, 2, 0, 0, 0],
      [T.AW]: [0, 2, 0, 0, 1],
      [T.CF]: [0, 2, 0, 0, 0],
      [T.SQA]: [0, 7, 0, 0, 0],
      [T.SEND]: [0, 33, 0, 0, 1], // published Stage 2: 2 (corporate)
      [T.SENDT]: [0, 3, 0, 0, 0],
      [T.CIC]: [1, 18, 2, 0, 0], // published Stage 2: 1
      [T.DCT]: [0, 9, 4, 3, 0],
      [T.FPT]: [0, 1, 0, 0, 0],
      [T.FST]: [0, 26, 3, 1, 0], // published Stage 2: 2
      [T.TRIAGE]: [0, 7, 0, 0, 0],
      [T.YOS]: [0, 1, 0, 0, 0],
      [T.OTHER]: [1, 3, 1, 0, 0],
    });
    // The statutory and corporate split (2.2-2.3): 57 and 57.
    expect(r.teams.reduce((n, t) => n + t.stage1, 0)).toBe(57);
    expect(r.teams.reduce((n, t) => n + t.corporate, 0)).toBe(57);

    // ---- 3.3-3.6: who complained, advocacy, young people in care or care-experienced.
    expect(r.complainantTypes).toEqual([
      { type: 'parent', cases: 81 },
      { type: 'other', cases: 9 },
      { type: 'other-relative', cases: 6 },
      { type: 'grandparent', cases: 5 },
      { type: 'foster-carer', cases: 4 },
      { type: 'young-person-in-care', cases: 3 },
      { type: 'care-experienced', cases: 2 },
      { type: 'formal-carer', cases: 2 },
      { type: 'young-person', cases: 2 },
    ]);
    // 3.3: "The majority of the complaints (71%) are made by a parent" (difference 8).
    expect(percent(81, r.advocacy.cases)).toBe(71);
    // 3.6: three young people with an advocate from Shout Out (a young person complaining for themselves names no other child).
    expect(r.advocacy).toEqual({ cases: 114, withChild: 107, withAdvocate: 3, childWithAdvocate: 0 });
    expect(r.childCare).toEqual([
      { flag: 'in-care', cases: 3 },
      { flag: 'care-experienced', cases: 2 },
      { flag: 'care-leaver', cases: 0 },
      { flag: 'none', cases: 0 },
      { flag: 'not recorded', cases: 109 },
    ]);

    // ---- 4.11: categories per complaint at Stage 1, with per cents (difference 6).
    const cats = r.published.categoriesPerComplaint.stage1;
    expect({ complaints: cats.complaints, categoryTotal: cats.categoryTotal, heads: cats.heads }).toEqual({ complaints: 34, categoryTotal: 62, heads: 62 });
    expect(cats.rows.map((c) => [c.complaints, c.complaintsPercent, c.complaintsUpheld, c.complaintsUpheldPercent])).toEqual([
      [1, 2, 1, 100], // assessment, care management or review
      [10, 16, 5, 50], // attitude or behaviour of staff
      [7, 11, 0, 0], // appropriateness of service
      [29, 47, 5, 17], // quality of service (published 46%)
      [1, 2, 1, 100], // delay
      [14, 23, 2, 14], // unwelcome or disputed decision (published "2%")
    ]);
    expect(cats.total).toMatchObject({ complaints: 62, complaintsPercent: 100, complaintsUpheld: 14, complaintsUpheldPercent: 23 });
    // Per head the same (one category a head).
    expect(cats.rows.map((c) => [c.heads, c.headsUpheld])).toEqual(cats.rows.map((c) => [c.complaints, c.complaintsUpheld]));
    // Outcomes per complaint at Stage 1: 4.13's "23% … upheld or partially upheld" is of the 62; of the 34 complaints, 11.
    expect(r.published.outcomes.stage1).toEqual({ complaints: 34, upheld: 2, partiallyUpheld: 9, notUpheld: 23 });

    // ---- 8.3, 8.5, 8.7, 8.9: timeliness, Stage 2 from the complaint's agreement.
    expect(r.timeliness.stage1).toMatchObject({ responded: 34, within10: 5, within20: 14, beyond20: 15, metDueDate: 19 });
    expect(r.corporate).toMatchObject({ answered: 42, within15: 22, beyond15: 20 });
    expect([percent(22, 42), percent(20, 42)]).toEqual([52, 48]);
    expect(r.timeliness.stage2).toEqual({ responded: 9, within25: 0, within65: 2, beyond65: 7, averageWorkingDays: 89, metDueDate: 0, fromStatementAgreed: 9 });
    expect(r.timeliness.panels).toEqual({ held: 3, within30: 2, beyond30: 1 });

    // ---- 6.1: the Ombudsman's decisions.
    expect(r.ombudsman).toMatchObject({
      referred: 2,
      decided: 4,
      decisions: [
        { decision: 'fault-without-injustice', cases: 2 },
        { decision: 'no-fault', cases: 1 },
        { decision: 'upheld', cases: 1 },
      ],
    });

    // ---- 7.1-7.2: 15 compliments by team.
    expect(r.compliments).toEqual({
      received: 15,
      byTeam: [
        { team: 'Administration Team', compliments: 2 },
        { team: 'Care Experienced Team', compliments: 4 },
        { team: T.CIC, compliments: 1 },
        { team: T.CF, compliments: 2 },
        { team: T.DCT, compliments: 6 },
      ],
    });

    // ---- 1.6: 37 enquiries, three about children's social care (difference 11).
    expect(r.enquiries).toMatchObject({
      received: 37,
      fromMps: 9,
      fromCouncillors: 28,
      serviceAreas: [
        { serviceArea: 'SEND', enquiries: 22 },
        { serviceArea: 'Home to school transport', enquiries: 12 },
        { serviceArea: "Children's Social Care", enquiries: 3 },
      ],
    });

    // ---- 3.9: equalities, aggregate only, small numbers suppressed (difference 7).
    const eq = r.equalities.complainant;
    const cell = (field: keyof typeof eq, value: string) => eq[field].find((c) => c.value === value)!.count;
    expect([cell('sex', 'female'), cell('sex', 'male'), cell('sex', 'prefer-not-to-say'), cell('sex', 'not given')]).toEqual([12, NOT_SHOWN, FEWER_THAN_5, 94]);
    expect([cell('ethnicity', 'white-british'), cell('ethnicity', 'black-caribbean'), cell('ethnicity', 'black-african'), cell('ethnicity', 'other')]).toEqual([16, FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5]);
    expect([cell('disability', 'yes'), cell('disability', 'no')]).toEqual([FEWER_THAN_5, NOT_SHOWN]);
    expect([cell('ageBand', '18-24'), cell('ageBand', '25-44'), cell('ageBand', '45-64')]).toEqual([FEWER_THAN_5, 14, FEWER_THAN_5]);
    // No count of 1 to 4 anywhere in the equalities tables.
    const shown = Object.values(r.equalities).flatMap((fields) => Object.values(fields).flatMap((cells) => cells.map((c) => c.count)));
    expect(shown.filter((n) => typeof n === 'number' && n > 0 && n < 5)).toEqual([]);

    // ---- 5.2-5.8: learning by theme and the stage it came from.
    const learned = Object.fromEntries(r.learning.filter((l) => l.stage1 + l.stage2 + l.stage3 > 0).map((l) => [l.theme, [l.stage1, l.stage2, l.stage3]]));
    expect(learned).toEqual({
      communication: [0, 0, 1],
      recording: [0, 0, 1],
      planning: [0, 0, 1],
      placement: [1, 0, 0],
      contact: [1, 0, 0],
      advocacy: [0, 0, 2],
      'information-sharing': [0, 2, 0],
      training: [1, 2, 2],
      // 5.8: "a recommendation made by two of the Review Panels".
      'equality-diversity': [0, 1, 2],
      'policy-procedure': [1, 1, 0],
      commissioning: [0, 0, 1],
      other: [0, 0, 1],
    });

    // ---- 4.3-4.9: earlier years (difference 10), oldest first.
    const [y2020, y2021] = r.comparison;
    expect([y2020!.period, y2021!.period]).toEqual([{ from: '2020-04-01', to: '2021-03-31' }, { from: '2021-04-01', to: '2022-03-31' }]);
    const received = (c: typeof y2020, row: FlowRowName) => c!.flow.find((f) => f.row === row)!.received;
    expect([received(y2020, 'corporate'), received(y2021, 'corporate'), received(y2020, 'stage1'), received(y2021, 'stage1')]).toEqual([17, 19, 0, 18]);
    // 4.2's carried over is the year before's carried forward.
    expect(y2021!.flow.map((f) => [f.row, f.carriedForward])).toEqual([['representation', 0], ['stage1', 5], ['corporate', 0], ['stage2', 2], ['stage3', 1], ['ombudsman', 3], ['total', 11]]);
    // 4.4 and 4.9, by team: SEND 17 in each of the two years before; Children in Care 12 in 2021-22.
    const before = await records.report({ from: '2021-04-01', to: '2022-03-31' });
    const earliest = await records.report({ from: '2020-04-01', to: '2021-03-31' });
    expect(before.teams.find((t) => t.team === T.CIC)!.stage1).toBe(12);
    expect([earliest.teams.find((t) => t.team === T.SEND)!.corporate, before.teams.find((t) => t.team === T.SEND)!.corporate]).toEqual([17, 17]);
    // The same in the report's own comparison by team.
    expect(r.comparison.map((c) => c.teams.find((t) => t.team === T.SEND))).toEqual([{ team: T.SEND, stage1: 0, corporate: 17 }, { team: T.SEND, stage1: 0, corporate: 17 }]);
    expect(r.comparison.map((c) => c.teams.find((t) => t.team === T.CIC)?.stage1)).toEqual([undefined, 12]);

    // ---- The same figures in the tables as exported (CSV) and printed (HTML).
    const csv = reportCsv(r).split('\r\n');
    expect(csv).toContain('Stage 1 (statutory procedure),5,57,34,14,0,6,0,8,10');
    expect(csv).toContain('Stage 1 (corporate procedure),0,57,42,0,0,8,0,7,0');
    expect(csv).toContain('Referral to the Ombudsman,3,2,4,0,0,0,0,1,0');
    expect(csv).toContain('Representation,0,2,1,0,1,0,0,0,0');
    expect(csv).toContain('Team,Representations,Stage 1,Stage 1 (corporate procedure),Stage 2,Stage 3,Ombudsman,Compliments');
    expect(csv).toContain('SEND,0,0,33,0,0,1,0');
    expect(csv).toContain('DCT,0,9,0,4,3,0,6');
    expect(csv).toContain('Quality of service,29,47%,5,17%,29,47%,5,17%');
    expect(csv).toContain('Stage 2 responses (25 / 65 WD),9,0,2,7,89,0,0%');
    expect(csv).toContain('young-person-in-care,3');
    expect(csv).toContain('care-experienced,2');
    expect(csv).toContain('Cases received,A child named,An advocate,A child with an advocate');
    expect(csv).toContain('114,107,3,0');
    expect(csv).toEqual(expect.arrayContaining(['Received,37', '  from MPs,9', '  from councillors,28', "Service area: Children's Social Care,3"]));
    expect(csv).toContain('Ethnicity,black-caribbean,fewer than 5');
    expect(csv).toContain('equality-diversity,0,1,2');
    expect(csv).toContain('Decision: fault-without-injustice,2');
    expect(csv).toContain('Received: Stage 1 (corporate procedure),17,19,57');
    expect(csv).toContain('Team,2020-21,2021-22,2022-23');
    expect(csv).toContain('SEND,17,17,33');
    expect(csv).toContain('Children in Care,0,12,18');
    const html = reportHtml(r);
    expect(html).toContain('<tr><th scope="row">SEND</th><td>17</td><td>17</td><td>33</td></tr>');
    expect(html).toContain('<tr><th scope="row">Stage 1 (statutory procedure)</th><td>5</td><td>57</td><td>34</td><td>14</td><td>0</td><td>6</td><td>0</td><td>8</td><td>10</td></tr>');
    expect(html).toContain('<tr><th scope="row">SEND</th><td>0</td><td>0</td><td>33</td><td>0</td><td>0</td><td>1</td><td>0</td></tr>');
    expect(html).toContain('<tr><th scope="row">Ethnicity</th><td>black-caribbean</td><td>fewer than 5</td></tr>');
    expect(html).toContain('<tr><th scope="row">Decision: upheld</th><td>1</td></tr>');
    expect(html).toContain('<tr><th scope="row">young-person-in-care</th><td>3</td></tr>');
    expect(html).toContain('<tr><th scope="row">care-experienced</th><td>2</td></tr>');
    expect(html).toContain('<tr><td>114</td><td>107</td><td>3</td><td>0</td></tr>');
    expect(html).toContain('<tr><th scope="row">  from MPs</th><td>9</td></tr>');
    expect(html).toContain('<tr><th scope="row">equality-diversity</th><td>0</td><td>1</td><td>2</td></tr>');
    await db.close();
  });
});
