import { WorkingDayCalendar } from '../domain/calendar';
import { defaultCalendarData } from '../domain/holidays';
import { addDays, compareDates, isIsoDate, londonDateOf, startOfLondonDay, type IsoDate } from '../domain/dates';
import type { Db } from './db';
import { RecordsInputError } from './errors';
import { feedbackCounts } from './feedback';
import { lateSteps, type LateSteps } from './late-steps';
import { kindsReport, type KindsReport } from './report-kinds';
import { CATEGORIES } from '../domain/complaint/commands';
import { closureFigures, type ClosureFigures } from './report-closure';
import { comparisonColumn, publishedTables, shiftYears, type ComparisonColumn, type PublishedTables } from './report-published';
import { stage2ClockStartOf } from './stage2-timings';

/**
 * The statutory annual report (Children Act 1989 representations procedure)
 * for any period, from the records store. A period is a range of London
 * dates, both ends included; an instant belongs to the London date it falls on.
 *
 * How a case moves through a stage, from the stored facts:
 * - it enters Stage 1 when received (unless triaged straight to Stage 2),
 *   Stage 2 at its `escalated` event to stage2 (or on receipt when triaged
 *   straight to Stage 2), Stage 3 at its `escalated` event to stage3;
 * - it leaves the stage at the first of: the stage's response (the met time of
 *   `stage1.respond`, `stage2.respond`, `stage3.finalResponse`: "resolved"),
 *   the escalation to the next stage with no response given ("escalated
 *   unanswered"), or the case's closing at that stage (its outcome: resolved,
 *   not pursued, withdrawn; not accepted, routed to the corporate procedure or
 *   recorded as a representation: "outside scope").
 * So for each stage: carried over + received = resolved + outside scope + not
 * pursued + withdrawn + escalated unanswered + carried forward.
 */

export const REPORT_STAGES = ['stage1', 'stage2', 'stage3'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** The six standard categories (as findings record them). */
export const REPORT_CATEGORIES = CATEGORIES;

export interface ReportRange {
  from: IsoDate;
  to: IsoDate;
}

export interface StageFlow {
  /** Open at the start of the period (entered before it, not yet concluded). */
  carriedOver: number;
  /** Entered the stage in the period. */
  received: number;
  /** The stage's response given (or closed resolved) in the period. */
  resolved: number;
  /** Stage 1 only: not accepted, routed to the corporate procedure, or a representation. */
  outsideScope: number;
  notPursued: number;
  withdrawn: number;
  /** Went on to the next stage with this stage's response never given (after it was overdue). */
  escalatedUnanswered: number;
  /** Went on to the next stage in the period, answered or not (not part of the balance: an answered case counts as resolved first). */
  escalated: number;
  /** Open at the end of the period. */
  carriedForward: number;
}

export interface FindingCounts {
  upheld: number;
  partiallyUpheld: number;
  notUpheld: number;
  /** Heads with a finding. */
  total: number;
}

/** With the corporate complaints the team answered, MP and councillor enquiries and service requests (report-kinds.ts). */
export interface AnnualReport extends KindsReport {
  period: ReportRange;
  stages: Record<ReportStage, StageFlow>;
  /** Heads of complaint with a finding recorded in the period, per stage. */
  findings: Record<ReportStage, FindingCounts>;
  timeliness: {
    /** Stage 1 responses given in the period, by working days from receipt. */
    stage1: { responded: number; within10: number; within20: number; beyond20: number; averageWorkingDays: number | null; metDueDate: number };
    /**
     * Stage 2 responses given in the period, by working days from the policy's
     * clock start (`stage2ClockStart`): the agreement of the statement of
     * complaint (BANES 8.6), or the request. Measured from the request when
     * the statement was never agreed; `fromStatementAgreed` says how many were not.
     */
    stage2: { responded: number; within25: number; within65: number; beyond65: number; averageWorkingDays: number | null; metDueDate: number; fromStatementAgreed: number };
    /** Review Panels held in the period, by working days from the Stage 3 request. */
    panels: { held: number; within30: number; beyond30: number };
  };
  /** Heads with a finding recorded in the period, by category: per stage, and by finding over all stages. */
  categories: Array<{ category: string; stage1: number; stage2: number; stage3: number; upheld: number; partiallyUpheld: number; notUpheld: number }>;
  /** Cases entering each stage in the period by team; corporate complaints the team answers, received (BANES 4.6 counts them with Stage 1); representations received; Ombudsman referrals made. */
  teams: Array<{ team: string; representations: number; stage1: number; corporate: number; stage2: number; stage3: number; ombudsman: number }>;
  /** Cases received in the period by the complainant's type. */
  complainantTypes: Array<{ type: string; cases: number }>;
  /** Of cases received in the period. */
  advocacy: { cases: number; withChild: number; withAdvocate: number; childWithAdvocate: number };
  ombudsman: { referred: number; decided: number; decisions: Array<{ decision: string; cases: number }>; remediesComplied: number };
  /** Received in the period: cases triaged as representations plus representations logged without a case (POST /v1/representations). */
  representations: { received: number };
  /** Compliments logged as received in the period (POST /v1/compliments), in all and by team. */
  compliments: { received: number; byTeam: Array<{ team: string; compliments: number }> };
  /** Restrictions starting in the period, by level. */
  contactRestrictions: { applied: number; warning: number; restricted: number; refused: number };
  /** Steps recorded in the period after the day they happened, and those that turned a missed duty met (late-steps.ts). */
  lateSteps: LateSteps;
  /** Learning by theme and stage, satisfaction at closure, care flags, equalities (suppressed): report-closure.ts. */
  learning: ClosureFigures['learning'];
  satisfaction: ClosureFigures['satisfaction'];
  childCare: ClosureFigures['childCare'];
  equalities: ClosureFigures['equalities'];
  /** The tables as councils publish them: flow with corporate and Ombudsman rows, categories per complaint, outcomes, actions (report-published.ts). */
  published: PublishedTables;
  /** The same period one and two years before, side by side (oldest first); empty inside a comparison. */
  comparison: ComparisonColumn[];
  notes: string[];
}

interface CaseRow {
  reference: string;
  policyId: string;
  policyVersion: number;
  /** The first agreement of the statement of complaint (Stage 2). */
  statementAgreedAt: string | null;
  receivedAt: string;
  receivedOn: string | null;
  procedure: string;
  stage: string;
  outcome: { kind?: string; stage?: string } | null;
  team: string | null;
  complainantType: string | null;
  hasChild: boolean;
  hasAdvocate: boolean;
  closedAt: string | null;
  directToStage2: boolean;
  /** Each escalation's target stage (null once disposal blanked it) and its time (epoch ms), in order. */
  escalatedTo: Array<string | null> | null;
  escalatedAt: number[] | null;
  panelHeldAt: string | null;
  stage1Met: string | null;
  stage1Due: string | null;
  stage2Met: string | null;
  stage2Due: string | null;
  stage3Met: string | null;
  /** A corporate complaint the team answered: counted apart from the statutory stages (report-kinds.ts). */
  answeredCorporate: boolean;
}

type Conclusion = 'resolved' | 'outsideScope' | 'notPursued' | 'withdrawn' | 'escalatedUnanswered';

const NOT_RECORDED = 'not recorded';

/** Checks a range: two real dates, from not after to. */
export function checkRange(range: ReportRange): void {
  if (!isIsoDate(range.from)) throw new RecordsInputError(`from ${String(range.from)} is not a date (YYYY-MM-DD)`);
  if (!isIsoDate(range.to)) throw new RecordsInputError(`to ${String(range.to)} is not a date (YYYY-MM-DD)`);
  if (compareDates(range.from, range.to) > 0) throw new RecordsInputError(`from ${range.from} is after to ${range.to}`);
}

export async function annualReport(db: Db, range: ReportRange, calendar = new WorkingDayCalendar(defaultCalendarData()), options: { compare?: boolean } = {}): Promise<AnnualReport> {
  checkRange(range);
  const { from, to } = range;
  const startAt = new Date(startOfLondonDay(from)).toISOString();
  const endAt = new Date(startOfLondonDay(addDays(to, 1))).toISOString();
  const inPeriod = (d: IsoDate | null): d is IsoDate => d !== null && d >= from && d <= to;
  const day = (instant: string | null): IsoDate | null => (instant === null ? null : londonDateOf(Date.parse(instant)));

  // Every case that may have been open in or received by the end of the period.
  const cases = await db.query<CaseRow>(
    `SELECT c.reference, c.policy_id AS "policyId", c.policy_version AS "policyVersion", c.received_at AS "receivedAt", c.received_on AS "receivedOn", c.procedure, c.stage, c.outcome, c.team,
            c.complainant_type AS "complainantType", c.has_child AS "hasChild", c.has_advocate AS "hasAdvocate", c.closed_at AS "closedAt",
            -- Disposal blanks events' detail: then a case with Stage 2 clocks and no Stage 1 clock went straight to Stage 2.
            (EXISTS (SELECT 1 FROM events e WHERE e.reference = c.reference AND e.action = 'triaged' AND e.detail->>'decision' = 'stage2')
             OR (NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.reference = c.reference AND d.key LIKE 'stage1.%')
                 AND EXISTS (SELECT 1 FROM deadlines d WHERE d.reference = c.reference AND d.key LIKE 'stage2.%'))) AS "directToStage2",
            (SELECT array_agg(e.detail->>'to' ORDER BY e.at, e.id) FROM events e WHERE e.reference = c.reference AND e.action = 'escalated') AS "escalatedTo",
            (SELECT array_agg((extract(epoch FROM e.at) * 1000)::float8 ORDER BY e.at, e.id) FROM events e
              WHERE e.reference = c.reference AND e.action = 'escalated') AS "escalatedAt",
            (SELECT min(e.at) FROM events e WHERE e.reference = c.reference AND e.action = 'panel-held') AS "panelHeldAt",
            (SELECT min(e.at) FROM events e WHERE e.reference = c.reference AND e.action = 'statement-agreed') AS "statementAgreedAt",
            EXISTS (SELECT 1 FROM deadlines d WHERE d.reference = c.reference AND d.key = 'corporate.respond') AS "answeredCorporate",
            d1.met_at AS "stage1Met", d1.due AS "stage1Due", d2.met_at AS "stage2Met", d2.due AS "stage2Due", d3.met_at AS "stage3Met"
       FROM cases c
       -- A response given late is still the response: its deadline stays 'missed', with met_at set.
       LEFT JOIN deadlines d1 ON d1.reference = c.reference AND d1.key = 'stage1.respond' AND d1.met_at IS NOT NULL
       LEFT JOIN deadlines d2 ON d2.reference = c.reference AND d2.key = 'stage2.respond' AND d2.met_at IS NOT NULL
       LEFT JOIN deadlines d3 ON d3.reference = c.reference AND d3.key = 'stage3.finalResponse' AND d3.met_at IS NOT NULL
      WHERE c.received_at < $1
      ORDER BY c.reference`,
    [endAt],
  );

  const emptyFlow = (): StageFlow => ({ carriedOver: 0, received: 0, resolved: 0, outsideScope: 0, notPursued: 0, withdrawn: 0, escalatedUnanswered: 0, escalated: 0, carriedForward: 0 });
  const stages: Record<ReportStage, StageFlow> = { stage1: emptyFlow(), stage2: emptyFlow(), stage3: emptyFlow() };
  const s1Days: number[] = [];
  const s2Days: number[] = [];
  const timeliness: AnnualReport['timeliness'] = {
    stage1: { responded: 0, within10: 0, within20: 0, beyond20: 0, averageWorkingDays: null, metDueDate: 0 },
    stage2: { responded: 0, within25: 0, within65: 0, beyond65: 0, averageWorkingDays: null, metDueDate: 0, fromStatementAgreed: 0 },
    panels: { held: 0, within30: 0, beyond30: 0 },
  };
  const teams = new Map<string, AnnualReport['teams'][number]>();
  const team = (name: string | null) => {
    const key = name ?? NOT_RECORDED;
    let row = teams.get(key);
    if (!row) teams.set(key, (row = { team: key, representations: 0, stage1: 0, corporate: 0, stage2: 0, stage3: 0, ombudsman: 0 }));
    return row;
  };
  const complainantTypes = new Map<string, number>();
  const advocacy = { cases: 0, withChild: 0, withAdvocate: 0, childWithAdvocate: 0 };
  let representations = 0;

  for (const c of cases.rows) {
    const received = day(c.receivedAt)!;
    // The first escalation to each stage; an escalation whose target was blanked is the next stage in order.
    const escalated: Partial<Record<ReportStage, IsoDate>> = {};
    (c.escalatedAt ?? []).forEach((ms, i) => {
      const to = c.escalatedTo?.[i] ?? (i === 0 && !c.directToStage2 ? 'stage2' : 'stage3');
      if ((to === 'stage2' || to === 'stage3') && escalated[to] === undefined) escalated[to] = londonDateOf(Number(ms));
    });
    const entered: Record<ReportStage, IsoDate | null> = {
      stage1: c.directToStage2 ? null : received,
      stage2: c.directToStage2 ? received : (escalated.stage2 ?? null),
      stage3: escalated.stage3 ?? null,
    };
    const lastStage = [...REPORT_STAGES].reverse().find((s) => entered[s] !== null) ?? 'stage1';
    const outcomeStage = REPORT_STAGES.find((s) => s === c.outcome?.stage) ?? lastStage;
    const responded: Record<ReportStage, IsoDate | null> = { stage1: day(c.stage1Met), stage2: day(c.stage2Met), stage3: day(c.stage3Met) };
    const next: Record<ReportStage, IsoDate | null> = { stage1: c.directToStage2 ? null : entered.stage2, stage2: entered.stage3, stage3: null };

    if (inPeriod(received)) {
      advocacy.cases += 1;
      if (c.hasChild) advocacy.withChild += 1;
      if (c.hasAdvocate) advocacy.withAdvocate += 1;
      if (c.hasChild && c.hasAdvocate) advocacy.childWithAdvocate += 1;
      const type = c.complainantType ?? NOT_RECORDED;
      complainantTypes.set(type, (complainantTypes.get(type) ?? 0) + 1);
      if (c.procedure === 'representation') {
        representations += 1;
        team(c.team).representations += 1;
      }
    }

    if (c.answeredCorporate) {
      if (inPeriod(received)) team(c.team).corporate += 1;
      continue;
    }
    for (const s of REPORT_STAGES) {
      const entry = entered[s];
      if (entry === null) continue;
      // The first of: response, escalation unanswered, closing at this stage (a tie goes to the response).
      const candidates: Array<{ on: IsoDate; how: Conclusion }> = [];
      const r = responded[s];
      if (r !== null) candidates.push({ on: r, how: 'resolved' });
      const n = next[s];
      if (n !== null) candidates.push({ on: n, how: 'escalatedUnanswered' });
      const closed = day(c.closedAt);
      if (closed !== null && outcomeStage === s) candidates.push({ on: closed, how: closing(c.outcome?.kind) });
      const end = candidates.sort((a, b) => compareDates(a.on, b.on))[0];

      const flow = stages[s];
      if (entry < from && (end === undefined || end.on >= from)) flow.carriedOver += 1;
      if (inPeriod(entry)) {
        flow.received += 1;
        team(c.team)[s] += 1;
      }
      if (end && inPeriod(end.on)) flow[end.how] += 1;
      if (inPeriod(next[s])) flow.escalated += 1;
      if (entry <= to && (end === undefined || end.on > to)) flow.carriedForward += 1;
    }

    // Timeliness: responses given in the period.
    if (entered.stage1 !== null && inPeriod(responded.stage1)) {
      const wd = calendar.workingDaysBetween(c.receivedOn ?? received, responded.stage1);
      s1Days.push(wd);
      const t = timeliness.stage1;
      t.responded += 1;
      if (wd <= 10) t.within10 += 1;
      else if (wd <= 20) t.within20 += 1;
      else t.beyond20 += 1;
      if (c.stage1Due !== null && responded.stage1 <= c.stage1Due) t.metDueDate += 1;
    }
    if (entered.stage2 !== null && inPeriod(responded.stage2)) {
      const agreed = stage2ClockStartOf(c.policyId, c.policyVersion) === 'statement-agreed' ? day(c.statementAgreedAt) : null;
      const wd = calendar.workingDaysBetween(agreed ?? entered.stage2, responded.stage2);
      s2Days.push(wd);
      const t = timeliness.stage2;
      t.responded += 1;
      if (agreed !== null) t.fromStatementAgreed += 1;
      if (wd <= 25) t.within25 += 1;
      else if (wd <= 65) t.within65 += 1;
      else t.beyond65 += 1;
      if (c.stage2Due !== null && responded.stage2 <= c.stage2Due) t.metDueDate += 1;
    }
    const panel = day(c.panelHeldAt);
    if (entered.stage3 !== null && inPeriod(panel)) {
      const wd = calendar.workingDaysBetween(entered.stage3, panel);
      timeliness.panels.held += 1;
      if (wd <= 30) timeliness.panels.within30 += 1;
      else timeliness.panels.beyond30 += 1;
    }
  }
  timeliness.stage1.averageWorkingDays = average(s1Days);
  timeliness.stage2.averageWorkingDays = average(s2Days);

  // Findings, by stage and category.
  const findingRows = await db.query<{ stage: string; finding: string; category: string; heads: number }>(
    `SELECT stage, finding, category, count(*)::int AS heads FROM findings
      WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY stage, finding, category`,
    [startAt, endAt],
  );
  const emptyFindings = (): FindingCounts => ({ upheld: 0, partiallyUpheld: 0, notUpheld: 0, total: 0 });
  const findings: Record<ReportStage, FindingCounts> = { stage1: emptyFindings(), stage2: emptyFindings(), stage3: emptyFindings() };
  const categories = new Map<string, AnnualReport['categories'][number]>(
    REPORT_CATEGORIES.map((category) => [category, { category, stage1: 0, stage2: 0, stage3: 0, upheld: 0, partiallyUpheld: 0, notUpheld: 0 }]),
  );
  for (const f of findingRows.rows) {
    const stage = REPORT_STAGES.find((s) => s === f.stage);
    const key = f.finding === 'upheld' ? 'upheld' : f.finding === 'partially-upheld' ? 'partiallyUpheld' : 'notUpheld';
    let cat = categories.get(f.category);
    if (!cat) categories.set(f.category, (cat = { category: f.category, stage1: 0, stage2: 0, stage3: 0, upheld: 0, partiallyUpheld: 0, notUpheld: 0 }));
    cat[key] += f.heads;
    if (stage) {
      findings[stage][key] += f.heads;
      findings[stage].total += f.heads;
      cat[stage] += f.heads;
    }
  }

  // The Ombudsman.
  const referred = await db.query<{ team: string | null; cases: number }>(
    `SELECT c.team, count(*)::int AS cases FROM ombudsman_referrals o JOIN cases c USING (reference)
      WHERE o.referred_at >= $1 AND o.referred_at < $2 GROUP BY c.team`,
    [startAt, endAt],
  );
  for (const r of referred.rows) team(r.team).ombudsman += r.cases;
  const decisions = await db.query<{ decision: string | null; cases: number }>(
    `SELECT decision, count(*)::int AS cases FROM ombudsman_referrals
      WHERE decided_at >= $1 AND decided_at < $2 GROUP BY decision ORDER BY decision`,
    [startAt, endAt],
  );
  const complied = await db.query<{ cases: number }>(
    `SELECT count(*)::int AS cases FROM ombudsman_referrals WHERE complied_at >= $1 AND complied_at < $2`,
    [startAt, endAt],
  );

  // Logged representations count with the triaged ones, in the total and by team.
  let compliments = 0;
  let loggedRepresentations = 0;
  let representationsNotPursued = 0;
  const complimentTeams = new Map<string, number>();
  for (const f of await feedbackCounts(db, from, to)) {
    if (f.kind === 'compliment') {
      compliments += f.n;
      complimentTeams.set(f.team ?? NOT_RECORDED, (complimentTeams.get(f.team ?? NOT_RECORDED) ?? 0) + f.n);
    } else {
      loggedRepresentations += f.n;
      if (f.outcome === 'not-pursued') representationsNotPursued += f.n;
      representations += f.n;
      team(f.team).representations += f.n;
    }
  }

  const restrictions = await db.query<{ level: 'warning' | 'restricted' | 'refused'; cases: number }>(
    `SELECT level, count(*)::int AS cases FROM contact_restrictions WHERE starts_on BETWEEN $1::date AND $2::date GROUP BY level`,
    [from, to],
  );
  const contactRestrictions = { applied: 0, warning: 0, restricted: 0, refused: 0 };
  for (const r of restrictions.rows) {
    contactRestrictions[r.level] += r.cases;
    contactRestrictions.applied += r.cases;
  }

  const kinds = await kindsReport(db, range, endAt, calendar);
  const published = await publishedTables(db, { range, startAt, endAt, stages, corporate: kinds.corporate, loggedRepresentations, representationsNotPursued });
  const report: Omit<AnnualReport, 'comparison'> = {
    period: { from, to },
    stages,
    findings,
    timeliness,
    categories: [...categories.values()],
    teams: [...teams.values()].sort((a, b) => byText(a.team, b.team)),
    complainantTypes: [...complainantTypes].map(([type, n]) => ({ type, cases: n })).sort((a, b) => b.cases - a.cases || byText(a.type, b.type)),
    advocacy,
    ombudsman: {
      referred: referred.rows.reduce((n, r) => n + r.cases, 0),
      decided: decisions.rows.reduce((n, r) => n + r.cases, 0),
      decisions: decisions.rows.map((r) => ({ decision: r.decision ?? NOT_RECORDED, cases: r.cases })),
      remediesComplied: complied.rows[0]?.cases ?? 0,
    },
    representations: { received: representations },
    compliments: { received: compliments, byTeam: [...complimentTeams].map(([t, n]) => ({ team: t, compliments: n })).sort((a, b) => byText(a.team, b.team)) },
    contactRestrictions,
    lateSteps: await lateSteps(db, startAt, endAt),
    ...kinds,
    ...(await closureFigures(db, startAt, endAt)),
    published,
    notes: [
      'Dates are London dates; the period includes both ends.',
      'Stage 1 timeliness counts working days from the receipt date to the response; Stage 2 from the policy\'s clock start to the response (the agreement of the statement of complaint where the policy starts the clock there and it was agreed, otherwise the Stage 2 request); panels from the Stage 3 request to the panel. "Met due date" compares the response with its due date after extensions and holds.',
      'Stage 1 figures include complaints found outside the statutory procedure (not accepted, corporate, representation); a complaint triaged straight to Stage 2 counts at Stage 2 only.',
      'Findings and categories count heads of complaint, per stage at which a finding was recorded in the period.',
      'Corporate complaints the complaints team answered (BANES 8.5) are counted apart from the statutory stages, by working days from receipt to the response (within or over 15); those routed to another procedure stay in Stage 1 as outside scope.',
      'MP and councillor enquiries are counted by the date received (BANES 1.6); service requests (Rutland 2.1) are those logged plus complaints triaged as such, which also count in Stage 1 as outside scope.',
      'Representations are those triaged as such plus those logged without a case; compliments are those logged, by the date received.',
      'Learning counts, per theme, the stages whose learning recorded in the period named it; satisfaction counts cases closed in the period by the complainant\'s latest answer; care flags and equalities count cases received in the period.',
      'Equalities monitoring is voluntary and shown only in aggregate: a count of 1 to 4 is shown as "fewer than 5", and others are "not shown" wherever a small figure could otherwise be worked out from the total (the cases received).',
      'Steps logged late are staff steps recorded in the period on a later (London) day than the day they happened, a case\'s past logged when it was created included; those that turned a duty already shown as missed into met each carry a complaints manager\'s reason (that figure leaves out cases whose personal data was disposed of).',
    ],
  };
  // The same dates one and two years before (an annual report compares years, BANES 4.3).
  const comparison = options.compare === false ? [] : await Promise.all([2, 1].map(async (years) => comparisonColumn(await annualReport(db, shiftYears(range, years), calendar, { compare: false }))));
  return { ...report, comparison };
}

function closing(kind: string | undefined): Conclusion {
  switch (kind) {
    case 'not-pursued':
      return 'notPursued';
    case 'discontinued':
      // An investigation stopped under the unreasonable-conduct protocol was not pursued to a response.
      return 'notPursued';
    case 'withdrawn':
      return 'withdrawn';
    case 'not-accepted':
    case 'routed-out':
    case 'representation':
      return 'outsideScope';
    default:
      return 'resolved';
  }
}

/** Code-unit order: the same on every machine, whatever its locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function average(values: number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}
