import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { startOfLondonDay, type IsoDate } from '../../domain/dates';
import { openPglite } from '../../records/db';
import { OutboxChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { LEARNING_THEMES, SATISFACTION } from '../../domain/complaint/commands-closure';
import { CHILD_CARE } from '../../domain/care-flags';
import { EQUALITIES_FIELD_NAMES, EQUALITIES_FIELDS, EQUALITIES_SUBJECTS } from '../../domain/equalities';
import type { PersonInput } from '../../records/types';
import { CATEGORIES, type CommandName } from '../../domain/complaint/commands';
import { IO, IP, openCase, PANEL, runAt, sleepUntil, view, type CaseHandle } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { scenario } from '../helpers/time-skipping';

/**
 * A council's year, lived through the real complaint workflow on a
 * time-skipping server (February 2027 to the spring of 2028), filed by the
 * real records activities in PGlite. The annual report for 2027-28 must
 * give, figure for figure, the counts this file works out from its own
 * script: what it did to each case and when.
 */

const FROM = '2027-04-01';
const TO = '2028-03-31';
const cal = new WorkingDayCalendar(defaultCalendarData());
const wd = (d: IsoDate, n: number) => cal.addWorkingDays(d, n);
/** An instant at a London wall-clock time (every scripted date is a working day, never a clock-change Sunday). */
const at = (d: IsoDate, time = '10:00') => new Date(startOfLondonDay(d) + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3))) * 60_000).toISOString();

type Stage = 'stage1' | 'stage2' | 'stage3';
type Finding = 'upheld' | 'partially-upheld' | 'not-upheld';
type Heads = Array<[Finding, (typeof CATEGORIES)[number]]>;
type How = 'resolved' | 'outsideScope' | 'notPursued' | 'withdrawn' | 'escalatedUnanswered';
const [ASSESS, STAFF, APPROP, QUALITY, DELAY, DECISION] = CATEGORIES;
const CIC = 'Children in Care';
const FOS = 'Fostering';
const DC = 'Disabled Children';

/** What the test does to one case. Offsets are working days ("Wd"), from the step named. */
interface CaseScript {
  ref: string;
  received: IsoDate;
  team: string;
  type: string;
  child: boolean;
  advocate: boolean;
  triage?: 'stage1' | 'stage2' | 'corporate' | 'representation' | 'not-accepted';
  s1?: {
    /** Stage 1 response, from receipt. */
    respondWd?: number;
    /** An extension of the response clock by this many working days, agreed 2 WD after receipt. */
    extendBy?: number;
    withdrawWd?: number;
    findings?: Heads;
    /** Closed as resolved this long after the response. */
    closeWd?: number;
    /** Escalation to Stage 2: from the response, or from receipt when never answered. */
    escalateWd?: number;
  };
  s2?: { adjudicateWd?: number; withdrawWd?: number; findings?: Heads; closeWd?: number; escalateWd?: number };
  s3?: { panelWd: number; findings?: Heads; final: boolean };
  /** From the council's last response; decision from the referral; compliance from the decision. */
  ombudsman?: { referWd: number; decision?: string; decideWd?: number; complyWd?: number };
  restrictions?: Array<{ level: 'warning' | 'restricted' | 'refused'; startsOn: IsoDate }>;
}

const base = { team: CIC, type: 'parent', child: true, advocate: false } as const;
const SCRIPT: CaseScript[] = [
  // Wholly before the period, but its Ombudsman decision and compliance fall in it; a restriction from before it.
  { ...base, ref: 'CSC-2027-YR0001', received: '2027-02-01', triage: 'stage1', s1: { respondWd: 6, findings: [['not-upheld', QUALITY]], closeWd: 2 },
    ombudsman: { referWd: 10, decision: 'fault-without-injustice', decideWd: 40, complyWd: 20 }, restrictions: [{ level: 'warning', startsOn: '2027-03-01' }] },
  // Carried over at Stage 1 (over Easter), answered in April.
  { ...base, ref: 'CSC-2027-YR0002', team: FOS, type: 'foster-carer', received: '2027-03-15', triage: 'stage1', s1: { respondWd: 16, findings: [['upheld', DELAY]] } },
  // Carried over at Stage 2, adjudicated in the period; the Ombudsman refers it back.
  { ...base, ref: 'CSC-2027-YR0003', advocate: true, received: '2027-02-08', triage: 'stage1', s1: { respondWd: 8, escalateWd: 5 },
    s2: { adjudicateWd: 40, findings: [['partially-upheld', ASSESS], ['not-upheld', STAFF]] },
    ombudsman: { referWd: 5, decision: 'referred-back-for-local-resolution', decideWd: 10 } },
  // Answered before the period, escalated in it; all three stages; the Ombudsman upholds, remedies complied with.
  { ...base, ref: 'CSC-2027-YR0004', team: DC, type: 'child', received: '2027-03-01', triage: 'stage1', s1: { respondWd: 9, escalateWd: 15 },
    s2: { adjudicateWd: 20, findings: [['upheld', APPROP]], escalateWd: 10 },
    s3: { panelWd: 20, findings: [['upheld', APPROP], ['partially-upheld', DECISION]], final: true },
    ombudsman: { referWd: 10, decision: 'upheld', decideWd: 30, complyWd: 10 } },
  // Stage 1 within 10 WD, closed resolved.
  { ...base, ref: 'CSC-2027-YR0005', received: '2027-04-12', triage: 'stage1', s1: { respondWd: 10, findings: [['not-upheld', QUALITY], ['partially-upheld', STAFF]], closeWd: 3 } },
  // Stage 1 late (beyond 20 WD), then not pursued: the window lapses.
  { ...base, ref: 'CSC-2027-YR0006', team: FOS, type: 'relative', child: false, received: '2027-05-04', triage: 'stage1', s1: { respondWd: 24, findings: [['upheld', DELAY]] },
    restrictions: [{ level: 'refused', startsOn: '2028-02-01' }] },
  // Stage 1 extended by 5 WD and answered in 13: within 20, and on its (extended) due date.
  { ...base, ref: 'CSC-2027-YR0007', team: DC, received: '2027-06-07', triage: 'stage1', s1: { respondWd: 13, extendBy: 5 } },
  // Outside the procedure.
  { ...base, ref: 'CSC-2027-YR0008', type: 'care-leaver', child: false, received: '2027-06-14', triage: 'not-accepted' },
  { ...base, ref: 'CSC-2027-YR0009', team: FOS, received: '2027-06-21', triage: 'corporate' },
  { ...base, ref: 'CSC-2027-YR0010', team: DC, type: 'child', advocate: true, received: '2027-07-05', triage: 'representation' },
  { ...base, ref: 'CSC-2027-YR0011', type: 'foster-carer', child: false, received: '2027-07-12', triage: 'representation' },
  // Withdrawn at Stage 1.
  { ...base, ref: 'CSC-2027-YR0012', team: FOS, received: '2027-07-19', triage: 'stage1', s1: { withdrawWd: 4 } },
  // Stage 1 never answered: escalated once overdue; Stage 2 beyond 65 WD, then not pursued.
  { ...base, ref: 'CSC-2027-YR0013', type: 'child', advocate: true, received: '2027-08-02', triage: 'stage1', s1: { escalateWd: 12 },
    s2: { adjudicateWd: 70, findings: [['not-upheld', ASSESS], ['not-upheld', QUALITY]] } },
  // Straight to Stage 2, within 25 WD, closed resolved.
  { ...base, ref: 'CSC-2027-YR0014', team: DC, received: '2027-09-06', triage: 'stage2', s2: { adjudicateWd: 24, findings: [['partially-upheld', DELAY]], closeWd: 5 } },
  // Withdrawn at Stage 2.
  { ...base, ref: 'CSC-2027-YR0015', team: FOS, type: 'relative', received: '2027-09-13', triage: 'stage1', s1: { respondWd: 7, escalateWd: 3 }, s2: { withdrawWd: 6 } },
  // Three stages: Stage 2 within 65 but after its due date; the panel beyond 30 WD (agreed later); the Ombudsman finds no fault.
  { ...base, ref: 'CSC-2027-YR0016', advocate: true, received: '2027-05-10', triage: 'stage1', s1: { respondWd: 10, escalateWd: 10 },
    s2: { adjudicateWd: 30, escalateWd: 12 },
    s3: { panelWd: 35, findings: [['not-upheld', STAFF], ['upheld', DECISION]], final: true },
    ombudsman: { referWd: 15, decision: 'no-fault', decideWd: 20 } },
  // Answered and closed at Stage 1, then to the Ombudsman.
  { ...base, ref: 'CSC-2027-YR0017', team: DC, type: 'care-leaver', child: false, received: '2027-04-19', triage: 'stage1', s1: { respondWd: 5, closeWd: 2 },
    ombudsman: { referWd: 10, decision: 'closed-after-initial-enquiries', decideWd: 15 } },
  // Received near the end: carried forward at Stage 1 (answered after the period).
  { ...base, ref: 'CSC-2028-YR0018', received: '2028-03-20', triage: 'stage1', s1: { respondWd: 12 } },
  // Carried forward at Stage 2 (adjudicated after the period), over Christmas.
  { ...base, ref: 'CSC-2027-YR0019', team: FOS, type: 'child', received: '2027-12-06', triage: 'stage1', s1: { respondWd: 9, escalateWd: 8 }, s2: { adjudicateWd: 65 } },
  // Carried forward at Stage 3: the panel met in time, no final response yet.
  { ...base, ref: 'CSC-2027-YR0020', team: DC, received: '2027-10-04', triage: 'stage1', s1: { respondWd: 10, escalateWd: 5 },
    s2: { adjudicateWd: 25, escalateWd: 15 }, s3: { panelWd: 30, findings: [['partially-upheld', QUALITY]], final: false } },
  // Stage 1 at exactly 20 WD; two restrictions in the period.
  { ...base, ref: 'CSC-2027-YR0021', received: '2027-11-01', triage: 'stage1', s1: { respondWd: 20 },
    restrictions: [{ level: 'warning', startsOn: '2027-11-15' }, { level: 'restricted', startsOn: '2028-01-10' }] },
  // Received after the period.
  { ...base, ref: 'CSC-2028-YR0023', received: '2028-04-03', triage: 'stage1' },
  // Never triaged: open at the end.
  { ...base, ref: 'CSC-2028-YR0024', team: FOS, type: 'other', child: false, received: '2028-02-07' },
];

/** One command of the script, at its instant. */
interface Step {
  at: string;
  ref: string;
  name: CommandName | 'open';
  input?: Record<string, unknown>;
}

/** What the script makes of a case: the facts the report must count. */
interface Facts {
  script: CaseScript;
  stages: Partial<Record<Stage, { entered: IsoDate; end?: { on: IsoDate; how: How } }>>;
  /** Working days to each response and whether it met its (extended) due date. */
  s1?: { on: IsoDate; wd: number; metDue: boolean };
  s2?: { on: IsoDate; wd: number; metDue: boolean };
  panel?: { on: IsoDate; wd: number };
  findings: Array<{ stage: Stage; on: IsoDate; heads: Heads }>;
  ombudsman?: { referredOn: IsoDate; decision?: string; decidedOn?: IsoDate; compliedOn?: IsoDate };
}

const findingsInput = (heads: Heads) => ({ heads: heads.map(([finding, category], i) => ({ head: String(i + 1), finding, category })) });

/** The steps for one case, and its facts, from its script. */
function plan(c: CaseScript): { steps: Step[]; facts: Facts } {
  const steps: Step[] = [];
  const step = (on: IsoDate, time: string, name: Step['name'], input?: Record<string, unknown>) => steps.push({ at: at(on, time), ref: c.ref, name, input });
  const facts: Facts = { script: c, stages: {}, findings: [] };
  const r = c.received;
  step(r, '09:30', 'open');
  if (!c.triage) {
    facts.stages.stage1 = { entered: r };
    return { steps, facts };
  }
  if (c.triage === 'corporate' || c.triage === 'representation' || c.triage === 'not-accepted') {
    step(r, '10:00', 'triage', { decision: c.triage, reason: 'explained in writing', ...(c.triage === 'not-accepted' ? { notAcceptedReason: 'court-proceedings' } : {}) });
    facts.stages.stage1 = { entered: r, end: { on: r, how: 'outsideScope' } };
    return { steps, facts };
  }
  step(r, '10:00', 'triage', { decision: c.triage });
  let last: IsoDate | undefined; // the council's last response
  let e2: IsoDate | undefined;
  if (c.triage === 'stage1') {
    const s1 = c.s1 ?? {};
    facts.stages.stage1 = { entered: r };
    step(wd(r, 1), '10:00', 'acknowledge');
    if (s1.extendBy) step(wd(r, 2), '10:00', 'extend', { deadline: 'stage1.respond', workingDays: s1.extendBy, reason: 'a key worker is away' });
    if (s1.withdrawWd !== undefined) {
      step(wd(r, s1.withdrawWd), '10:00', 'withdraw');
      facts.stages.stage1.end = { on: wd(r, s1.withdrawWd), how: 'withdrawn' };
    } else if (s1.respondWd !== undefined) {
      const on = wd(r, s1.respondWd);
      step(on, '10:00', 'respond');
      facts.stages.stage1.end = { on, how: 'resolved' };
      facts.s1 = { on, wd: s1.respondWd, metDue: s1.respondWd <= 10 + (s1.extendBy ?? 0) };
      last = on;
      if (s1.findings) {
        step(on, '10:05', 'record-findings', { stage: 'stage1', findings: findingsInput(s1.findings) });
        facts.findings.push({ stage: 'stage1', on, heads: s1.findings });
      }
      if (s1.closeWd !== undefined) step(wd(on, s1.closeWd), '10:00', 'close', { outcome: 'resolved' });
      if (s1.escalateWd !== undefined) e2 = wd(on, s1.escalateWd);
    } else if (s1.escalateWd !== undefined) {
      e2 = wd(r, s1.escalateWd);
      facts.stages.stage1.end = { on: e2, how: 'escalatedUnanswered' };
    }
    if (e2) step(e2, '10:00', 'escalate', { reasons: 'not satisfied' });
  } else {
    e2 = r;
  }
  if (!e2) return { steps, facts };

  // Stage 2: acknowledged, investigators appointed, statement agreed (its 25 WD clock starts), reports, adjudication.
  const s2 = c.s2 ?? {};
  facts.stages.stage2 = { entered: e2 };
  step(wd(e2, 1), '10:00', 'acknowledge');
  step(wd(e2, 2), '10:00', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
  step(wd(e2, 3), '10:00', 'agree-statement');
  let e3: IsoDate | undefined;
  if (s2.withdrawWd !== undefined) {
    step(wd(e2, s2.withdrawWd), '11:00', 'withdraw');
    facts.stages.stage2.end = { on: wd(e2, s2.withdrawWd), how: 'withdrawn' };
  } else if (s2.adjudicateWd !== undefined) {
    const on = wd(e2, s2.adjudicateWd);
    step(on, '09:30', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
    step(on, '10:00', 'adjudicate', s2.findings ? { findings: findingsInput(s2.findings) } : {});
    facts.stages.stage2.end = { on, how: 'resolved' };
    // Due 25 WD after the statement, agreed 3 WD after the request: the statutory policy times Stage 2 from the statement.
    facts.s2 = { on, wd: s2.adjudicateWd - 3, metDue: s2.adjudicateWd <= 3 + 25 };
    last = on;
    if (s2.findings) facts.findings.push({ stage: 'stage2', on, heads: s2.findings });
    if (s2.closeWd !== undefined) step(wd(on, s2.closeWd), '10:00', 'close', { outcome: 'resolved' });
    if (s2.escalateWd !== undefined) {
      e3 = wd(on, s2.escalateWd);
      step(e3, '10:00', 'escalate', { reasons: 'still not satisfied' });
    }
  }

  if (e3 && c.s3) {
    // Stage 3: a panel within 30 WD, or later with the complainant's agreement (an extension first).
    const s3 = c.s3;
    facts.stages.stage3 = { entered: e3 };
    step(wd(e3, 1), '10:00', 'acknowledge');
    if (s3.panelWd > 30) step(wd(e3, 1), '11:00', 'extend', { deadline: 'stage3.panel', workingDays: s3.panelWd - 30, reason: 'the complainant asked for a later date', complainantAgreed: true });
    const panel = wd(e3, s3.panelWd);
    step(wd(e3, 2), '10:00', 'schedule-panel', { panelDate: panel, members: PANEL });
    step(panel, '10:00', 'record-panel', s3.findings ? { findings: findingsInput(s3.findings) } : {});
    facts.panel = { on: panel, wd: s3.panelWd };
    if (s3.findings) facts.findings.push({ stage: 'stage3', on: panel, heads: s3.findings });
    if (s3.final) {
      step(wd(panel, 2), '10:00', 'panel-report');
      const final = wd(panel, 5);
      step(final, '10:00', 'final-response');
      facts.stages.stage3.end = { on: final, how: 'resolved' };
      last = final;
    }
  }

  const o = c.ombudsman;
  if (o && last) {
    const referredOn = wd(last, o.referWd);
    step(referredOn, '12:00', 'refer-to-ombudsman');
    facts.ombudsman = { referredOn };
    if (o.decision && o.decideWd !== undefined) {
      const decidedOn = wd(referredOn, o.decideWd);
      const complianceDate = wd(decidedOn, (o.complyWd ?? 10) + 10);
      step(decidedOn, '12:00', 'record-ombudsman-decision', { decision: o.decision, ...(o.complyWd !== undefined ? { complianceDate } : {}) });
      facts.ombudsman.decision = o.decision;
      facts.ombudsman.decidedOn = decidedOn;
      if (o.complyWd !== undefined) {
        const compliedOn = wd(decidedOn, o.complyWd);
        step(compliedOn, '12:00', 'record-ombudsman-compliance');
        facts.ombudsman.compliedOn = compliedOn;
      }
    }
  }
  return { steps, facts };
}

function people(c: CaseScript): PersonInput[] {
  return [
    { role: 'complainant', name: `Complainant of ${c.ref}`, type: c.type, address: '1 High Street' },
    ...(c.child ? [{ role: 'child' as const, name: `Child of ${c.ref}` }] : []),
    ...(c.advocate ? [{ role: 'advocate' as const, name: `Advocate of ${c.ref}` }] : []),
  ];
}

// ----------------------------------------------- the figures, from the script

const inPeriod = (d: IsoDate | undefined): d is IsoDate => d !== undefined && d >= FROM && d <= TO;
const count = <T>(xs: T[], p: (x: T) => boolean) => xs.filter(p).length;
const avg = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);

function expectedReport(all: Facts[]) {
  const stages = Object.fromEntries(
    (['stage1', 'stage2', 'stage3'] as const).map((s) => {
      const here = all.map((f) => f.stages[s]).filter((x) => x !== undefined);
      const next = s === 'stage1' ? 'stage2' : s === 'stage2' ? 'stage3' : null;
      const ended = (how: How) => count(here, (x) => x.end?.how === how && inPeriod(x.end.on));
      return [
        s,
        {
          carriedOver: count(here, (x) => x.entered < FROM && (x.end === undefined || x.end.on >= FROM)),
          received: count(here, (x) => inPeriod(x.entered)),
          resolved: ended('resolved'),
          outsideScope: ended('outsideScope'),
          notPursued: ended('notPursued'),
          withdrawn: ended('withdrawn'),
          escalatedUnanswered: ended('escalatedUnanswered'),
          escalated: count(all, (f) => f.stages[s] !== undefined && next !== null && inPeriod(f.stages[next]?.entered)),
          carriedForward: count(here, (x) => x.entered <= TO && (x.end === undefined || x.end.on > TO)),
        },
      ];
    }),
  );

  const s1 = all.map((f) => f.s1).filter((x) => x !== undefined && inPeriod(x.on)) as NonNullable<Facts['s1']>[];
  const s2 = all.map((f) => f.s2).filter((x) => x !== undefined && inPeriod(x.on)) as NonNullable<Facts['s2']>[];
  const panels = all.map((f) => f.panel).filter((x) => x !== undefined && inPeriod(x.on)) as NonNullable<Facts['panel']>[];
  const timeliness = {
    stage1: {
      responded: s1.length,
      within10: count(s1, (x) => x.wd <= 10),
      within20: count(s1, (x) => x.wd > 10 && x.wd <= 20),
      beyond20: count(s1, (x) => x.wd > 20),
      averageWorkingDays: avg(s1.map((x) => x.wd)),
      metDueDate: count(s1, (x) => x.metDue),
    },
    stage2: {
      responded: s2.length,
      within25: count(s2, (x) => x.wd <= 25),
      within65: count(s2, (x) => x.wd > 25 && x.wd <= 65),
      beyond65: count(s2, (x) => x.wd > 65),
      averageWorkingDays: avg(s2.map((x) => x.wd)),
      metDueDate: count(s2, (x) => x.metDue),
      fromStatementAgreed: s2.length,
    },
    panels: { held: panels.length, within30: count(panels, (x) => x.wd <= 30), beyond30: count(panels, (x) => x.wd > 30) },
  };

  const heads = all.flatMap((f) => f.findings.filter((x) => inPeriod(x.on)).flatMap((x) => x.heads.map(([finding, category]) => ({ stage: x.stage, finding, category }))));
  const findingCounts = (s: Stage) => {
    const h = heads.filter((x) => x.stage === s);
    return { upheld: count(h, (x) => x.finding === 'upheld'), partiallyUpheld: count(h, (x) => x.finding === 'partially-upheld'), notUpheld: count(h, (x) => x.finding === 'not-upheld'), total: h.length };
  };
  const categories = CATEGORIES.map((category) => {
    const h = heads.filter((x) => x.category === category);
    return {
      category,
      stage1: count(h, (x) => x.stage === 'stage1'),
      stage2: count(h, (x) => x.stage === 'stage2'),
      stage3: count(h, (x) => x.stage === 'stage3'),
      upheld: count(h, (x) => x.finding === 'upheld'),
      partiallyUpheld: count(h, (x) => x.finding === 'partially-upheld'),
      notUpheld: count(h, (x) => x.finding === 'not-upheld'),
    };
  });

  const receivedInPeriod = all.filter((f) => inPeriod(f.script.received));
  const teams = [...new Set(all.map((f) => f.script.team))]
    .sort()
    .map((team) => {
      const mine = all.filter((f) => f.script.team === team);
      return {
        team,
        representations: count(mine, (f) => inPeriod(f.script.received) && f.script.triage === 'representation'),
        stage1: count(mine, (f) => inPeriod(f.stages.stage1?.entered)),
        stage2: count(mine, (f) => inPeriod(f.stages.stage2?.entered)),
        stage3: count(mine, (f) => inPeriod(f.stages.stage3?.entered)),
        ombudsman: count(mine, (f) => inPeriod(f.ombudsman?.referredOn)),
      };
    })
    // The report lists a team only when it has something to count.
    .filter((t) => t.representations + t.stage1 + t.stage2 + t.stage3 + t.ombudsman > 0);
  const types = [...new Set(receivedInPeriod.map((f) => f.script.type))]
    .map((type) => ({ type, cases: count(receivedInPeriod, (f) => f.script.type === type) }))
    .sort((a, b) => b.cases - a.cases || (a.type < b.type ? -1 : 1));
  const decided = all.filter((f) => inPeriod(f.ombudsman?.decidedOn));
  const restrictions = all.flatMap((f) => f.script.restrictions ?? []).filter((x) => inPeriod(x.startsOn));

  return {
    period: { from: FROM, to: TO },
    stages,
    findings: { stage1: findingCounts('stage1'), stage2: findingCounts('stage2'), stage3: findingCounts('stage3') },
    timeliness,
    categories,
    teams,
    complainantTypes: types,
    advocacy: {
      cases: receivedInPeriod.length,
      withChild: count(receivedInPeriod, (f) => f.script.child),
      withAdvocate: count(receivedInPeriod, (f) => f.script.advocate),
      childWithAdvocate: count(receivedInPeriod, (f) => f.script.child && f.script.advocate),
    },
    ombudsman: {
      referred: count(all, (f) => inPeriod(f.ombudsman?.referredOn)),
      decided: decided.length,
      decisions: [...new Set(decided.map((f) => f.ombudsman!.decision!))].sort().map((decision) => ({ decision, cases: count(decided, (f) => f.ombudsman!.decision === decision) })),
      remediesComplied: count(all, (f) => inPeriod(f.ombudsman?.compliedOn)),
    },
    representations: { received: count(receivedInPeriod, (f) => f.script.triage === 'representation') },
    compliments: { received: 0, byTeam: [] },
    contactRestrictions: {
      applied: restrictions.length,
      warning: count(restrictions, (x) => x.level === 'warning'),
      restricted: count(restrictions, (x) => x.level === 'restricted'),
      refused: count(restrictions, (x) => x.level === 'refused'),
    },
    // Every step is run as it happens (runAt): none logged late (test/records/late-steps.test.ts counts those).
    lateSteps: { recordedAfterTheDay: 0, turnedMissedIntoMet: 0 },
    // The statutory profile routes corporate complaints out; no enquiry or service request is logged here.
    corporate: { carriedOver: 0, received: 0, answered: 0, within15: 0, beyond15: 0, averageWorkingDays: null, withdrawn: 0, notPursued: 0, carriedForward: 0, routedOut: count(receivedInPeriod, (f) => f.script.triage === 'corporate') },
    enquiries: { received: 0, fromMps: 0, fromCouncillors: 0, concerningComplaints: 0, answered: 0, serviceAreas: [] },
    serviceRequests: { received: 0, logged: 0, triagedFromComplaints: 0, teams: [], outcomes: [] },
    // The script records no learning, satisfaction, care flag or equalities answer: each case counts as not recorded or not given.
    learning: LEARNING_THEMES.map((theme) => ({ theme, stage1: 0, stage2: 0, stage3: 0 })),
    satisfaction: [...SATISFACTION.map((answer) => ({ answer, cases: 0 })), { answer: 'not recorded', cases: expect.any(Number) as unknown as number }],
    childCare: [...CHILD_CARE.map((flag) => ({ flag, cases: 0 })), { flag: 'not recorded', cases: receivedInPeriod.length }],
    // The flow table, categories per complaint and outcomes: test/records/report-published.test.ts (the flow is checked by hand below).
    published: expect.any(Object),
    comparison: expect.any(Array),
    equalities: Object.fromEntries(
      EQUALITIES_SUBJECTS.map((subject) => [
        subject,
        Object.fromEntries(EQUALITIES_FIELD_NAMES.map((field) => [field, [...EQUALITIES_FIELDS[field].map((value) => ({ value, count: 0 })), { value: 'not given', count: receivedInPeriod.length }]])),
      ]),
    ),
  };
}

describe('a year of complaints through the workflow', () => {
  it('gives an annual report whose every figure is the count worked out from the script', { timeout: 900_000 }, async () => {
    const planned = SCRIPT.map(plan);
    const facts = planned.map((p) => p.facts);
    const steps = planned.flatMap((p) => p.steps).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)); // stable: a case's own order holds

    // The script's dates, checked by hand against the calendar (Easter 2027: 26 and 29 March; Christmas 2027: 27 and 28 December).
    const byRef = (ref: string) => facts.find((f) => f.script.ref === ref)!;
    expect(byRef('CSC-2027-YR0002').s1).toEqual({ on: '2027-04-08', wd: 16, metDue: false });
    expect(byRef('CSC-2027-YR0004').stages.stage2?.entered).toBe('2027-04-06');
    expect(byRef('CSC-2027-YR0019').stages.stage2?.entered).toBe('2027-12-31');

    const db = await openPglite('memory://');
    await migrate(db);
    const records = new Records(db);
    const notices = new Correspondence({ records, channels: [new OutboxChannel()], council: { name: 'Test Council', contact: 'the Complaints Team', email: 'complaints@test.example' } });
    const s = await scenario('2027-02-01T08:00:00Z', { activities: createActivities({ records, notices }) });
    const handles = new Map<string, CaseHandle>();
    await s.run(async () => {
        for (const step of steps) {
          const c = SCRIPT.find((x) => x.ref === step.ref)!;
          if (step.name === 'open') {
            // As the API does: the people in the records store first, then the workflow.
            await records.createCase({ reference: c.ref, receivedAt: step.at, channel: 'letter', policyId: 'england-statutory', team: c.team, summary: 'About the care plan', people: people(c), actor: 'officer-1' });
            await sleepUntil(s, step.at);
            handles.set(c.ref, await openCase(s, { reference: c.ref, receivedAt: step.at, team: c.team }));
            continue;
          }
          await runAt(s, handles.get(c.ref)!, step.at, step.name, (step.input ?? {}) as never);
        }
        // Every case's last change filed: its events in the records match the workflow's.
        for (const [ref, handle] of handles) {
          await eventually(
            async () => {
              const { raw } = await handle.describe();
              const filed = (await records.listEvents(ref)).filter((e) => e.seq !== null).length;
              return (raw.pendingActivities ?? []).length === 0 && filed === (await view(handle)).events.length;
            },
            Boolean,
            30_000,
          );
        }
    });

    for (const c of SCRIPT) {
      for (const r of c.restrictions ?? []) {
        const person = (await records.getCase(c.ref))!.people.find((p) => p.role === 'complainant')!;
        await records.addContactRestriction({ reference: c.ref, personId: person.id, level: r.level, allowedContact: ['letter'], startsOn: r.startsOn, decidedBy: 'manager-1' });
      }
    }

    const report = await records.report({ from: FROM, to: TO });
    const { notes: _notes, ...figures } = report;
    expect(figures).toEqual(expectedReport(facts));
    // The counts, tallied by hand from the script, so a slip in the tally above cannot hide one in the report.
    expect(figures.stages).toEqual({
      stage1: { carriedOver: 1, received: 17, resolved: 10, outsideScope: 4, notPursued: 0, withdrawn: 1, escalatedUnanswered: 1, escalated: 6, carriedForward: 2 },
      stage2: { carriedOver: 1, received: 7, resolved: 6, outsideScope: 0, notPursued: 0, withdrawn: 1, escalatedUnanswered: 0, escalated: 3, carriedForward: 1 },
      stage3: { carriedOver: 0, received: 3, resolved: 2, outsideScope: 0, notPursued: 0, withdrawn: 0, escalatedUnanswered: 0, escalated: 0, carriedForward: 1 },
    });
    // Stage 2 from the statement's agreement (3 WD after the request): 37, 17, 67, 21, 27 and 22 working days.
    expect(figures.timeliness).toEqual({
      stage1: { responded: 10, within10: 6, within20: 3, beyond20: 1, averageWorkingDays: 12.4, metDueDate: 7 },
      stage2: { responded: 6, within25: 3, within65: 2, beyond65: 1, averageWorkingDays: 31.8, metDueDate: 3, fromStatementAgreed: 6 },
      panels: { held: 3, within30: 2, beyond30: 1 },
    });
    // The flow table's Ombudsman row: referrals carried over from 2026-27, made and decided in the year.
    const ombudsman = figures.published.flow.find((r) => r.row === 'ombudsman')!;
    const referrals = facts.map((f) => f.ombudsman).filter((o) => o !== undefined);
    expect(ombudsman).toMatchObject({
      carriedOver: count(referrals, (o) => o.referredOn < FROM && (o.decidedOn === undefined || o.decidedOn >= FROM)),
      received: count(referrals, (o) => inPeriod(o.referredOn)),
      resolved: count(referrals, (o) => inPeriod(o.decidedOn)),
      carriedForward: count(referrals, (o) => o.referredOn <= TO && (o.decidedOn === undefined || o.decidedOn > TO)),
    });
    expect(figures.published.flow.find((r) => r.row === 'total')).toMatchObject({ received: 17 + 7 + 3 + ombudsman.received, escalated: 9 });
    expect(figures.comparison.map((c) => c.period)).toEqual([{ from: '2025-04-01', to: '2026-03-31' }, { from: '2026-04-01', to: '2027-03-31' }]);
    // A lapsed window closes a case as not pursued; the report counts its stage as resolved by the response.
    expect((await records.getCase('CSC-2027-YR0006'))!.outcome).toEqual({ kind: 'not-pursued', stage: 'stage1' });
    expect((await records.getCase('CSC-2027-YR0013'))!.outcome).toEqual({ kind: 'not-pursued', stage: 'stage2' });
    await db.close();
  });
});
