import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { compareDates, isIsoDate, londonDateOf } from '../../domain/dates';
import { reportHtml, REPORT_ROLES } from '../../api/routes/reports';
import type { Records } from '../../records/repository';

export interface StaffReportDeps {
  records: Records;
  now: () => number;
  message: (req: Request, res: Response, status: number, heading: string, body: string) => void;
}

const dateField = z.string().refine(isIsoDate).optional();
const rangeSchema = z.object({ from: dateField, to: dateField }).strip();

/** Whether the signed-in member of staff may read the annual report: the API's roles for it. */
export const mayReadReport = (roles: readonly string[]) => roles.some((r) => (REPORT_ROLES as readonly string[]).includes(r));

/**
 * The annual report as a page of the staff pages: the report of the council
 * the session works in (its records only, web/staff/pages.ts puts the request
 * there), titled with its name; the same page as the API's
 * `GET /v1/reports/annual?format=html`. `from` and `to` pick the period;
 * without them, the financial year (1 April to 31 March) holding today, to
 * today, the year councils report by.
 */
export function staffReportPage(router: Router, deps: StaffReportDeps): void {
  router.get('/reports/annual', async (req, res) => {
    if (!mayReadReport(req.staff!.caller.roles)) {
      return deps.message(req, res, 403, 'You cannot read the annual report', 'The annual report is for complaints managers, directors and auditors.');
    }
    const parsed = rangeSchema.safeParse(req.query);
    const today = londonDateOf(deps.now());
    const year = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0);
    const from = (parsed.success && parsed.data.from) || `${year}-04-01`;
    const to = (parsed.success && parsed.data.to) || today;
    if (!parsed.success || compareDates(from, to) > 0) {
      return deps.message(req, res, 400, 'That report link is damaged', 'Its dates are not a period: give from and to as YYYY-MM-DD, from on or before to.');
    }
    const report = await deps.records.report({ from, to });
    // The report's own page (its charts' inline styles; no script), not the casework layout.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    res.type('html').send(reportHtml(report, res.locals.councilName as string));
  });
}
