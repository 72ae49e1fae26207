import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { errorHandler, notFound } from '../../api/problems';
import { reportRoutes } from '../../api/routes/reports';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { openTestDb } from './fixtures';
import { filePublishedYear } from './published-year';

/**
 * The annual report's published tables over HTTP (CSV and the printable
 * page, printed to PDF in Debian's chromium) and the Stage 2 timings export,
 * on a small app standing in for the authenticated /v1 router (the caller's
 * role from a header), from the cases of published-year.ts.
 */

let db: Db;
let records: Records;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  db = await openTestDb('pglite');
  records = new Records(db);
  await filePublishedYear(db, records);
  const app = express();
  app.use((req, _res, next) => {
    const role = req.get('x-test-role');
    if (role) req.caller = { subject: `${role}-1`, roles: [role as Role], teams: [], councils: ['default'] };
    next();
  });
  app.use('/v1/reports', reportRoutes({ records }));
  app.use(notFound);
  app.use(errorHandler(() => {}));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

const YEAR = 'from=2026-04-01&to=2027-03-31';
const get = (path: string, role: Role | null = 'complaints-manager') => fetch(`${base}/v1/reports/${path}`, { headers: role ? { 'x-test-role': role } : {} });

/** The CSV's block (title, head, rows) whose title is `title`. */
async function csvBlock(title: string): Promise<string[]> {
  const text = await (await get(`annual?${YEAR}&format=csv`)).text();
  const block = text.split('\r\n\r\n').map((b) => b.split('\r\n')).find((lines) => lines[0] === title);
  expect(block, title).toBeDefined();
  return block!;
}

describe('the published tables as CSV', () => {
  it('gives the flow table with its representation, corporate, Ombudsman and total rows', async () => {
    expect(await csvBlock('Complaints by stage')).toEqual([
      'Complaints by stage',
      'Stage,Carried over,Received,Resolved,Outside scope,Not pursued,Withdrawn,Escalated unanswered,Carried forward,Escalated to the next stage',
      'Representation,0,1,1,0,0,0,0,0,0',
      'Stage 1 (statutory procedure),0,3,3,0,0,0,0,0,1',
      'Stage 1 (corporate procedure),0,3,1,0,0,1,0,1,0',
      'Stage 2 (statutory procedure),0,1,1,0,0,0,0,0,0',
      'Stage 3 (statutory procedure only),0,0,0,0,0,0,0,0,0',
      'Referral to the Ombudsman,1,1,1,0,0,0,0,1,0',
      'Total,1,9,7,0,0,1,0,2,1',
    ]);
  });

  it('gives categories per complaint and per head with percentages, outcomes, teams with compliments, and the comparison', async () => {
    expect((await csvBlock('Categories at Stage 1: per complaint and per head')).slice(1)).toEqual([
      'Category,Complaints,% of complaints,Upheld or partially upheld,% upheld or partially upheld,Heads,% of heads,Heads upheld or partially upheld,% of heads upheld or partially upheld',
      '"Assessment, care management or review",0,0%,0,,0,0%,0,',
      'Attitude or behaviour of staff,1,25%,0,0%,1,20%,0,0%',
      'Appropriateness of service,0,0%,0,,0,0%,0,',
      'Quality of service,2,50%,1,50%,3,60%,1,33%',
      'Delay in decision or service,0,0%,0,,0,0%,0,',
      'Unwelcome or disputed decision,1,25%,1,100%,1,20%,1,100%',
      'Total,4,100%,2,50%,5,100%,2,40%',
    ]);
    expect((await csvBlock('Outcomes per stage (complaints)')).slice(2)).toEqual(['Stage 1,3,0,2,1,67%', 'Stage 2,1,1,0,0,100%', 'Stage 3,0,0,0,0,']);
    expect((await csvBlock('Complaints and compliments by team')).slice(1)).toEqual([
      'Team,Representations,Stage 1,Stage 1 (corporate procedure),Stage 2,Stage 3,Ombudsman,Compliments',
      'Children in Care,1,1,2,1,0,0,0',
      'Disabled Children,0,0,0,0,0,0,1',
      'Fostering,0,2,1,0,0,1,2',
    ]);
    expect((await csvBlock('Timeliness (working days)'))[3]).toBe('Stage 2 responses (25 / 65 WD),1,1,0,0,25,1,100%');
    expect((await csvBlock('Learning: recommendation actions')).slice(2)).toEqual(['Due in the period,2', 'Completed in the period,1', '  of which after their due date,1', 'Overdue at the end of the period,1']);
    const comparison = await csvBlock('Comparison with previous years');
    expect(comparison[1]).toBe('Measure,2024-25,2025-26,2026-27');
    expect(comparison).toContain('Received: Stage 1 (statutory procedure),1,1,3');
    expect(comparison).toContain('Received: Referral to the Ombudsman,0,1,1');
    expect(comparison).toContain('Stage 1 complaints upheld or partially upheld,,100%,67%');
    expect(comparison).toContain('Compliments,0,1,3');
  });

  it('ends with how each table is counted', async () => {
    const about = await csvBlock('About this report');
    expect(about[1]).toBe('Table,How it is counted');
    expect(about.find((l) => l.startsWith('Categories at Stage 1'))).toContain('once in each category');
    expect(about.find((l) => l.startsWith('Timeliness'))).toContain('1 of 1 were timed from the statement');
  });
});

describe('GET /v1/reports/stage2-timings', () => {
  it('gives the complaints manager each case\'s Stage 2 dates as CSV, no names, each case on the access log as an export', async () => {
    const res = await get(`stage2-timings?${YEAR}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="stage2-timings-2026-04-01-to-2027-03-31.csv"');
    expect(await res.text()).toBe(
      [
        "Reference,Team,Stage 2 requested,Acknowledged,Investigating Officer appointed,Independent Person appointed,Replacements,Statement of complaint agreed,Investigating Officer's report,Independent Person's report,Adjudication,Response,Clock starts at,Clock start date,Response due,Working days to the response,Closed",
        'PUB-02,Children in Care,2026-06-15,2026-06-16,2026-06-17,2026-06-17,0,2026-06-22,2026-07-20,2026-07-22,2026-07-27,2026-07-27,statement-agreed,2026-06-22,2026-07-27,25,',
        '',
      ].join('\r\n'),
    );
    const log = await records.listAccess({ actor: 'complaints-manager-1' });
    expect(log.filter((e) => e.view === 'stage2-timings').map((e) => [e.reference, e.action])).toEqual([['PUB-02', 'export']]);
  });

  it('is the complaints manager\'s only, and refuses a bad period with a 400 naming the field', async () => {
    for (const role of ['director', 'auditor', 'complaints-officer'] as const) expect((await get(`stage2-timings?${YEAR}`, role)).status, role).toBe(403);
    expect((await get(`stage2-timings?${YEAR}`, null)).status).toBe(401);
    for (const [query, field] of [['to=2027-03-31', 'from'], ['from=2026-04-01&to=2026-02-30', 'to'], ['from=2027-04-01&to=2026-04-01', 'from']] as const) {
      const res = await get(`stage2-timings?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(field);
    }
    const log = await records.listAccess({ actor: 'director-1' });
    expect(log).toEqual([]);
  });
});

describe('the printable page in chromium', () => {
  it('is accessible: headings in order, a real table beside every chart, an "about this report" section, no axe violations', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, extraHTTPHeaders: { 'x-test-role': 'auditor' } });
    try {
      expect((await page.goto(`${base}/v1/reports/annual?${YEAR}&format=html`))?.status()).toBe(200);
      const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))));
      expect(levels[0]).toBe(1);
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      levels.forEach((l, i) => i > 0 && expect(l, `heading ${i}`).toBeLessThanOrEqual(levels[i - 1]! + 1));
      // Every chart sits in a section with its table.
      const sections = await page.locator('section:has(svg.chart)').evaluateAll((ss) => ss.map((s) => s.querySelectorAll('table').length));
      expect(sections.length).toBeGreaterThanOrEqual(8);
      expect(sections.every((n) => n === 1)).toBe(true);
      await expect(page.locator('section.about h2').textContent()).resolves.toBe('About this report');
      expect(await page.locator('section.about h3').count()).toBeGreaterThanOrEqual(20);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'annual-report-published');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('prints to PDF with the figures in its tables and nothing fetched from elsewhere', async () => {
    const page = await browser.newPage({ extraHTTPHeaders: { 'x-test-role': 'director' } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      await page.goto(`${base}/v1/reports/annual?${YEAR}&format=html`);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Chromium writes each page as an uncompressed /Type /Page object.
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(4);
      expect(pages.length).toBeLessThanOrEqual(40);
      // The page printed holds the figures (its text is what the PDF shows).
      const cells = (title: string) =>
        page.locator('section', { has: page.locator('h2', { hasText: title }) }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      expect((await cells('Complaints by stage')).at(-2)).toEqual(['Referral to the Ombudsman', '1', '1', '1', '0', '0', '0', '0', '1', '0']);
      expect((await cells('Complaints by stage')).at(-1)).toEqual(['Total', '1', '9', '7', '0', '0', '1', '0', '2', '1']);
      expect((await cells('Categories at Stage 1')).at(3)).toEqual(['Quality of service', '2', '50%', '1', '50%', '3', '60%', '1', '33%']);
      expect(requests).toEqual([`${base}/v1/reports/annual?${YEAR}&format=html`]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
