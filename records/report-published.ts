import { isIsoDate, londonDateOf, type IsoDate } from '../domain/dates';
import { CATEGORIES } from '../domain/complaint/commands';
import type { Db } from './db';
import type { KindsReport } from './report-kinds';
import type { AnnualReport, ReportRange, ReportStage, StageFlow } from './report';

/**
 * The annual report's tables as councils publish them, beside the engine's
 * own counts (report.ts):
 * - the flow table by stage with a corporate row and an Ombudsman row, and
 *   their total (BANES 2022-23 4.2);
 * - categories per complaint and per head, with percentages (BANES 4.11: a
 *   complaint with several categories counts once in each, so the category
 *   total, 62, exceeds the complaints, 57);
 * - outcomes per complaint at each stage (Kingston 2017-18 "Summary of
 *   Findings at Stage 1": 3 upheld, 12 not upheld, 7 partially upheld of 22);
 * - recommendation actions due, completed and overdue (BANES 5, the action plans);
 * - a column for comparison with earlier years (BANES 4.3).
 */

export const FLOW_ROWS = ['representation', 'stage1', 'corporate', 'stage2', 'stage3', 'ombudsman', 'total'] as const;
export type FlowRowName = (typeof FLOW_ROWS)[number];
export type FlowRow = { row: FlowRowName } & StageFlow;

export interface CategoryRow {
  category: string;
  /** Complaints with a finding in this category at the stage (a complaint counts once in each of its categories). */
  complaints: number;
  /** Of the category total (the sum of `complaints` over categories), whole per cent; null when there is none. */
  complaintsPercent: number | null;
  /** Of those complaints, the ones with a head in this category upheld or partially upheld. */
  complaintsUpheld: number;
  complaintsUpheldPercent: number | null;
  /** Heads of complaint in this category with a finding at the stage. */
  heads: number;
  headsPercent: number | null;
  headsUpheld: number;
  headsUpheldPercent: number | null;
}

export interface StageCategories {
  /** Complaints with a finding recorded at the stage in the period, each once. */
  complaints: number;
  /** The sum of the categories' complaints: more than `complaints` when a complaint has several categories. */
  categoryTotal: number;
  heads: number;
  rows: CategoryRow[];
  total: Omit<CategoryRow, 'category'>;
}

/** One complaint's outcome at a stage, from its heads: all upheld, none upheld (or partially), or partially. */
export interface Outcomes {
  complaints: number;
  upheld: number;
  partiallyUpheld: number;
  notUpheld: number;
}

export interface PublishedTables {
  flow: FlowRow[];
  categoriesPerComplaint: Record<ReportStage, StageCategories>;
  outcomes: Record<ReportStage, Outcomes>;
  /** Recommendation actions (any stage or the Ombudsman). */
  actions: {
    /** Due in the period. */
    due: number;
    /** Completed in the period, and of those after their due date. */
    completed: number;
    completedLate: number;
    /** Past their due date at the end of the period and not completed by then. */
    overdueAtEnd: number;
  };
}

/** An earlier period's headline tables, for the comparison. */
export interface ComparisonColumn {
  period: ReportRange;
  flow: FlowRow[];
  outcomes: Record<ReportStage, Outcomes>;
  timeliness: AnnualReport['timeliness'];
  compliments: number;
  enquiries: number;
  ombudsmanDecided: number;
  /** Stage 1 complaints received by team, statutory and corporate (BANES 4.4 and 4.9 compare teams year on year). */
  teams: Array<{ team: string; stage1: number; corporate: number }>;
}

const STAGES: readonly ReportStage[] = ['stage1', 'stage2', 'stage3'];

export async function publishedTables(
  db: Db,
  input: { range: ReportRange; startAt: string; endAt: string; stages: Record<ReportStage, StageFlow>; corporate: KindsReport['corporate']; loggedRepresentations: number; representationsNotPursued?: number },
): Promise<PublishedTables> {
  const { range, startAt, endAt, stages, corporate } = input;
  const zero = (): StageFlow => ({ carriedOver: 0, received: 0, resolved: 0, outsideScope: 0, notPursued: 0, withdrawn: 0, escalatedUnanswered: 0, escalated: 0, carriedForward: 0 });

  const ombudsmanRows = await db.query<{ carriedOver: number; received: number; resolved: number; carriedForward: number }>(
    `SELECT count(*) FILTER (WHERE referred_at < $1 AND (decided_at IS NULL OR decided_at >= $1))::int AS "carriedOver",
            count(*) FILTER (WHERE referred_at >= $1 AND referred_at < $2)::int AS received,
            count(*) FILTER (WHERE decided_at >= $1 AND decided_at < $2)::int AS resolved,
            count(*) FILTER (WHERE referred_at < $2 AND (decided_at IS NULL OR decided_at >= $2))::int AS "carriedForward"
       FROM ombudsman_referrals`,
    [startAt, endAt],
  );
  const o = ombudsmanRows.rows[0]!;
  const rows: FlowRow[] = [
    // Logged without a case: answered, unless logged as not pursued (migration 024). A complaint triaged as a representation stays in Stage 1 as outside scope.
    {
      row: 'representation',
      ...zero(),
      received: input.loggedRepresentations,
      resolved: input.loggedRepresentations - (input.representationsNotPursued ?? 0),
      notPursued: input.representationsNotPursued ?? 0,
    },
    { row: 'stage1', ...stages.stage1 },
    {
      row: 'corporate',
      ...zero(),
      carriedOver: corporate.carriedOver,
      received: corporate.received,
      resolved: corporate.answered,
      withdrawn: corporate.withdrawn,
      notPursued: corporate.notPursued,
      carriedForward: corporate.carriedForward,
    },
    { row: 'stage2', ...stages.stage2 },
    { row: 'stage3', ...stages.stage3 },
    { row: 'ombudsman', ...zero(), ...o },
  ];
  const total: FlowRow = { row: 'total', ...zero() };
  for (const r of rows) for (const k of Object.keys(zero()) as Array<keyof StageFlow>) total[k] += r[k];
  rows.push(total);

  // Findings per complaint and stage, recorded in the period.
  const findingRows = await db.query<{ reference: string; stage: string; category: string; finding: string }>(
    `SELECT reference, stage, category, finding FROM findings WHERE recorded_at >= $1 AND recorded_at < $2`,
    [startAt, endAt],
  );
  const byCase = new Map<string, Array<{ category: string; finding: string }>>();
  for (const f of findingRows.rows) {
    if (!STAGES.includes(f.stage as ReportStage)) continue;
    const key = `${f.stage}\u0000${f.reference}`;
    let heads = byCase.get(key);
    if (!heads) byCase.set(key, (heads = []));
    heads.push({ category: f.category, finding: f.finding });
  }
  const upheld = (finding: string) => finding === 'upheld' || finding === 'partially-upheld';
  const categoriesPerComplaint = {} as Record<ReportStage, StageCategories>;
  const outcomes = {} as Record<ReportStage, Outcomes>;
  for (const stage of STAGES) {
    const cases = [...byCase].filter(([key]) => key.startsWith(`${stage}\u0000`)).map(([, heads]) => heads);
    const names = [...CATEGORIES, ...new Set(cases.flat().map((h) => h.category).filter((c) => !(CATEGORIES as readonly string[]).includes(c)).sort())];
    const counted = names.map((category) => {
      const mine = cases.map((heads) => heads.filter((h) => h.category === category)).filter((heads) => heads.length > 0);
      const heads = mine.flat();
      return { category, complaints: mine.length, complaintsUpheld: mine.filter((hs) => hs.some((h) => upheld(h.finding))).length, heads: heads.length, headsUpheld: heads.filter((h) => upheld(h.finding)).length };
    });
    const categoryTotal = counted.reduce((n, c) => n + c.complaints, 0);
    const headTotal = counted.reduce((n, c) => n + c.heads, 0);
    const row = (c: (typeof counted)[number]) => ({
      complaints: c.complaints,
      complaintsPercent: percent(c.complaints, categoryTotal),
      complaintsUpheld: c.complaintsUpheld,
      complaintsUpheldPercent: percent(c.complaintsUpheld, c.complaints),
      heads: c.heads,
      headsPercent: percent(c.heads, headTotal),
      headsUpheld: c.headsUpheld,
      headsUpheldPercent: percent(c.headsUpheld, c.heads),
    });
    const sum = counted.reduce(
      (a, c) => ({ category: '', complaints: a.complaints + c.complaints, complaintsUpheld: a.complaintsUpheld + c.complaintsUpheld, heads: a.heads + c.heads, headsUpheld: a.headsUpheld + c.headsUpheld }),
      { category: '', complaints: 0, complaintsUpheld: 0, heads: 0, headsUpheld: 0 },
    );
    categoriesPerComplaint[stage] = {
      complaints: cases.length,
      categoryTotal,
      heads: headTotal,
      rows: counted.map((c) => ({ category: c.category, ...row(c) })),
      total: row(sum),
    };
    const out: Outcomes = { complaints: cases.length, upheld: 0, partiallyUpheld: 0, notUpheld: 0 };
    for (const heads of cases) {
      if (heads.every((h) => h.finding === 'upheld')) out.upheld += 1;
      else if (heads.some((h) => upheld(h.finding))) out.partiallyUpheld += 1;
      else out.notUpheld += 1;
    }
    outcomes[stage] = out;
  }

  const actionRows = await db.query<{ due: IsoDate; status: string; completedAt: string | null }>(
    `SELECT to_char(due, 'YYYY-MM-DD') AS due, status, completed_at AS "completedAt" FROM actions
      WHERE due <= $3::date OR (completed_at >= $1 AND completed_at < $2)`,
    [startAt, endAt, range.to],
  );
  const actions = { due: 0, completed: 0, completedLate: 0, overdueAtEnd: 0 };
  for (const a of actionRows.rows) {
    const done = a.completedAt === null ? null : londonDateOf(Date.parse(a.completedAt));
    if (a.due >= range.from && a.due <= range.to) actions.due += 1;
    if (done !== null && done >= range.from && done <= range.to) {
      actions.completed += 1;
      if (done > a.due) actions.completedLate += 1;
    }
    // Overdue from the end of its due date (workflows/actions): due before the period's last day, open after it.
    if (a.due < range.to && (done === null || done > range.to)) actions.overdueAtEnd += 1;
  }

  return { flow: rows, categoriesPerComplaint, outcomes, actions };
}

/** Whole per cent, half up; null when there is nothing to divide by. */
export function percent(n: number, of: number): number | null {
  return of === 0 ? null : Math.round((n * 100) / of);
}

/** The same London dates `years` earlier (29 February becomes the 28th). */
export function shiftYears(range: ReportRange, years: number): ReportRange {
  const shift = (d: IsoDate): IsoDate => {
    const moved: string = `${String(Number(d.slice(0, 4)) - years).padStart(4, '0')}${d.slice(4)}`;
    const leapless: string = `${moved.slice(0, 8)}28`;
    return isIsoDate(moved) ? moved : (leapless as IsoDate);
  };
  return { from: shift(range.from), to: shift(range.to) };
}

export function comparisonColumn(r: AnnualReport): ComparisonColumn {
  return {
    period: r.period,
    flow: r.published.flow,
    outcomes: r.published.outcomes,
    timeliness: r.timeliness,
    compliments: r.compliments.received,
    enquiries: r.enquiries.received,
    ombudsmanDecided: r.ombudsman.decided,
    teams: r.teams.filter((t) => t.stage1 + t.corporate > 0).map((t) => ({ team: t.team, stage1: t.stage1, corporate: t.corporate })),
  };
}
