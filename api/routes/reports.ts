import { Router, type Request } from 'express';
import { compareDates, formatLong, isIsoDate } from '../../domain/dates';
import type { Records } from '../../records/repository';
import type { AnnualReport, ReportStage } from '../../records/report';
import { requireRole } from '../auth/authenticate';
import type { Role } from '../auth/roles';
import { ProblemError, PROBLEM_TYPES } from '../problems';
import { closureTables } from './report-closure';
import { actionsTable, categoryTables, CATEGORY_NAMES, comparisonTable, flowTable, outcomesTable, pct, teamComparisonTable, teamsTable } from './report-published';
import { percent } from '../../records/report-published';
import { STAGE2_TIMING_COLUMNS } from '../../records/stage2-timings';

export interface ReportRoutesDeps {
  records: Records;
  /** The deployment's COUNCIL_NAME: the default council's name on the report's page. */
  councilName?: string;
}

// Role-level, not case-level (domain/access.ts): counts across every case, no one case's data; these three reach every case anyway.
export const REPORT_ROLES: readonly Role[] = ['complaints-manager', 'director', 'auditor'];

type Format = 'json' | 'csv' | 'html';

/**
 * GET /v1/reports/annual?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=json|csv|html]: the statutory annual report.
 * GET /v1/reports/stage2-timings?from=&to=: Stage 2 dates per case as CSV (complaints manager; each case exported is logged).
 */
export function reportRoutes(deps: ReportRoutesDeps): Router {
  const router = Router();
  router.get('/annual', async (req, res) => {
    requireRole(REPORT_ROLES, 'Reading the annual report', req.caller);
    const { from, to } = rangeOf(req);
    const format = formatOf(req);
    const report = await deps.records.report({ from, to });
    res.setHeader('Vary', 'Accept');
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') {
      res.setHeader('Content-Disposition', `attachment; filename="annual-report-${from}-to-${to}.csv"`);
      res.type('text/csv; charset=utf-8').send(reportCsv(report));
    } else if (format === 'html') {
      // The page is the request's council's report, titled with its name.
      res.type('text/html; charset=utf-8').send(reportHtml(report, await deps.records.councils.name(deps.records.council, deps.councilName ?? 'The Council')));
    } else {
      res.json(report);
    }
  });
  router.get('/stage2-timings', async (req, res) => {
    const caller = requireRole(['complaints-manager'], 'Exporting the Stage 2 timings per case', req.caller);
    const { from, to } = rangeOf(req);
    const rows = await deps.records.stage2Timings({ from, to });
    // Dates per case, no names: still each case's record, so each export is on the access log.
    const at = new Date().toISOString();
    for (const row of rows) await deps.records.recordAccess({ reference: row.reference, actor: caller.subject, action: 'export', view: 'stage2-timings', at });
    const lines = [csvRow(STAGE2_TIMING_COLUMNS.map(([, name]) => name)), ...rows.map((row) => csvRow(STAGE2_TIMING_COLUMNS.map(([key]) => row[key] ?? '')))];
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="stage2-timings-${from}-to-${to}.csv"`);
    res.type('text/csv; charset=utf-8').send(`${lines.join('\r\n')}\r\n`);
  });
  return router;
}

function rangeOf(req: Request): { from: string; to: string } {
  const errors: Array<{ field: string; message: string }> = [];
  const date = (field: 'from' | 'to') => {
    const value = req.query[field];
    if (typeof value !== 'string' || value === '') errors.push({ field, message: 'required: a date, YYYY-MM-DD' });
    else if (!isIsoDate(value)) errors.push({ field, message: `${value} is not a date (YYYY-MM-DD)` });
    else return value;
    return undefined;
  };
  const from = date('from');
  const to = date('to');
  if (from && to && compareDates(from, to) > 0) errors.push({ field: 'from', message: `${from} is after to (${to})` });
  if (errors.length > 0 || !from || !to) {
    throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', { errors });
  }
  return { from, to };
}

function formatOf(req: Request): Format {
  const asked = req.query.format;
  if (asked !== undefined) {
    if (asked === 'json' || asked === 'csv' || asked === 'html') return asked;
    throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
      errors: [{ field: 'format', message: 'one of json, csv, html' }],
    });
  }
  const accepted = req.accepts(['application/json', 'text/csv', 'text/html']);
  return accepted === 'text/csv' ? 'csv' : accepted === 'text/html' ? 'html' : 'json';
}

// ------------------------------------------------------------------ tables

const STAGE_NAMES: Record<ReportStage, string> = { stage1: 'Stage 1', stage2: 'Stage 2', stage3: 'Stage 3' };
const STAGES = Object.keys(STAGE_NAMES) as ReportStage[];

export interface Table {
  title: string;
  head: string[];
  rows: Array<Array<string | number>>;
  /** Columns (by index) to chart as bars, and the column naming each bar. */
  chart?: { label: number; values: number[] };
  /** How its figures are counted ("About this report"). */
  about?: string;
}

/** The report as tables: the same for CSV and HTML. */
export function reportTables(r: AnnualReport): Table[] {
  const t = r.timeliness;
  const avg = (n: number | null) => (n === null ? '' : n);
  return [
    flowTable(r),
    outcomesTable(r),
    {
      title: 'Findings (heads of complaint)',
      head: ['Stage', 'Upheld', 'Partially upheld', 'Not upheld', 'Total'],
      rows: STAGES.map((s) => [STAGE_NAMES[s], r.findings[s].upheld, r.findings[s].partiallyUpheld, r.findings[s].notUpheld, r.findings[s].total]),
      chart: { label: 0, values: [1, 2, 3] },
      about: 'Heads of complaint with a finding recorded in the period, by the stage that recorded it.',
    },
    {
      title: 'Timeliness (working days)',
      head: ['Measure', 'Count', 'Within timescale', 'Within extended timescale', 'Beyond', 'Average working days', 'Met due date', '% met due date'],
      rows: [
        ['Stage 1 responses (10 / 20 WD)', t.stage1.responded, t.stage1.within10, t.stage1.within20, t.stage1.beyond20, avg(t.stage1.averageWorkingDays), t.stage1.metDueDate, pct(percent(t.stage1.metDueDate, t.stage1.responded))],
        ['Stage 2 responses (25 / 65 WD)', t.stage2.responded, t.stage2.within25, t.stage2.within65, t.stage2.beyond65, avg(t.stage2.averageWorkingDays), t.stage2.metDueDate, pct(percent(t.stage2.metDueDate, t.stage2.responded))],
        ['Review panels (30 WD)', t.panels.held, t.panels.within30, '', t.panels.beyond30, '', '', ''],
      ],
      chart: { label: 0, values: [2, 3, 4] },
      about:
        'Responses given in the period. Stage 1: working days from the receipt date to the response. ' +
        `Stage 2: working days from where the case's policy starts the clock (the agreement of the statement of complaint, BANES 8.6, or the request) to the adjudication; ${t.stage2.fromStatementAgreed} of ${t.stage2.responded} were timed from the statement's agreement, the others from the request (a policy that starts the clock there, or a statement never agreed). ` +
        'Panels: working days from the Stage 3 request to the panel. "Met due date" compares the response with its due date after extensions and holds.',
    },
    ...categoryTables(r),
    {
      title: 'Categories (heads with a finding)',
      head: ['Category', 'Stage 1', 'Stage 2', 'Stage 3', 'Upheld', 'Partially upheld', 'Not upheld'],
      rows: r.categories.map((c) => [CATEGORY_NAMES[c.category] ?? c.category, c.stage1, c.stage2, c.stage3, c.upheld, c.partiallyUpheld, c.notUpheld]),
      chart: { label: 0, values: [1, 2, 3] },
      about: 'Heads of complaint with a finding recorded in the period, by category: per stage, and by finding over all stages.',
    },
    teamsTable(r),
    {
      title: 'Complainants',
      head: ['Complainant type', 'Cases'],
      rows: r.complainantTypes.map((x) => [x.type, x.cases]),
      chart: { label: 0, values: [1] },
      about: 'Cases received in the period by the complainant\'s type, as recorded at logging: young-person-in-care and care-experienced are young people complaining for themselves (BANES 3.4).',
    },
    {
      title: 'Advocacy (cases received)',
      head: ['Cases received', 'A child named', 'An advocate', 'A child with an advocate'],
      rows: [[r.advocacy.cases, r.advocacy.withChild, r.advocacy.withAdvocate, r.advocacy.childWithAdvocate]],
      about: 'Cases received in the period: those naming a child, those with an advocate (Children Act 1989 s.26A), and both.',
    },
    {
      title: 'Local Government and Social Care Ombudsman',
      head: ['Measure', 'Cases'],
      rows: [
        ['Referred', r.ombudsman.referred],
        ['Decided', r.ombudsman.decided],
        ...r.ombudsman.decisions.map((d) => [`Decision: ${d.decision}`, d.cases]),
        ['Remedies complied with', r.ombudsman.remediesComplied],
      ],
      about: 'Referrals made in the period; decisions made in the period, by decision; remedies the council complied with in the period.',
    },
    {
      title: 'Representations, compliments and contact restrictions',
      head: ['Measure', 'Count'],
      rows: [
        ['Representations received', r.representations.received],
        ['Compliments received', r.compliments.received],
        ['Contact restrictions applied', r.contactRestrictions.applied],
        ['  of which warnings', r.contactRestrictions.warning],
        ['  of which restricted contact', r.contactRestrictions.restricted],
        ['  of which contact refused', r.contactRestrictions.refused],
      ],
      about: 'Representations triaged as such plus those logged without a case; compliments logged, by the date received; contact restrictions starting in the period.',
    },
    {
      title: 'Corporate complaints answered by the complaints team (15 working days)',
      head: ['Carried over', 'Received', 'Answered', 'Within 15 working days', 'Over 15 working days', 'Average working days', 'Withdrawn', 'Carried forward', 'Routed to another procedure'],
      rows: [[r.corporate.carriedOver, r.corporate.received, r.corporate.answered, r.corporate.within15, r.corporate.beyond15, avg(r.corporate.averageWorkingDays), r.corporate.withdrawn, r.corporate.carriedForward, r.corporate.routedOut]],
      about: 'Corporate complaints the complaints team answers (BANES 8.5), apart from the statutory stages: working days from receipt to the answer. Those routed to another procedure count in Stage 1 as outside scope.',
    },
    {
      title: 'Enquiries from MPs and councillors',
      head: ['Measure', 'Enquiries'],
      rows: [
        ['Received', r.enquiries.received],
        ['  from MPs', r.enquiries.fromMps],
        ['  from councillors', r.enquiries.fromCouncillors],
        ['  concerning a complaint', r.enquiries.concerningComplaints],
        ['Answered', r.enquiries.answered],
        ...r.enquiries.serviceAreas.map((a) => [`Service area: ${a.serviceArea}`, a.enquiries]),
      ],
      about: 'Enquiries from MPs and councillors (BANES 1.6) by the date received; answered by the date answered.',
    },
    {
      title: 'Service requests',
      head: ['Measure', 'Requests'],
      rows: [
        ['Received', r.serviceRequests.received],
        ['  logged by the complaints team', r.serviceRequests.logged],
        ['  complaints triaged as service requests', r.serviceRequests.triagedFromComplaints],
        ...r.serviceRequests.teams.map((t) => [`Team: ${t.team}`, t.requests]),
        ...r.serviceRequests.outcomes.map((o) => [`Outcome: ${o.outcome}`, o.requests]),
      ],
      about: 'Service requests (Rutland 2.1) logged by the team, plus complaints triaged as such (which also count in Stage 1 as outside scope).',
    },
    {
      title: 'Steps logged late',
      head: ['Measure', 'Steps'],
      rows: [
        ['Steps recorded after the day they happened', r.lateSteps.recordedAfterTheDay],
        ['  of which turned a deadline already shown as missed into met (with a manager\'s reason)', r.lateSteps.turnedMissedIntoMet],
      ],
      about: 'Staff steps recorded in the period on a later London day than the day they happened; those that turned a missed duty met each carry a complaints manager\'s reason.',
    },
    ...closureTables(r),
    actionsTable(r),
    comparisonTable(r),
    teamComparisonTable(r),
  ];
}

// --------------------------------------------------------------------- CSV

export function reportCsv(r: AnnualReport): string {
  const lines: string[] = [csvRow([`Annual report ${r.period.from} to ${r.period.to}`]), ''];
  const tables = reportTables(r);
  for (const table of tables) {
    lines.push(csvRow([table.title]), csvRow(table.head), ...table.rows.map(csvRow), '');
  }
  lines.push(csvRow(['About this report']), csvRow(['Table', 'How it is counted']), ...tables.filter((t) => t.about).map((t) => csvRow([t.title, t.about!])), ...r.notes.map((n) => csvRow(['', n])), '');
  return lines.join('\r\n');
}

function csvRow(cells: ReadonlyArray<string | number>): string {
  return cells
    .map((cell) => {
      if (typeof cell === 'number') return String(cell);
      // A cell a spreadsheet would take for a formula is quoted as text.
      const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

// -------------------------------------------------------------------- HTML

const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#d4351c', '#4c2c92'];

export function reportHtml(r: AnnualReport, council?: string): string {
  const title = `${council ? `${council}: children's` : "Children's"} social care complaints: annual report, ${formatLong(r.period.from)} to ${formatLong(r.period.to)}`;
  const tables = reportTables(r);
  const sections = tables.map((table, i) => {
    const chart = table.chart ? barChart(table, `chart-${i}`) : '';
    return `<section>
<h2>${esc(table.title)}</h2>
${chart}
<table><thead><tr>${table.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${table.rows.map((row) => `<tr>${row.map((c, j) => (j === 0 && table.head.length > 1 && typeof c === 'string' ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(String(c))}</td>`)).join('')}</tr>`).join('\n')}</tbody></table>
</section>`;
  });
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.4; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #0b0c0c; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
  th, td { border-bottom: 1px solid #b1b4b6; padding: 0.3rem 0.5rem; text-align: right; }
  th[scope="row"], thead th:first-child, td:only-child, th:only-child { text-align: left; }
  svg.chart { display: block; width: 100%; height: auto; margin: 0.5rem 0; }
  svg.chart text { font-size: 12px; fill: #0b0c0c; }
  .legend span { display: inline-block; margin-right: 1rem; font-size: 0.85rem; }
  .legend i { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: middle; }
  section { break-inside: avoid; }
  section.about h3 { font-size: 1rem; margin-bottom: 0.2rem; } section.about p { margin-top: 0; }
  @page { size: A4; margin: 15mm; }
  @media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } section.about { break-inside: auto; } }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>Representations and complaints under the Children Act 1989 procedure, from the council's complaint records. Generated ${esc(new Date().toISOString().slice(0, 10))}.</p>
${sections.join('\n')}
<section class="about">
<h2>About this report</h2>
<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('\n')}</ul>
${tables.filter((t) => t.about).map((t) => `<h3>${esc(t.title)}</h3>\n<p>${esc(t.about!)}</p>`).join('\n')}
</section>
</body>
</html>
`;
}

/** Horizontal grouped bars: one group per row, one bar per charted column, lengths to one scale. */
function barChart(table: Table, id: string): string {
  const { label, values } = table.chart!;
  const rows = table.rows;
  if (rows.length === 0) return '<p>None in the period.</p>';
  const num = (v: string | number | undefined) => (typeof v === 'number' ? v : 0);
  const max = Math.max(1, ...rows.flatMap((row) => values.map((v) => num(row[v]))));
  const labelWidth = 260;
  const plot = 420;
  const bar = 14;
  const groupHeight = values.length * bar + 12;
  const height = rows.length * groupHeight + 8;
  const bars = rows.map((row, i) => {
    const y0 = 4 + i * groupHeight;
    const name = `<text x="${labelWidth - 8}" y="${y0 + (values.length * bar) / 2 + 4}" text-anchor="end">${esc(truncate(String(row[label] ?? ''), 38))}</text>`;
    const rects = values.map((v, j) => {
      const value = num(row[v]);
      const w = value === 0 ? 0 : Math.max(2, Math.round((value / max) * plot));
      const y = y0 + j * bar;
      return `<rect class="bar" x="${labelWidth}" y="${y}" width="${w}" height="${bar - 2}" fill="${COLOURS[j % COLOURS.length]}"><title>${esc(`${String(row[label])}: ${table.head[v]} ${value}`)}</title></rect>` +
        `<text x="${labelWidth + w + 4}" y="${y + bar - 4}">${value}</text>`;
    });
    return name + rects.join('');
  });
  const legend = values.length > 1
    ? `<p class="legend">${values.map((v, j) => `<span><i style="background:${COLOURS[j % COLOURS.length]}"></i>${esc(table.head[v] ?? '')}</span>`).join('')}</p>`
    : '';
  return `<svg class="chart" id="${id}" role="img" aria-label="${esc(table.title)}" viewBox="0 0 ${labelWidth + plot + 40} ${height}" xmlns="http://www.w3.org/2000/svg">
<line x1="${labelWidth}" y1="0" x2="${labelWidth}" y2="${height}" stroke="#0b0c0c"/>
${bars.join('\n')}
</svg>${legend}`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
