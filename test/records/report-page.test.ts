import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { errorHandler, notFound } from '../../api/problems';
import { reportRoutes } from '../../api/routes/reports';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { newCase, openTestDb, snapshot } from './fixtures';

/**
 * The report's route in its three formats, on a small app that stands in for
 * the authenticated /v1 router (the caller's role comes from a header), and
 * its printable page rendered in Debian's chromium.
 */
const CHROMIUM = '/usr/bin/chromium';

let db: Db;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await openTestDb('pglite');
  const records = new Records(db);
  const cases = [
    { ref: 'PAGE-1', received: '2026-05-04', team: 'Children in Care', type: 'parent', respondedOn: '2026-05-12', finding: 'upheld' as const },
    { ref: 'PAGE-2', received: '2026-06-01', team: 'Safeguarding', type: 'grandparent', respondedOn: '2026-07-13', finding: 'not-upheld' as const },
    { ref: 'PAGE-3', received: '2026-09-07', team: '=Formula team', type: 'child', respondedOn: null, finding: null },
  ];
  for (const c of cases) {
    const receivedAt = `${c.received}T09:00:00.000Z`;
    await records.createCase(
      newCase(c.ref, { receivedAt, team: c.team, people: [{ role: 'complainant', name: 'Pat', type: c.type }, { role: 'child', name: 'Kit' }] }),
    );
    await records.syncCase(
      snapshot(c.ref, {
        receivedAt,
        receivedOn: c.received,
        team: c.team,
        events: [
          { seq: 1, action: 'received', actor: 'officer-1', at: receivedAt, recordedAt: receivedAt },
          { seq: 2, action: 'triaged', actor: 'officer-1', at: receivedAt, recordedAt: receivedAt, detail: { decision: 'stage1' } },
        ],
        deadlines: [
          {
            key: 'stage1.respond', kind: 'duty', due: '2026-12-31', explanation: 'test',
            ...(c.respondedOn ? { state: 'met', metAt: `${c.respondedOn}T15:00:00.000Z` } : { state: 'pending', metAt: null }),
          },
        ],
        findings: c.finding
          ? [{ stage: 'stage1', recordedAt: `${c.respondedOn!}T14:00:00.000Z`, heads: [{ head: 'h1', finding: c.finding, category: 'quality-of-service', remedies: [] }], actions: [] }]
          : [],
      }),
    );
  }
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
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

const YEAR = 'from=2026-04-01&to=2027-03-31';
const get = (query: string, role: Role | null = 'complaints-manager', accept?: string) =>
  fetch(`${base}/v1/reports/annual?${query}`, { headers: { ...(role ? { 'x-test-role': role } : {}), ...(accept ? { accept } : {}) } });

describe('GET /v1/reports/annual', () => {
  it('answers JSON by default to the manager, director and auditor, and 403 to others', async () => {
    for (const role of ['complaints-manager', 'director', 'auditor'] as const) {
      const res = await get(YEAR, role);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { period: unknown; stages: { stage1: { received: number; resolved: number; carriedForward: number } } };
      expect(body.period).toEqual({ from: '2026-04-01', to: '2027-03-31' });
      expect(body.stages.stage1).toMatchObject({ received: 3, resolved: 2, carriedForward: 1 });
    }
    const officer = await get(YEAR, 'complaints-officer');
    expect(officer.status).toBe(403);
    expect(officer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses missing, malformed and reversed dates with a 400 problem naming the field', async () => {
    for (const [query, field] of [
      ['to=2027-03-31', 'from'],
      ['from=2026-04-01', 'to'],
      ['from=2026-13-01&to=2027-03-31', 'from'],
      ['from=2026-04-01&to=31/03/2027', 'to'],
      ['from=2027-04-01&to=2026-04-01', 'from'],
      [`${YEAR}&format=pdf`, 'format'],
    ] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { errors: Array<{ field: string }> };
      expect(body.errors.map((e) => e.field)).toContain(field);
    }
  });

  it('gives CSV by ?format=csv or Accept: one table per section, blank line between, formulas defused', async () => {
    for (const res of [await get(`${YEAR}&format=csv`), await get(YEAR, 'auditor', 'text/csv')]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const text = await res.text();
      const blocks = text.trim().split('\r\n\r\n');
      expect(blocks[1]!.split('\r\n').slice(0, 3)).toEqual([
        'Complaints by stage',
        'Stage,Carried over,Received,Resolved,Outside scope,Not pursued,Withdrawn,Escalated unanswered,Carried forward,Escalated to the next stage',
        'Representation,0,0,0,0,0,0,0,0,0',
      ]);
      expect(blocks[1]!.split('\r\n')).toContain('Stage 1 (statutory procedure),0,3,2,0,0,0,0,1,0');
      expect(text).toContain("'=Formula team,0,1,0,0,0");
      expect(blocks.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('gives a self-contained printable page by ?format=html or Accept', async () => {
    for (const res of [await get(`${YEAR}&format=html`), await get(YEAR, 'director', 'text/html')]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toContain('<svg class="chart"');
      expect(html).toContain('>=Formula team<'); // shown as text in the table
      expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    }
  });
});

// npm test installs Debian's chromium when it is missing (scripts/bootstrap.mjs); never skipped.
describe('the printable page in a browser', () => {
  it('shows every chart with visible bars; the screenshot is written', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, extraHTTPHeaders: { 'x-test-role': 'auditor' } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const res = await page.goto(`${base}/v1/reports/annual?${YEAR}&format=html`);
      expect(res?.status()).toBe(200);
      const charts = page.locator('svg.chart');
      const n = await charts.count();
      expect(n).toBeGreaterThanOrEqual(6);
      for (let i = 0; i < n; i++) {
        const box = await charts.nth(i).boundingBox();
        expect(box && box.width > 100 && box.height > 10, `chart ${i}`).toBe(true);
      }
      const bars = await page.locator('rect.bar').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().width));
      expect(bars.filter((w) => w > 0).length).toBeGreaterThanOrEqual(6);
      // Nothing fetched beyond the page itself: no external assets.
      expect(requests).toHaveLength(1);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annual-report-'));
      const file = path.join(dir, 'annual-report.png');
      await page.screenshot({ path: file, fullPage: true });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      console.log(`annual report screenshot: ${file}`);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
