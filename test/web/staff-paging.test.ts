import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { checkPage } from './page-checks';

/**
 * Pages of the caseload and of a working queue, two rows a page, in real
 * Chromium with the local sign-in: "Next" and "Previous" (govuk-frontend's
 * pagination) over the records' cursors, filters kept, a damaged link a 400.
 * Three complaints, each answered at Stage 1 and asked for Stage 2 two days
 * after its 20 working days ran out: a complaints manager decides each.
 */
const TODAY = Date.parse('2026-12-04T10:00:00Z');
const TEAM = 'Adoption';
let api: ApiHarness;
let browser: Browser;
const refs: string[] = [];

async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token('complaints-manager', 'cm.setup')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as Record<string, unknown>;
}

beforeAll(async () => {
  api = await startApi({ staff: { councilName: 'Exampleshire Council', now: () => TODAY, pageSize: 2 } });
  browser = await launchChromium();
  // Received Mon 12, Tue 13 and Wed 14 Oct 2026, answered a week later: the windows to ask for Stage 2 closed
  // Mon 16, Tue 17 and Wed 18 Nov (20 working days each); each asked two days after, so a manager decides within
  // the Stage 2 acknowledgement's 3 working days: by Mon 23, Tue 24 and Wed 25 Nov.
  for (const [received, responded, asked] of [
    ['2026-10-12', '2026-10-19', '2026-11-18'],
    ['2026-10-13', '2026-10-20', '2026-11-19'],
    ['2026-10-14', '2026-10-21', '2026-11-20'],
  ]) {
    const made = await call('POST', '/v1/complaints', { receivedAt: `${received}T09:00:00Z`, channel: 'letter', complainant: { name: 'A Pager (fictional)', type: 'parent' }, summary: 'Paging', team: TEAM });
    const ref = made.reference as string;
    refs.push(ref);
    await call('POST', `/v1/complaints/${ref}/commands/triage`, { decision: 'stage1', at: `${received}T10:00:00Z` });
    await call('POST', `/v1/complaints/${ref}/commands/acknowledge`, { at: `${received}T11:00:00Z` });
    await call('POST', `/v1/complaints/${ref}/commands/respond`, { at: `${responded}T10:00:00Z` });
    await call('POST', `/v1/complaints/${ref}/commands/escalate`, { at: `${asked}T10:00:00Z`, reasons: 'Still unhappy' });
  }
  await eventually(
    () => api.records.listCases({ team: TEAM, limit: 10 }, { everyCase: true, teams: [], subject: 'x', parts: [] }),
    (page) => page.cases.length === 3 && page.cases.every((c) => c.status === 'escalation-decision-due'),
    60_000,
  );
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const shown = (page: Page, table: string) => page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference')));
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('pages of the caseload and the queues', () => {
  it('moves through the pages with Next and Previous, the filters kept, and refuses a damaged link', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/staff`);
    await page.getByLabel('complaints-manager').check();
    await page.getByLabel('Staff id').fill('cm.pager');
    await Promise.all([page.waitForURL(`${api.baseUrl}/staff`), page.getByRole('button', { name: 'Sign in' }).click()]);

    // The caseload, newest received first: two on the first page, no "Previous".
    await page.goto(`${api.baseUrl}/staff?team=${TEAM}`);
    expect(await shown(page, 'table[data-section="all"]')).toEqual([refs[2], refs[1]]);
    expect(await page.locator('.govuk-pagination__prev').count()).toBe(0);
    await checkPage(page, 'staff-paging-caseload-1');
    await Promise.all([page.waitForNavigation(), page.locator('.govuk-pagination__next a').click()]);
    expect(page.url()).toContain(`team=${TEAM}&cursor=`);
    expect(await shown(page, 'table[data-section="all"]')).toEqual([refs[0]]);
    expect(await page.locator('.govuk-pagination__next').count()).toBe(0);
    await checkPage(page, 'staff-paging-caseload-2');
    await Promise.all([page.waitForNavigation(), page.locator('.govuk-pagination__prev a').click()]);
    expect(page.url()).toBe(`${api.baseUrl}/staff?team=${TEAM}`);
    expect(await shown(page, 'table[data-section="all"]')).toEqual([refs[2], refs[1]]);

    // The late requests, the soonest decision first: Mon 23 and Tue 24 Nov, then Wed 25 Nov on the next page.
    await page.goto(`${api.baseUrl}/staff/queues/late-escalations`);
    const decideBy = (p: Page) => p.locator('table[data-queue] tbody tr td:nth-of-type(5)').allTextContents();
    expect(await shown(page, 'table[data-queue="late-escalations"]')).toEqual([refs[0], refs[1]]);
    expect((await decideBy(page)).map(squash)).toEqual(['Monday 23 November 2026', 'Tuesday 24 November 2026']);
    await checkPage(page, 'staff-paging-queue-1');
    await Promise.all([page.waitForNavigation(), page.locator('.govuk-pagination__next a').click()]);
    expect(await shown(page, 'table[data-queue="late-escalations"]')).toEqual([refs[2]]);
    expect((await decideBy(page)).map(squash)).toEqual(['Wednesday 25 November 2026']);
    const third = page.url();
    await Promise.all([page.waitForNavigation(), page.locator('.govuk-pagination__prev a').click()]);
    expect(page.url()).toBe(`${api.baseUrl}/staff/queues/late-escalations`);

    // A cursor this service never gave: a clear 400, nothing else.
    expect((await page.goto(third.replace(/cursor=[^&]+/, 'cursor=not-a-cursor')))?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('That page link is damaged');
    expect((await page.goto(`${api.baseUrl}/staff?cursor=not-a-cursor`))?.status()).toBe(400);
    expect(squash(await page.locator('.govuk-error-summary__list').textContent())).toBe('That page link is damaged: start again from the first page');
    await checkPage(page, 'staff-paging-damaged');

    await context.close();
  });

  it('works without JavaScript: sign-in, the caseload’s pages, a queue, and logging a complaint; a post without its CSRF token logs nothing', async () => {
    // Links, GET forms and POST forms only; the tabs are plain sections. (axe-core needs JavaScript: the test above checks these pages.)
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/staff`);
    await page.getByLabel('complaints-manager').check();
    await page.getByLabel('Staff id').fill('cm.nojs');
    await Promise.all([page.waitForURL(`${api.baseUrl}/staff`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(`${api.baseUrl}/staff?team=${TEAM}`);
    expect(await shown(page, 'table[data-section="all"]')).toEqual([refs[2], refs[1]]);
    await Promise.all([page.waitForNavigation(), page.locator('.govuk-pagination__next a').click()]);
    expect(await shown(page, 'table[data-section="all"]')).toEqual([refs[0]]);
    await page.goto(`${api.baseUrl}/staff/queues/late-escalations`);
    expect(await shown(page, 'table[data-queue="late-escalations"]')).toEqual([refs[0], refs[1]]);

    const forged = await page.request.post(`${api.baseUrl}/staff/cases/new`, { form: { 'receivedAt-day': '1', 'receivedAt-month': '12', 'receivedAt-year': '2026', 'receivedAt-time': '09:00', channel: 'email', 'complainant.name': 'F Orged', 'complainant.type': 'parent', summary: 'Forged', team: TEAM }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.goto(`${api.baseUrl}/staff/cases/new`);
    await page.locator('#f-receivedAt-day').fill('1');
    await page.locator('#f-receivedAt-month').fill('12');
    await page.locator('#f-receivedAt-year').fill('2026');
    await page.locator('#f-receivedAt-time').fill('09:00');
    await page.locator('input[name=channel][value=email]').check();
    await page.locator('#f-complainant-name').fill('N Oscript (fictional)');
    await page.locator('input[name="complainant.type"][value=parent]').check();
    await page.locator('#f-complainant-email').fill('n.oscript@example.org');
    await page.locator('#f-summary').fill('Logged with JavaScript off');
    await page.locator('#f-team').fill(TEAM);
    await Promise.all([page.waitForNavigation(), page.locator('#command-form button.govuk-button').last().click()]);
    // Received Tue 1 Dec 2026: acknowledged within 3 working days, by Fri 4 Dec.
    expect(page.url()).toMatch(/\/staff\/cases\/CSC-2026-[0-9A-Z]{6}\?done=logged&set=stage1.acknowledge%3A2026-12-04#done$/);
    expect(squash(await page.locator('.govuk-notification-banner').textContent())).toBe('Success Complaint logged Acknowledgement of the complaint: due Friday 4 December 2026');
    const filed = await api.records.listCases({ team: TEAM, limit: 10 }, { everyCase: true, teams: [], subject: 'x', parts: [] });
    expect(filed.cases).toHaveLength(4);
    await context.close();
  });
});
