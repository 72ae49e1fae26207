import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LOCAL_AUDIENCE } from '../../api/auth/local-keys';
import { launchChromium } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider';
import { freePort } from '../helpers/ports';
import { registerIndependent } from '../helpers/register';
import { checkPage } from './page-checks';
import { derive } from '../../api/complainant/secrets';

/**
 * The staff pages in real Chromium, signed in through a real OpenID Provider
 * (oidc-provider) whose access tokens the API itself accepts. The cases are
 * logged through the API with fixed past dates (so their clocks give the same
 * dates whatever day this runs), and the pages' clock is pinned to Friday
 * 4 December 2026, 10:00 in London: the caseload counts working days from it.
 */
const TODAY = Date.parse('2026-12-04T10:00:00Z');
const IDLE_MS = 30 * 60_000;
let clockOffset = 0;

let local: ApiHarness; // the embedded default: local sign-in, and the cases' workflows
let api: ApiHarness; // the same records, signing in at the identity provider
let idp: IdentityProvider;
let browser: Browser;
const refs: Record<'overdue' | 'held' | 'investigated', string> = { overdue: '', held: '', investigated: '' };
const TEAM = `Children in Care ${Date.now()}`;

async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${local.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await local.token('complaints-manager', 'cm.setup')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as Record<string, unknown>;
}
async function create(receivedAt: string, complainant: string, child: string): Promise<string> {
  const made = await call('POST', '/v1/complaints', { receivedAt, channel: 'letter', complainant: { name: complainant, type: 'parent', address: '1 High Street (fictional)' }, child: { name: child }, summary: `Contact changed without notice (${child})`, team: TEAM });
  return made.reference as string;
}
const command = (ref: string, name: string, body: Record<string, unknown> = {}) => call('POST', `/v1/complaints/${ref}/commands/${name}`, body);

beforeAll(async () => {
  local = await startApi({ staff: { councilName: 'Exampleshire Council', now: () => TODAY + clockOffset } });
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/staff/sign-in/callback`;
  idp = await startIdentityProvider({
    audience: LOCAL_AUDIENCE,
    clientId: 'complaints-staff',
    redirectUri,
    accounts: { 'cm.one': { roles: ['complaints-manager'] }, 'io.one': { roles: ['investigating-officer'] }, 'aud.one': { roles: ['auditor'] }, 'cm.alpha': { roles: ['complaints-manager'], councils: ['alpha'] } },
  });
  api = await startApi({
    records: local.records,
    payloadKeys: local.payloadKeys,
    auth: { keys: { jwksUrl: idp.jwksUrl }, issuer: idp.issuer, audience: LOCAL_AUDIENCE },
    staff: { councilName: 'Exampleshire Council', oidc: { issuer: idp.issuer, clientId: 'complaints-staff', redirectUri, scopes: ['casework'] }, now: () => TODAY + clockOffset, session: { idleMs: IDLE_MS, absoluteMs: 10 * 3_600_000 } },
    port,
  });
  browser = await launchChromium();

  // Received Mon 2 Nov 2026, nothing done: the acknowledgement was due Thu 5 Nov 2026.
  refs.overdue = await create('2026-11-02T10:00:00Z', 'Avery Overdue (fictional)', 'Sam Overdue (fictional)');
  // Received Mon 23 Nov, acknowledged on Tue 24 Nov, then held for court proceedings now (a step logged in the past sends no letter; this one does): its clocks wait.
  refs.held = await create('2026-11-23T10:00:00Z', 'Blake Held (fictional)', 'Kim Held (fictional)');
  await command(refs.held, 'triage', { decision: 'stage1', at: '2026-11-23T11:00:00Z' });
  await command(refs.held, 'acknowledge', { at: '2026-11-24T09:00:00Z' });
  await command(refs.held, 'hold', { reason: 'court-proceedings' });
  await command(refs.overdue, 'assign', { person: { id: 'co.two' }, part: 'assigned-officer' });
  // Straight to Stage 2 on Mon 16 Nov, with io.one as its Investigating Officer.
  await registerIndependent(local.records, { 'ip.one': ['independent-person'] });
  refs.investigated = await create('2026-11-16T10:00:00Z', 'Casey Investigated (fictional)', 'Lee Investigated (fictional)');
  await command(refs.investigated, 'triage', { decision: 'stage2', at: '2026-11-16T11:00:00Z' });
  await command(refs.investigated, 'acknowledge', { at: '2026-11-17T09:00:00Z' });
  await command(refs.investigated, 'appoint-investigators', { at: '2026-11-18T09:00:00Z', investigatingOfficer: { id: 'io.one' }, independentPerson: { id: 'ip.one' } });
  // The listing is the records' copy, synced by the workflows: wait until it shows all three as they stand.
  await eventually(
    () => local.records.listCases({ team: TEAM, limit: 10 }, { everyCase: true, teams: [], subject: 'x', parts: [] }),
    (page) => page.cases.length === 3 && page.cases.some((c) => c.reference === refs.overdue && c.overdue) && page.cases.some((c) => c.reference === refs.held && c.onHold),
    30_000,
  );
  // The acknowledgement letter, made by the workflow's activity.
  await eventually(() => local.records.listCorrespondence(refs.held), (letters) => letters.some((l) => l.template === 'case-on-hold' && l.body !== null), 30_000);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await local?.stop();
  await idp?.stop();
});

async function signedIn(login: string): Promise<{ context: BrowserContext; page: Page; callback: () => string | undefined }> {
  const context = await browser.newContext();
  let callback: string | undefined;
  context.on('request', (request) => {
    if (request.url().startsWith(`${api.baseUrl}/staff/sign-in/callback`)) callback = request.url();
  });
  // The provider's development login page asks for a web font this machine cannot reach.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/staff`);
  expect(page.url()).toBe(`${api.baseUrl}/staff/sign-in`);
  await checkPage(page, 'staff-sign-in');
  await Promise.all([page.waitForURL(`${idp.issuer}/**`), page.getByRole('button', { name: 'Sign in with your council account' }).click()]);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await Promise.all([page.waitForURL(`${api.baseUrl}/staff`), page.getByRole('button', { name: 'Sign-in' }).click()]);
  return { context, page, callback: () => callback };
}
const rowText = (page: Page, section: string, ref: string) => page.locator(`table[data-section="${section}"] tr[data-reference="${ref}"]`).textContent();
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('staff pages', () => {
  it('a complaints manager signs in through the identity provider and sees the caseload with exact dates and working days', async () => {
    const { context, page } = await signedIn('cm.one');
    expect(await page.title()).toBe('Caseload – Complaints casework – Exampleshire Council');
    expect(squash(await page.locator('.govuk-service-navigation').textContent())).toContain('Signed in as cm.one (complaints-manager)');
    await page.goto(`${api.baseUrl}/staff?team=${encodeURIComponent(TEAM)}`);
    expect(squash(await page.locator('main p').first().textContent())).toContain('as of Friday 4 December 2026');
    // Thu 5 Nov 2026 to Fri 4 Dec 2026: 21 working days (no bank holiday between).
    expect(squash(await rowText(page, 'overdue', refs.overdue))).toBe(`${refs.overdue} Stage 1 ${TEAM} acknowledgement of the complaint Thursday 5 November 2026 21 working days overdue`);
    expect(await page.locator(`table[data-section="on-hold"] tr[data-reference="${refs.held}"]`).count()).toBe(1);
    expect(await page.locator('table[data-section="all"] tbody tr').count()).toBe(3);
    await checkPage(page, 'staff-caseload');
    // Filters are a GET form: Stage 2 only.
    await page.goto(`${api.baseUrl}/staff?team=${encodeURIComponent(TEAM)}&stage=stage2`);
    expect(await page.locator('table[data-section="all"] tbody tr').count()).toBe(1);
    expect(await page.locator(`table[data-section="all"] tr[data-reference="${refs.investigated}"]`).count()).toBe(1);
    // By assigned officer.
    await page.goto(`${api.baseUrl}/staff?officer=co.two`);
    expect(await page.locator('table[data-section="all"] tbody tr').count()).toBe(1);
    expect(await page.locator(`table[data-section="all"] tr[data-reference="${refs.overdue}"]`).count()).toBe(1);
    // A stage that does not exist is the sender's error on that field.
    const bad = await page.goto(`${api.baseUrl}/staff?stage=stage9`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary a[href="#stage"]').textContent()).toBe('Select a stage from the list');

    // The case page: the people, every clock with its explanation, the chronology, the letters, and what may be sent.
    const before = (await local.records.listAccess({ reference: refs.held, actor: 'cm.one' })).length;
    await page.goto(`${api.baseUrl}/staff/cases/${refs.held}`);
    expect(await page.title()).toBe(`Complaint ${refs.held} – Complaints casework – Exampleshire Council`);
    const text = squash(await page.locator('main').textContent());
    expect(text).toContain('Blake Held (fictional)');
    expect(text).toContain('Kim Held (fictional)');
    expect(squash(await page.locator('[data-clock="stage1.acknowledge"]').textContent())).toContain('Due Thursday 26 November 2026; done Tue 24 Nov 2026, 09:00');
    expect(text).toMatch(/Put on hold, \w{3} \d{1,2} \w{3} 20\d\d, \d\d:\d\d: court-proceedings/);
    expect(text).toContain('Chronology');
    expect(await page.locator(`#commands + ul a[href="/staff/cases/${refs.held}/commands/release-hold"]`).count()).toBe(1);
    await checkPage(page, 'staff-case');
    // Each personal-data view read is in the access log under the person's subject.
    const logged = (await local.records.listAccess({ reference: refs.held, actor: 'cm.one' })).slice(before).map((a) => a.view);
    expect(logged.sort()).toEqual(['case', 'chronology', 'correspondence']);
    // Each letter is readable; the letter and the printable summary are reads on the access log too.
    const beforeLetter = (await local.records.listAccess({ reference: refs.held, actor: 'cm.one' })).length;
    await Promise.all([page.waitForNavigation(), page.locator('#letters ~ table a').first().click()]);
    expect(page.url()).toMatch(new RegExp(`/staff/cases/${refs.held}/letters/\\d+$`));
    expect(await page.locator('.staff-letter').textContent()).toContain(refs.held);
    await checkPage(page, 'staff-letter');
    await page.goto(`${api.baseUrl}/staff/cases/${refs.held}/print`);
    expect(await page.title()).toBe(`Printable summary of complaint ${refs.held} – Complaints casework – Exampleshire Council`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await checkPage(page, 'staff-print');
    const printed = (await local.records.listAccess({ reference: refs.held, actor: 'cm.one' })).slice(beforeLetter).map((a) => a.view);
    expect(printed.sort()).toEqual(['case', 'chronology', 'correspondence', 'correspondence']);
    await context.close();
  });

  it('an investigator sees only their own case, and another case is not found', async () => {
    const { context, page, callback } = await signedIn('io.one');
    const all = page.locator('table[data-section="all"] tbody tr');
    expect(await all.count()).toBe(1);
    expect(await all.first().getAttribute('data-reference')).toBe(refs.investigated);
    const own = await page.goto(`${api.baseUrl}/staff/cases/${refs.investigated}`);
    expect(own?.status()).toBe(200);
    expect(squash(await page.locator('main').textContent())).toContain('Casey Investigated (fictional)');
    const other = await page.goto(`${api.baseUrl}/staff/cases/${refs.held}`);
    expect(other?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await checkPage(page, 'staff-not-found');
    // The provider's answer is good once: replayed, it signs no one in.
    const replayed = await page.goto(callback()!);
    expect(replayed?.status()).toBe(401);
    expect(squash(await page.locator('main').textContent())).toContain('This sign-in link has expired or was already used.');
    await checkPage(page, 'staff-sign-in-replayed');
    await context.close();
  });

  it("turns away a staff member of a council this deployment does not serve, and opens no session", async () => {
    const context = await browser.newContext();
    await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/staff/sign-in`);
    await Promise.all([page.waitForURL(`${idp.issuer}/**`), page.getByRole('button', { name: 'Sign in with your council account' }).click()]);
    await page.locator('input[name=login]').fill('cm.alpha');
    await page.locator('input[name=password]').fill('any');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${api.baseUrl}/staff/sign-in/callback`)),
      page.getByRole('button', { name: 'Sign-in' }).click(),
    ]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState();
    expect(squash(await page.locator('main').textContent())).toContain('These pages serve the councils added to this deployment; your sign-in names: alpha.');
    await page.goto(`${api.baseUrl}/staff`);
    expect(page.url()).toBe(`${api.baseUrl}/staff/sign-in`);
    await context.close();
  });

  it("an auditor's case page shows dates and clocks, never a name, a letter or a chronology", async () => {
    const { context, page } = await signedIn('aud.one');
    const before = (await local.records.listAccess({ actor: 'aud.one' })).length;
    await page.goto(`${api.baseUrl}/staff/cases/${refs.held}`);
    const text = squash(await page.locator('main').textContent());
    for (const name of ['Blake Held', 'Kim Held', 'High Street', 'Contact changed']) expect(text).not.toContain(name);
    expect(text).toContain('Thursday 26 November 2026');
    expect(await page.locator('#letters').count()).toBe(0);
    expect(await page.locator('#chronology').count()).toBe(0);
    expect(await page.locator('#commands + p').textContent()).toBe('Nothing for your role to do on this case now.');
    expect((await local.records.listAccess({ actor: 'aud.one' })).length).toBe(before);
    await checkPage(page, 'staff-case-auditor');
    await context.close();
  });

  it('a session unused for its idle time ends; a form without its CSRF token changes nothing', async () => {
    const { context, page } = await signedIn('cm.one');
    // A sign-out posted without the token is refused, and the session lives on.
    const refused = await page.request.post(`${api.baseUrl}/staff/sign-out`, { form: { nothing: '1' }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('Your form could not be sent');
    expect((await page.goto(`${api.baseUrl}/staff`))?.url()).toBe(`${api.baseUrl}/staff`);
    // A token from another session is refused too.
    const wrong = await page.request.post(`${api.baseUrl}/staff/sign-out`, { form: { _csrf: 'x'.repeat(43) }, maxRedirects: 0 });
    expect(wrong.status()).toBe(403);
    // Idle past its time: the next page asks to sign in again, saying why.
    clockOffset = IDLE_MS + 60_000;
    try {
      await page.goto(`${api.baseUrl}/staff`);
      expect(page.url()).toBe(`${api.baseUrl}/staff/sign-in?ended=1`);
      expect(squash(await page.locator('.govuk-notification-banner').textContent())).toContain('Your session ended because it was not used for a while');
      await checkPage(page, 'staff-session-ended');
    } finally {
      clockOffset = 0;
    }
    // Ended is ended: the clock back does not bring it back.
    await page.goto(`${api.baseUrl}/staff`);
    expect(page.url()).toContain('/staff/sign-in');
    await context.close();
  });

  it('signs out with the form, and the local sign-in exists only without an identity provider', async () => {
    const { context, page } = await signedIn('cm.one');
    // Where an identity provider is configured the local sign-in is refused, even with a valid CSRF token.
    const csrfToken = await page.locator('form[action="/staff/sign-out"] input[name=_csrf]').getAttribute('value');
    const local_ = await page.request.post(`${api.baseUrl}/staff/sign-in/local`, { form: { _csrf: csrfToken!, role: 'complaints-manager', subject: 'someone' }, maxRedirects: 0 });
    expect(local_.status()).toBe(403);
    expect(await local_.text()).toContain('Local sign-in is not available');
    await Promise.all([page.waitForURL(`${api.baseUrl}/staff/signed-out`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await checkPage(page, 'staff-signed-out');
    await page.goto(`${api.baseUrl}/staff`);
    expect(page.url()).toContain('/staff/sign-in');
    const csrf = await page.locator('input[name=_csrf]').count();
    expect(csrf).toBe(0); // no local form here
    await context.close();

    // The embedded default: a local sign-in, marked for local use only.
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${local.baseUrl}/staff`);
    expect(squash(await p.locator('.govuk-warning-text').textContent())).toContain('For local use only');
    await checkPage(p, 'staff-local-sign-in');
    await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await p.locator('.govuk-error-summary a[href="#role"]').textContent()).toBe('Select a role');
    await checkPage(p, 'staff-local-sign-in-error');
    await p.getByLabel('complaints-officer').check();
    await p.getByLabel('Staff id').fill('co.one');
    await p.getByLabel('Teams (optional)').fill(TEAM);
    await Promise.all([p.waitForURL(`${local.baseUrl}/staff`), p.getByRole('button', { name: 'Sign in' }).click()]);
    expect(squash(await p.locator('.govuk-phase-banner').textContent())).toContain('for local use only');
    // A complaints officer of the team reaches its three cases.
    expect(await p.locator('table[data-section="all"] tbody tr').count()).toBe(3);
    await ctx.close();
  });


  it('refuses the local sign-in in production even without an identity provider, with a valid CSRF token', async () => {
    const production = await startApi({ records: local.records, payloadKeys: local.payloadKeys, staff: { production: true } });
    try {
      const page = await fetch(`${production.baseUrl}/staff/sign-in`);
      const html = await page.text();
      expect(html).not.toContain('/staff/sign-in/local');
      expect(html).toContain('Sign-in is not set up');
      const pre = /staff_pre=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
      const form = new URLSearchParams({ _csrf: derive(pre, 'staff-csrf'), role: 'complaints-manager', subject: 'someone' });
      const res = await fetch(`${production.baseUrl}/staff/sign-in/local`, { method: 'POST', headers: { cookie: `staff_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Local sign-in is not available');
      // The same form on the embedded default signs in.
      const allowed = await fetch(`${local.baseUrl}/staff/sign-in/local`, { method: 'POST', headers: { cookie: `staff_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
      expect([allowed.status, allowed.headers.get('location')]).toEqual([303, '/staff']);
      // The session cookie: HttpOnly, SameSite=Lax, sent to /staff only, and not Secure over plain HTTP (Secure over TLS).
      const session = allowed.headers.getSetCookie().find((c) => c.startsWith('staff_session='))!;
      expect(session.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/staff', 'SameSite=Lax']);
    } finally {
      await production.stop();
    }
  });
});
