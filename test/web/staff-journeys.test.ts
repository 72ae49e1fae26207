import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LOCAL_AUDIENCE } from '../../api/auth/local-keys';
import { launchChromium } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider';
import { freePort } from '../helpers/ports';
import { registerIndependent } from '../helpers/register';
import { checkPage, SHOTS } from './page-checks';

/**
 * Staff journeys through the command forms and the working queues, in real
 * Chromium, signed in through a real OpenID Provider (oidc-provider). The
 * officer logs their complaint through its form; the other cases are logged
 * through the API. Each has a fixed past date, and every later step goes
 * through the forms, each dated (a step left undated happens now, and its
 * dates would follow the day this runs). The
 * pages' clock is pinned to Friday 4 December 2026, 10:00 in London, so each
 * dated step is an earlier day: its form says what it sends before it goes.
 * England has no bank holiday from October to Thursday 24 December 2026.
 */
const TODAY = Date.parse('2026-12-04T10:00:00Z');
// Each harness has its own records: the team name is this file's alone.
const TEAM = 'Fostering';

let local: ApiHarness;
let api: ApiHarness;
let idp: IdentityProvider;
let browser: Browser;
const refs = { officer: '', late: '', investigated: '' };

async function call(method: string, p: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${local.baseUrl}${p}`, {
    method,
    headers: { authorization: `Bearer ${await local.token('complaints-manager', 'cm.setup')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${p}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as Record<string, unknown>;
}
async function create(receivedAt: string, complainant: string, child: string): Promise<string> {
  const made = await call('POST', '/v1/complaints', { receivedAt, channel: 'letter', complainant: { name: complainant, type: 'parent', address: '2 Mill Lane (fictional)' }, child: { name: child }, summary: `Placement moved without notice (${child})`, team: TEAM });
  return made.reference as string;
}
const command = (ref: string, name: string, body: Record<string, unknown> = {}) => call('POST', `/v1/complaints/${ref}/commands/${name}`, body);
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  local = await startApi({ staff: { councilName: 'Exampleshire Council', now: () => TODAY } });
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/staff/sign-in/callback`;
  idp = await startIdentityProvider({
    audience: LOCAL_AUDIENCE,
    clientId: 'complaints-staff',
    redirectUri,
    accounts: {
      'co.one': { roles: ['complaints-officer'], teams: [TEAM] },
      'cm.one': { roles: ['complaints-manager'] },
      'io.one': { roles: ['investigating-officer'] },
    },
  });
  api = await startApi({
    records: local.records,
    payloadKeys: local.payloadKeys,
    auth: { keys: { jwksUrl: idp.jwksUrl }, issuer: idp.issuer, audience: LOCAL_AUDIENCE },
    staff: { councilName: 'Exampleshire Council', oidc: { issuer: idp.issuer, clientId: 'complaints-staff', redirectUri, scopes: ['casework'] }, now: () => TODAY },
    port,
  });
  browser = await launchChromium();

  // Received Mon 12 Oct 2026 and answered at Stage 1 on Mon 19 Oct: the complainant's 20 working days to ask for
  // Stage 2 run Tue 20 Oct … Mon 16 Nov (Oct 20-23: 4, Oct 26-30: 9, Nov 2-6: 14, Nov 9-13: 19, Mon 16 Nov: 20).
  // They ask on Wed 18 Nov, after the window closed: a complaints manager decides.
  refs.late = await create('2026-10-12T09:00:00Z', 'Riley Late (fictional)', 'Jo Late (fictional)');
  await command(refs.late, 'triage', { decision: 'stage1', at: '2026-10-12T10:00:00Z' });
  await command(refs.late, 'acknowledge', { at: '2026-10-13T09:00:00Z' });
  await command(refs.late, 'respond', { at: '2026-10-19T10:00:00Z' });
  await command(refs.late, 'escalate', { at: '2026-11-18T10:00:00Z', reasons: 'Still unhappy' });
  // Straight to Stage 2 on Mon 16 Nov, io.one its Investigating Officer, the statement agreed Thu 19 Nov.
  await registerIndependent(local.records, { 'ip.one': ['independent-person'] });
  refs.investigated = await create('2026-11-16T10:00:00Z', 'Casey Report (fictional)', 'Lee Report (fictional)');
  await command(refs.investigated, 'triage', { decision: 'stage2', at: '2026-11-16T11:00:00Z' });
  await command(refs.investigated, 'acknowledge', { at: '2026-11-17T09:00:00Z' });
  await command(refs.investigated, 'appoint-investigators', { at: '2026-11-18T09:00:00Z', investigatingOfficer: { id: 'io.one' }, independentPerson: { id: 'ip.one' } });
  await command(refs.investigated, 'agree-statement', { at: '2026-11-19T10:00:00Z' });
  // Mon 30 Nov: 10 more working days asked of the complainant, not yet answered.
  await command(refs.investigated, 'request-extension', { at: '2026-11-30T10:00:00Z', workingDays: 10, reason: 'Two more people to interview' });
  // The queues and the caseload are the records' copy, synced by the workflows.
  await eventually(
    () => local.records.listCases({ team: TEAM, limit: 10 }, { everyCase: true, teams: [], subject: 'x', parts: [] }),
    (page) => page.cases.length === 2 && page.cases.some((c) => c.reference === refs.late && c.status === 'escalation-decision-due'),
    30_000,
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await local?.stop();
  await idp?.stop();
});

async function signedIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/staff`);
  await Promise.all([page.waitForURL(`${idp.issuer}/**`), page.getByRole('button', { name: 'Sign in with your council account' }).click()]);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await Promise.all([page.waitForURL(`${api.baseUrl}/staff`), page.getByRole('button', { name: 'Sign-in' }).click()]);
  return { context, page };
}

/** Fills a London date and time field (`name`'s day, month, year and time inputs). */
async function fillWhen(page: Page, name: string, day: number, month: number, year: number, time: string): Promise<void> {
  const id = `f-${name.replace(/\./g, '-')}`;
  await page.locator(`#${id}-day`).fill(String(day));
  await page.locator(`#${id}-month`).fill(String(month));
  await page.locator(`#${id}-year`).fill(String(year));
  await page.locator(`#${id}-time`).fill(time);
}

/** The form's fields as the browser would post them (ticked boxes and chosen radios only). */
async function formValues(page: Page): Promise<Record<string, string>> {
  const sent: Record<string, string> = {};
  for (const input of await page.locator('#command-form input, #command-form textarea').all()) {
    const [name, type, value, checked] = await input.evaluate((el) => [el.getAttribute('name'), el.getAttribute('type'), (el as unknown as { value: string }).value, (el as unknown as { checked: boolean }).checked] as const);
    if (name && !((type === 'radio' || type === 'checkbox') && !checked)) sent[name] = value;
  }
  return sent;
}

const submit = (page: Page) => Promise.all([page.waitForNavigation(), page.locator('#command-form button.govuk-button:not(.govuk-button--secondary)').last().click()]);

/** Sends the form; a step dated an earlier day first says what it sends, and goes when sent again. Returns the notice's text. */
async function submitPast(page: Page, name: string): Promise<string> {
  await submit(page);
  const notice = squash(await page.locator('#command-form .govuk-inset-text').textContent());
  await checkPage(page, `staff-journey-${name}-past`);
  await submit(page);
  return notice;
}

/** The commands the case page offers, by name. */
const offered = async (page: Page) => (await page.locator('#commands + ul a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).map((href) => href!.split('/').at(-1));
const banner = async (page: Page) => squash(await page.locator('.govuk-notification-banner').textContent());
const clock = async (page: Page, key: string) => squash(await page.locator(`[data-clock="${key}"]`).first().textContent());

describe('staff journeys through the forms and queues', () => {
  it('a complaints officer logs, triages, acknowledges and extends a complaint through the forms, each date on the page', async () => {
    const { context, page } = await signedIn('co.one');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Log a new complaint' }).click()]);
    expect(page.url()).toBe(`${api.baseUrl}/staff/cases/new`);
    expect(await page.title()).toBe('Log a new complaint – Complaints casework – Exampleshire Council');
    await checkPage(page, 'staff-journey-new-case');

    // Sent empty: each field the complaint needs is asked for beside it, and nothing is logged.
    await submit(page);
    expect(await page.title()).toMatch(/^Error: Log a new complaint/);
    expect(await page.locator('.govuk-error-summary__list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      '#f-receivedAt-day',
      '#f-channel',
      '#f-complainant-name',
      '#f-complainant-type',
      '#f-summary',
    ]);
    expect(squash(await page.locator('#f-receivedAt-error').textContent())).toBe('Error: When the complaint was received: enter the date and the time in London, such as 27 3 2026 and 14:30');
    expect(squash(await page.locator('#f-summary-error').textContent())).toMatch(/^Error: What the complaint is about /);
    await checkPage(page, 'staff-journey-new-case-error');

    // Received on a day still to come: the API's own check, beside the date.
    await fillWhen(page, 'receivedAt', 4, 1, 2100, '10:00');
    await page.locator('input[name=channel][value=letter]').check();
    await page.locator('#f-complainant-name').fill('Morgan Journey (fictional)');
    await page.locator('input[name="complainant.type"][value=parent]').check();
    await page.locator('#f-complainant-address').fill('2 Mill Lane (fictional)');
    await page.locator('#f-child-name').fill('Alex Journey (fictional)');
    await page.locator('#f-summary').fill('Placement moved without notice (Alex Journey)');
    await page.locator('#f-team').fill(TEAM);
    const [future] = await submit(page);
    expect(future?.status()).toBe(400);
    expect(squash(await page.locator('.govuk-error-summary__list').textContent())).toBe('When the complaint was received is in the future');
    expect(await page.locator('.govuk-error-summary__list a').getAttribute('href')).toBe('#f-receivedAt-day');
    expect(squash(await page.locator('#f-receivedAt-error').textContent())).toBe('Error: When the complaint was received is in the future');
    expect(await page.locator('#f-complainant-name').inputValue()).toBe('Morgan Journey (fictional)');
    await checkPage(page, 'staff-journey-new-case-future');

    // Received Mon 23 Nov 2026, 10:00 in London. Sent twice (a double press, its idempotency key): one case.
    await fillWhen(page, 'receivedAt', 23, 11, 2026, '10:00');
    const logForm = await formValues(page);
    const newCase = `${api.baseUrl}/staff/cases/new`;
    const [one, two] = await Promise.all([page.request.post(newCase, { form: logForm, maxRedirects: 0 }), page.request.post(newCase, { form: logForm, maxRedirects: 0 })]);
    expect([one.status(), two.status()]).toEqual([303, 303]);
    expect(one.headers().location).toBe(two.headers().location);
    // Acknowledged within 3 working days of receipt, by Thu 26 Nov (Nov 24, 25, 26).
    const logged = /^\/staff\/cases\/(CSC-2026-[0-9A-Z]{6})\?done=logged&set=stage1.acknowledge%3A2026-11-26#done$/.exec(one.headers().location ?? '');
    expect(logged, one.headers().location).not.toBeNull();
    refs.officer = logged![1]!;
    const filed = await local.records.listCases({ team: TEAM, limit: 10 }, { everyCase: true, teams: [], subject: 'x', parts: [] });
    expect(filed.cases.map((c) => c.reference).filter((r) => r === refs.officer)).toEqual([refs.officer]);
    expect(filed.cases).toHaveLength(3);
    expect((await local.records.getCase(refs.officer))?.people.map((p) => [p.role, p.name])).toEqual([
      ['complainant', 'Morgan Journey (fictional)'],
      ['child', 'Alex Journey (fictional)'],
    ]);
    await page.goto(`${api.baseUrl}${one.headers().location}`);
    expect(await banner(page)).toBe('Success Complaint logged Acknowledgement of the complaint: due Thursday 26 November 2026');
    expect(await clock(page, 'stage1.acknowledge')).toContain('Due Thursday 26 November 2026');
    expect(squash(await page.locator('main').textContent())).toContain('Received Monday 23 November 2026');
    await checkPage(page, 'staff-journey-logged');
    // What the officer can do now: the steps an untriaged complaint takes (no response before triage, no later stage's step).
    expect(await offered(page)).toEqual(['triage', 'acknowledge', 'extend', 'release-hold', 'withdraw', 'record-findings', 'refer-to-ombudsman', 'advocacy', 'arrange-meeting', 'record-meeting']);
    await Promise.all([page.waitForNavigation(), page.locator(`#commands + ul a[href="/staff/cases/${refs.officer}/commands/triage"]`).click()]);
    expect(await page.title()).toBe(`Triage – ${refs.officer} – Complaints casework – Exampleshire Council`);
    // The clocks beside the form: the acknowledgement, as the case stands (its state follows the day this runs).
    expect(await clock(page, 'stage1.acknowledge')).toMatch(/^Acknowledgement of the complaint Thursday 26 November 2026 \((pending|missed)\)$/);
    await checkPage(page, 'staff-journey-triage');

    // Sent empty: the decision is asked for beside its field, and nothing changes.
    await submit(page);
    expect(await page.title()).toMatch(/^Error: Triage/);
    expect(await page.locator('.govuk-error-summary a[href="#f-decision"]').count()).toBe(1);
    await checkPage(page, 'staff-journey-triage-error');

    // Triaged into Stage 1 on Mon 23 Nov, 11:00.
    await page.locator('input[name=decision][value=stage1]').check();
    await fillWhen(page, 'at', 23, 11, 2026, '11:00');
    const notice = await submitPast(page, 'triage');
    expect(notice).toContain('This step is dated Mon 23 Nov 2026, before today (Fri 4 Dec 2026): it counts from that day');
    expect(notice).toContain('Any letter this step would send the complainant will not be sent.');
    expect(page.url()).toContain(`/staff/cases/${refs.officer}?done=triage`);
    // The Stage 1 response: 10 working days from receipt (Nov 24-27: 4, Nov 30-Dec 4: 9, Mon 7 Dec: 10).
    expect(await banner(page)).toBe('Success Triage: done Stage 1 response: due Monday 7 December 2026');
    // At Stage 1: triage is done, the response is offered, and still no Stage 2 step.
    expect(await offered(page)).toEqual(['acknowledge', 'extend', 'respond', 'escalate', 'hold', 'release-hold', 'withdraw', 'record-findings', 'refer-to-ombudsman', 'record-learning', 'advocacy', 'arrange-meeting', 'record-meeting']);
    await checkPage(page, 'staff-journey-triaged');

    // Acknowledged Tue 24 Nov, 09:00: the acknowledgement is met, no date moves.
    await page.goto(`${api.baseUrl}/staff/cases/${refs.officer}/commands/acknowledge`);
    await fillWhen(page, 'at', 24, 11, 2026, '09:00');
    await submitPast(page, 'acknowledge');
    expect(await banner(page)).toBe('Success Acknowledge: done');
    expect(await clock(page, 'stage1.acknowledge')).toContain('Due Thursday 26 November 2026; done Tue 24 Nov 2026, 09:00');

    // Extended by 10 working days on Wed 2 Dec, 10:00: Mon 7 Dec + 10 = Mon 21 Dec (Dec 8-11: 4, Dec 14-18: 9, Mon 21 Dec: 10).
    await page.goto(`${api.baseUrl}/staff/cases/${refs.officer}/commands/extend`);
    expect(await clock(page, 'stage1.respond')).toMatch(/^Stage 1 response Monday 7 December 2026 \((pending|missed)\)$/);
    // The wrong clock first: the case's refusal comes back beside the field it names, and nothing changes.
    await page.locator('input[name=deadline][value="stage2.respond"]').check();
    await page.locator('#f-workingDays').fill('10');
    await page.locator('#f-reason').fill('The social worker’s notes are not yet filed');
    await fillWhen(page, 'at', 2, 12, 2026, '10:00');
    await submit(page);
    expect(squash(await page.locator('#command-form .govuk-inset-text').textContent())).toContain('This step is dated Wed 2 Dec 2026');
    const [refusal] = await submit(page);
    expect(refusal?.status()).toBe(409);
    expect(await page.title()).toMatch(/^Error: Extend/);
    // The workflow's own words (domain/complaint/transitions/holds.ts), for the form as a whole: they name no field of it.
    expect(squash(await page.locator('.govuk-error-summary__list').textContent())).toBe('stage2.respond is not running, so it cannot be extended');
    expect(await page.locator('.govuk-error-summary__list a').getAttribute('href')).toBe('#command-form');
    await checkPage(page, 'staff-journey-extend-refused');
    await page.locator('input[name=deadline][value="stage1.respond"]').check();
    // A double press: the same form sent twice applies once (its idempotency key), and both answers are the case page.
    const sent = await formValues(page);
    const action = `${api.baseUrl}/staff/cases/${refs.officer}/commands/extend`;
    const [first, second] = await Promise.all([page.request.post(action, { form: sent, maxRedirects: 0 }), page.request.post(action, { form: sent, maxRedirects: 0 })]);
    expect([first.status(), second.status()]).toEqual([303, 303]);
    const locations = [first.headers().location!, second.headers().location!];
    expect(locations).toContain(`/staff/cases/${refs.officer}?done=extend&set=stage1.respond%3A2026-12-21#done`);
    await page.goto(`${api.baseUrl}${locations.find((l) => l.includes('set='))}`);
    expect(await banner(page)).toBe('Success Extend: done Stage 1 response: due Monday 21 December 2026');
    expect(await clock(page, 'stage1.respond')).toContain('Due Monday 21 December 2026');
    const extended = (await local.records.caseChronology(refs.officer)).filter((e) => e.type === 'event' && e.event.action === 'extended');
    expect(extended).toHaveLength(1);
    await checkPage(page, 'staff-journey-extended');
    // The README's picture of a case page: its first screen, a tall one.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'staff-readme-case.png') });

    // The officer's caseload lists their team's three cases, the extended one due Mon 21 Dec.
    await page.goto(`${api.baseUrl}/staff`);
    expect(squash(await page.locator(`table[data-section="all"] tr[data-reference="${refs.officer}"]`).textContent())).toContain('Monday 21 December 2026');
    // Awaiting the officer's decision: the extension to record an answer to; a late request is a manager's to decide.
    expect(await page.locator('table[data-section="awaiting-decision"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference')))).toEqual([refs.investigated]);
    await context.close();
  });

  it('a manager decides a late request for Stage 2 from their queue', async () => {
    const { context, page } = await signedIn('cm.one');
    await page.goto(`${api.baseUrl}/staff?team=${encodeURIComponent(TEAM)}`);
    expect((await page.locator('#queues li').allTextContents()).map(squash)).toEqual([
      'Late requests for the next stage to decide (1)',
      'Extensions awaiting the complainant’s agreement (1)',
      'Review Panels to schedule (0)',
      'Actions past their date (0)',
    ]);
    await checkPage(page, 'staff-journey-caseload');
    // Awaiting the manager's decision: the late request, and the extension the complainant answered by phone or letter.
    expect(await page.locator('table[data-section="awaiting-decision"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference')).sort())).toEqual([refs.late, refs.investigated].sort());
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.screenshot({ path: path.join(SHOTS, 'staff-readme-caseload.png') });
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Late requests for the next stage to decide' }).click()]);
    // Asked Wed 18 Nov; the window closed Mon 16 Nov; decided within the Stage 2 acknowledgement's 3 working days: Mon 23 Nov (Nov 19, 20, 23).
    expect((await page.locator(`table[data-queue="late-escalations"] tr[data-reference="${refs.late}"]`).locator('th, td').allTextContents()).map(squash)).toEqual([
      refs.late,
      TEAM,
      'Stage 2',
      'Wednesday 18 November 2026',
      'Monday 16 November 2026',
      'Monday 23 November 2026',
      `Accept the late request (${refs.late})Refuse it (${refs.late})`,
    ]);
    await checkPage(page, 'staff-journey-queue');
    // The extension asked on Mon 30 Nov waits for the complainant: the Stage 2 response stays Thu 24 Dec until they agree;
    // agreed, 10 working days after it, past the bank holidays of Fri 25 Dec, Mon 28 Dec (Boxing Day's substitute) and
    // Fri 1 Jan: Dec 29, 30, 31 (3), Jan 4-8 (8), Mon 11 (9), Tue 12 Jan 2027 (10).
    await page.goto(`${api.baseUrl}/staff/queues/extensions`);
    expect((await page.locator(`table[data-queue="extensions"] tr[data-reference="${refs.investigated}"]`).locator('th, td').allTextContents()).map(squash)).toEqual([
      refs.investigated,
      TEAM,
      'Monday 30 November 2026',
      '10',
      'Thursday 24 December 2026',
      'Tuesday 12 January 2027',
      `Record their answer (${refs.investigated})`,
    ]);
    expect(await page.locator(`tr[data-reference="${refs.investigated}"] a`, { hasText: 'Record their answer' }).getAttribute('href')).toBe(`/staff/cases/${refs.investigated}/commands/answer-extension`);
    await checkPage(page, 'staff-journey-queue-extensions');
    await page.goto(`${api.baseUrl}/staff/queues/late-escalations`);
    await Promise.all([page.waitForNavigation(), page.locator(`tr[data-reference="${refs.late}"] a`, { hasText: 'Accept the late request' }).click()]);
    expect(page.url()).toBe(`${api.baseUrl}/staff/cases/${refs.late}/commands/escalate`);
    await page.locator('#f-lateAcceptedReason').fill('The complainant was in hospital until 17 November');
    await fillWhen(page, 'at', 19, 11, 2026, '10:00');
    await submitPast(page, 'accept-late');
    expect(await banner(page)).toBe('Success Escalate: done');
    expect(squash(await page.locator('main .govuk-caption-l').first().textContent())).toMatch(/^Stage 2/);
    expect(await clock(page, 'stage2.acknowledge')).toContain('Due Monday 23 November 2026');
    // Decided: the queue is empty.
    await eventually(
      () => page.goto(`${api.baseUrl}/staff/queues/late-escalations`).then(() => page.locator(`tr[data-reference="${refs.late}"]`).count()),
      (n) => n === 0,
      30_000,
    );
    await context.close();
  });

  it('an investigator sees only their own case, and submits their report through the form', async () => {
    const { context, page } = await signedIn('io.one');
    // Logging a complaint is the complaints team's (the API's CREATE_ROLES): no link, and the page is refused.
    expect(await page.getByRole('button', { name: 'Log a new complaint' }).count()).toBe(0);
    expect((await page.goto(`${api.baseUrl}/staff/cases/new`))?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('You cannot log complaints');
    await page.goto(`${api.baseUrl}/staff`);
    const all = page.locator('table[data-section="all"] tbody tr');
    expect(await all.count()).toBe(1);
    expect(await all.first().getAttribute('data-reference')).toBe(refs.investigated);
    // Another case is not found, its forms too; a command their part may not send is refused.
    expect((await page.goto(`${api.baseUrl}/staff/cases/${refs.officer}/commands/acknowledge`))?.status()).toBe(404);
    const refused = await page.goto(`${api.baseUrl}/staff/cases/${refs.investigated}/commands/close`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('You cannot do this on this case');
    await checkPage(page, 'staff-journey-forbidden');

    await page.goto(`${api.baseUrl}/staff/cases/${refs.investigated}/commands/submit-reports`);
    // The statement agreed Thu 19 Nov: the Stage 2 response 25 working days on, Thu 24 Dec
    // (Nov 20: 1, Nov 23-27: 6, Nov 30-Dec 4: 11, Dec 7-11: 16, Dec 14-18: 21, Dec 21-24: 25).
    expect(await clock(page, 'stage2.respond')).toMatch(/^Stage 2 adjudication Thursday 24 December 2026 \((pending|missed)\)$/);
    // A form sent without its CSRF token is refused and changes nothing.
    const forged = await page.request.post(`${api.baseUrl}/staff/cases/${refs.investigated}/commands/submit-reports`, { form: { reports: 'investigating-officer' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect((await local.records.caseChronology(refs.investigated)).filter((e) => e.type === 'event' && e.event.action === 'reports-submitted')).toHaveLength(0);
    await page.locator('input[name=reports][value=investigating-officer]').check();
    await fillWhen(page, 'at', 1, 12, 2026, '10:00');
    await submitPast(page, 'submit-reports');
    expect(await banner(page)).toBe('Success Submit reports: done');
    const submitted = await eventually(
      () => local.records.caseChronology(refs.investigated),
      (entries) => entries.some((e) => e.type === 'event' && e.event.action === 'reports-submitted'),
      30_000,
    );
    expect(submitted.filter((e) => e.type === 'event' && e.event.action === 'reports-submitted').map((e) => e.type === 'event' && [e.event.actor, e.at])).toEqual([['io.one', '2026-12-01T10:00:00.000Z']]);
    expect(await clock(page, 'stage2.respond')).toContain('Due Thursday 24 December 2026');
    await checkPage(page, 'staff-journey-reported');
    await context.close();
  });
});
