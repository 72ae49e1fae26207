import type { AnnualReport, ReportStage } from '../../records/report';
import { comparisonColumn, percent, type ComparisonColumn, type FlowRowName } from '../../records/report-published';
import type { Table } from './reports';

/**
 * The annual report's tables as councils publish them (records/report-published.ts),
 * for CSV and the printable page: each says how its figures are counted.
 */

export const FLOW_NAMES: Record<FlowRowName, string> = {
  representation: 'Representation',
  stage1: 'Stage 1 (statutory procedure)',
  corporate: 'Stage 1 (corporate procedure)',
  stage2: 'Stage 2 (statutory procedure)',
  stage3: 'Stage 3 (statutory procedure only)',
  ombudsman: 'Referral to the Ombudsman',
  total: 'Total',
};
const STAGE_NAMES: Record<ReportStage, string> = { stage1: 'Stage 1', stage2: 'Stage 2', stage3: 'Stage 3' };
const STAGES = Object.keys(STAGE_NAMES) as ReportStage[];

/** 46 as "46%"; nothing to divide by as "". */
export const pct = (n: number | null): string => (n === null ? '' : `${n}%`);

export function flowTable(r: AnnualReport): Table {
  return {
    title: 'Complaints by stage',
    head: ['Stage', 'Carried over', 'Received', 'Resolved', 'Outside scope', 'Not pursued', 'Withdrawn', 'Escalated unanswered', 'Carried forward', 'Escalated to the next stage'],
    rows: r.published.flow.map((f) => [FLOW_NAMES[f.row], f.carriedOver, f.received, f.resolved, f.outsideScope, f.notPursued, f.withdrawn, f.escalatedUnanswered, f.carriedForward, f.escalated]),
    chart: { label: 0, values: [2, 3] },
    about:
      'Each row balances: carried over and received equal resolved, outside scope, not pursued, withdrawn, escalated unanswered and carried forward. ' +
      'A stage is resolved when its response is given (a Stage 1 response, the Stage 2 adjudication, the Stage 3 final response); a case that goes on to the next stage after its response counts as resolved here and is received at the next stage ("escalated to the next stage" counts those moves, answered or not, and is not part of the balance). ' +
      'Outside scope: not accepted, routed to the corporate procedure, or recorded as a representation. ' +
      'The corporate row counts corporate complaints the complaints team answers (BANES 8.5), resolved by their answer. ' +
      'The representation row counts representations logged without a case, resolved unless logged as not pursued; a complaint triaged as a representation stays in Stage 1 as outside scope. ' +
      'The Ombudsman row counts referrals: received when referred, resolved when the Ombudsman decided. The total adds every row.',
  };
}

export function outcomesTable(r: AnnualReport): Table {
  const o = r.published.outcomes;
  return {
    title: 'Outcomes per stage (complaints)',
    head: ['Stage', 'Complaints with findings', 'Upheld', 'Partially upheld', 'Not upheld', 'Upheld or partially upheld'],
    rows: STAGES.map((s) => [STAGE_NAMES[s], o[s].complaints, o[s].upheld, o[s].partiallyUpheld, o[s].notUpheld, pct(percent(o[s].upheld + o[s].partiallyUpheld, o[s].complaints))]),
    chart: { label: 0, values: [2, 3, 4] },
    about:
      'One outcome per complaint per stage, from the findings recorded at that stage in the period: upheld when every head is upheld, not upheld when no head is upheld or partially upheld, otherwise partially upheld.',
  };
}

export function categoryTables(r: AnnualReport): Table[] {
  return STAGES.map((s) => {
    const c = r.published.categoriesPerComplaint[s];
    const cells = (x: Omit<(typeof c.rows)[number], 'category'>) => [
      x.complaints, pct(x.complaintsPercent), x.complaintsUpheld, pct(x.complaintsUpheldPercent), x.heads, pct(x.headsPercent), x.headsUpheld, pct(x.headsUpheldPercent),
    ];
    return {
      title: `Categories at ${STAGE_NAMES[s]}: per complaint and per head`,
      head: ['Category', 'Complaints', '% of complaints', 'Upheld or partially upheld', '% upheld or partially upheld', 'Heads', '% of heads', 'Heads upheld or partially upheld', '% of heads upheld or partially upheld'],
      rows: [...c.rows.map((x) => [CATEGORY_NAMES[x.category] ?? x.category, ...cells(x)]), ['Total', ...cells(c.total)]],
      chart: { label: 0, values: [1, 3] },
      about:
        `${c.complaints} complaints had findings recorded at ${STAGE_NAMES[s]} in the period, in ${c.categoryTotal} complaint-categories. ` +
        'A complaint counts once in each category any of its heads has, so the categories can add up to more than the complaints (as BANES 2022-23 4.11, 62 against 57); per cent of complaints is of that category total. ' +
        'A complaint is upheld or partially upheld in a category when a head in that category is. Per head counts each head of complaint once. Per cents are whole, rounded half up.',
    };
  });
}

export function teamsTable(r: AnnualReport): Table {
  const names = [...new Set([...r.teams.map((t) => t.team), ...r.compliments.byTeam.map((t) => t.team)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    title: 'Complaints and compliments by team',
    head: ['Team', 'Representations', 'Stage 1', 'Stage 1 (corporate procedure)', 'Stage 2', 'Stage 3', 'Ombudsman', 'Compliments'],
    rows: names.map((name) => {
      const t = r.teams.find((x) => x.team === name);
      return [name, t?.representations ?? 0, t?.stage1 ?? 0, t?.corporate ?? 0, t?.stage2 ?? 0, t?.stage3 ?? 0, t?.ombudsman ?? 0, r.compliments.byTeam.find((x) => x.team === name)?.compliments ?? 0];
    }),
    chart: { label: 0, values: [2, 3, 4, 5, 7] },
    about:
      'Cases entering each statutory stage in the period by the team complained about (a case counts at every stage it enters); corporate complaints the complaints team answers, received in the period (BANES 2022-23 4.6 counts them in its Stage 1 column); representations received; Ombudsman referrals made, under either procedure; compliments logged as received in the period.',
  };
}

export function actionsTable(r: AnnualReport): Table {
  const a = r.published.actions;
  return {
    title: 'Learning: recommendation actions',
    head: ['Measure', 'Actions'],
    rows: [
      ['Due in the period', a.due],
      ['Completed in the period', a.completed],
      ['  of which after their due date', a.completedLate],
      ['Overdue at the end of the period', a.overdueAtEnd],
    ],
    about: 'Every recommendation (in findings at any stage, or the Ombudsman\'s) becomes an action with an owner and a due date. Overdue: its due date passed before the last day of the period and it was not completed by then.',
  };
}

/** The current period and the earlier ones side by side, oldest first. */
export function comparisonTable(r: AnnualReport): Table {
  const columns: ComparisonColumn[] = [...r.comparison, comparisonColumn(r)];
  const row = (label: string, f: (c: ComparisonColumn) => string | number): Array<string | number> => [label, ...columns.map(f)];
  return {
    title: 'Comparison with previous years',
    head: ['Measure', ...columns.map((c) => periodLabel(c.period))],
    rows: [
      ...r.published.flow.map((f, i) => row(`Received: ${FLOW_NAMES[f.row]}`, (c) => c.flow[i]!.received)),
      ...STAGES.map((s) => row(`${STAGE_NAMES[s]} complaints upheld or partially upheld`, (c) => pct(percent(c.outcomes[s].upheld + c.outcomes[s].partiallyUpheld, c.outcomes[s].complaints)))),
      row('Stage 1 responses', (c) => c.timeliness.stage1.responded),
      row('Stage 1 responses by their due date', (c) => pct(percent(c.timeliness.stage1.metDueDate, c.timeliness.stage1.responded))),
      row('Stage 2 responses', (c) => c.timeliness.stage2.responded),
      row('Stage 2 responses within 65 working days', (c) => pct(percent(c.timeliness.stage2.within25 + c.timeliness.stage2.within65, c.timeliness.stage2.responded))),
      row('Stage 2 average working days', (c) => c.timeliness.stage2.averageWorkingDays ?? ''),
      row('Review panels held', (c) => c.timeliness.panels.held),
      row('Ombudsman decisions', (c) => c.ombudsmanDecided),
      row('Compliments', (c) => c.compliments),
      row('MP and councillor enquiries', (c) => c.enquiries),
    ],
    about: 'The same dates one and two years earlier, counted the same way as this year\'s tables.',
  };
}

/** Stage 1 complaints received by team, the current period and the earlier ones side by side (BANES 4.4: SEND "from 17 in the 2 previous years to 33"). */
export function teamComparisonTable(r: AnnualReport): Table {
  const columns: ComparisonColumn[] = [...r.comparison, comparisonColumn(r)];
  const names = [...new Set(columns.flatMap((c) => c.teams.map((t) => t.team)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const received = (c: ComparisonColumn, name: string) => {
    const t = c.teams.find((x) => x.team === name);
    return t ? t.stage1 + t.corporate : 0;
  };
  return {
    title: 'Stage 1 complaints by team, compared with previous years',
    head: ['Team', ...columns.map((c) => periodLabel(c.period))],
    rows: names.map((name) => [name, ...columns.map((c) => received(c, name))]),
    about: 'Stage 1 complaints received in each period by the team complained about, under the statutory procedure and the corporate complaints the complaints team answers, counted as in the team table.',
  };
}

/** "2022-23" for a financial year, otherwise the dates. */
export function periodLabel(p: { from: string; to: string }): string {
  const y = Number(p.from.slice(0, 4));
  return p.from.endsWith('-04-01') && p.to === `${y + 1}-03-31` ? `${y}-${String(y + 1).slice(2)}` : `${p.from} to ${p.to}`;
}

export const CATEGORY_NAMES: Record<string, string> = {
  'assessment-care-management-review': 'Assessment, care management or review',
  'staff-attitude-behaviour': 'Attitude or behaviour of staff',
  'appropriateness-of-service': 'Appropriateness of service',
  'quality-of-service': 'Quality of service',
  'delay-in-decision-or-service': 'Delay in decision or service',
  'unwelcome-or-disputed-decision': 'Unwelcome or disputed decision',
};
