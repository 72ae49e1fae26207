import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../api/auth/roles';
import { LOCAL_AUDIENCE } from '../../api/auth/local-keys';
import { DEFAULT_COUNCIL } from '../../domain/council';
import { CouncilStore } from '../../records/councils';
import { parseCouncilArgs } from '../../scripts/council/add';
import { launchChromium } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider';
import { freePort } from '../helpers/ports';
import { checkPage } from './page-checks';

/**
 * The staff pages of a deployment serving two councils, in real Chromium,
 * signed in through a real OpenID Provider whose tokens name the councils.
 * The cases are logged through the API (the harness with the councils'
 * workers); the pages' harness shares its records and payload keys.
 */
const run = randomBytes(3).toString('hex');
const A = `alpha-${run}`;
const B = `beta-${run}`;
const ROOT = path.resolve(import.meta.dirname, '../..');
const TODAY = Date.parse('2026-12-04T10:00:00Z');

function councilArgs(argv: string[]) {
  const parsed = parseCouncilArgs(['add', ...argv], ROOT);
  if (parsed.command !== 'add') throw new Error('not an add');
  return parsed.settings;
}

let local: ApiHarness; // the councils, their workers, and the API the cases are logged through
let api: ApiHarness; // the same records, signing staff in at the identity provider
let idp: IdentityProvider;
let browser: Browser;
const refs: Record<string, string[]> = {};

async function create(council: string, receivedAt: string, complainant: string): Promise<string> {
  const res = await fetch(`${local.baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await local.token('complaints-manager' as Role, 'cm.setup', [], [council])}`, 'content-type': 'application/json' },
    body: JSON.stringify({ receivedAt, channel: 'letter', complainant: { name: complainant, type: 'parent', address: '1 High Street (fictional)' }, summary: 'Contact changed without notice', team: 'Children in Care' }),
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return (JSON.parse(text) as { reference: string }).reference;
}

beforeAll(async () => {
  local = await startApi({
    councils: [
      councilArgs([A, '--name', 'Alphashire Council', '--policy', 'england-statutory']),
      councilArgs([B, '--name', 'Betashire Council', '--policy', 'luton']),
    ],
    web: { councilName: 'Deployment Council' },
    // Both harnesses' council directory (they share these records): a council renamed shows within this (10 s in production).
    councilTtlMs: 300,
  });
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/staff/sign-in/callback`;
  idp = await startIdentityProvider({
    audience: LOCAL_AUDIENCE,
    clientId: 'complaints-staff',
    redirectUri,
    accounts: {
      'cm.beta': { roles: ['complaints-manager'], councils: [B] },
      'cm.both': { roles: ['complaints-manager'], councils: [A, B] },
      'io.beta': { roles: ['investigating-officer'], councils: [B] },
    },
  });
  api = await startApi({
    records: local.records,
    payloadKeys: local.payloadKeys,
    auth: { keys: { jwksUrl: idp.jwksUrl }, issuer: idp.issuer, audience: LOCAL_AUDIENCE },
    staff: { councilName: 'Deployment Council', oidc: { issuer: idp.issuer, clientId: 'complaints-staff', redirectUri, scopes: ['casework'] }, now: () => TODAY },
    web: { councilName: 'Deployment Council' },
    // The cases its forms log start where the councils' workers poll.
    taskQueue: local.taskQueue,
    port,
  });
  browser = await launchChromium();
  refs[A] = [await create(A, '2026-11-02T10:00:00Z', 'Avery Alpha (fictional)')];
  refs[B] = [await create(B, '2026-11-02T10:00:00Z', 'Blake Beta (fictional)'), await create(B, '2026-11-09T10:00:00Z', 'Casey Beta (fictional)')];
  // The listings are the records' copies, synced by each council's workflows.
  for (const council of [A, B]) {
    await eventually(
      () => local.records.forCouncil(council).listCases({ limit: 10 }, { everyCase: true, teams: [], subject: 'x', parts: [] }),
      (page) => page.cases.length === refs[council]!.length,
      60_000,
    );
  }
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await local?.stop();
  await idp?.stop();
});

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
const listed = (page: Page) => page.locator('table[data-section="all"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference')).sort());

/** Signs `login` in at the identity provider; resolves on the first staff page after the callback. */
async function signIn(login: string, landing: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  // The provider's development login page asks for a web font this machine cannot reach.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/staff/sign-in`);
  await Promise.all([page.waitForURL(`${idp.issuer}/**`), page.getByRole('button', { name: 'Sign in with your council account' }).click()]);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await Promise.all([page.waitForURL(`${api.baseUrl}${landing}`), page.getByRole('button', { name: 'Sign-in' }).click()]);
  return { context, page };
}

describe('staff pages per council', () => {
  it("a staff member of council B works in B straight away: B's cases, B's name, and A's case is not found", async () => {
    const { context, page } = await signIn('cm.beta', '/staff');
    expect(await page.title()).toBe('Caseload – Complaints casework – Betashire Council');
    expect(squash(await page.locator('header.govuk-template__header').textContent())).toContain('Betashire Council');
    // One council: no chooser, nothing to switch to.
    expect(await page.getByRole('link', { name: 'Switch council' }).count()).toBe(0);
    expect(await listed(page)).toEqual([...refs[B]!].sort());

    const own = await page.goto(`${api.baseUrl}/staff/cases/${refs[B]![0]}`);
    expect(own?.status()).toBe(200);
    expect(squash(await page.locator('main').textContent())).toContain('Blake Beta (fictional)');
    // The read is on B's access log, and on no other council's.
    expect((await local.records.forCouncil(B).listAccess({ reference: refs[B]![0]!, actor: 'cm.beta' })).map((a) => a.view).sort()).toEqual(['case', 'chronology', 'correspondence']);
    expect(await local.records.forCouncil(DEFAULT_COUNCIL).listAccess({ actor: 'cm.beta' })).toEqual([]);

    for (const url of [`/staff/cases/${refs[A]![0]}`, `/staff/cases/${refs[A]![0]}/print`, `/staff/cases/${refs[A]![0]}/commands/acknowledge`]) {
      const other = await page.goto(`${api.baseUrl}${url}`);
      expect(other?.status(), url).toBe(404);
      expect(await page.locator('h1').textContent(), url).toBe('Page not found');
    }
    expect(squash(await page.locator('main').textContent())).not.toContain('Avery Alpha');
    expect(await local.records.forCouncil(A).listAccess({ actor: 'cm.beta' })).toEqual([]);
    // The chooser, asked for by hand, offers the one council.
    await page.goto(`${api.baseUrl}/staff/council`);
    expect(await page.locator('input[name=council]').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('value')))).toEqual([B]);

    // A complaint logged through the form is B's, on B's policy (Luton's), and no other council's.
    await page.goto(`${api.baseUrl}/staff/cases/new`);
    for (const [part, value] of [['day', '16'], ['month', '11'], ['year', '2026'], ['time', '10:00']]) await page.locator(`#f-receivedAt-${part}`).fill(value!);
    await page.locator('input[name=channel][value=letter]').check();
    await page.locator('#f-complainant-name').fill('Drew Beta (fictional)');
    await page.locator('input[name="complainant.type"][value=parent]').check();
    await page.locator('#f-summary').fill('Placement moved without notice');
    await Promise.all([page.waitForURL(/\/staff\/cases\/CSC-2026-[0-9A-Z]{6}\?done=logged/), page.locator('#command-form button.govuk-button:not(.govuk-button--secondary)').last().click()]);
    const logged = /CSC-2026-[0-9A-Z]{6}/.exec(page.url())![0];
    expect(await local.records.forCouncil(B).getCase(logged)).toMatchObject({ policyId: 'luton', policyVersion: 1 });
    expect(await local.records.forCouncil(A).getCase(logged)).toBeUndefined();
    expect(await local.records.forCouncil(DEFAULT_COUNCIL).getCase(logged)).toBeUndefined();
    refs[B]!.push(logged);
    await eventually(
      () => local.records.forCouncil(B).listCases({ limit: 10 }, { everyCase: true, teams: [], subject: 'x', parts: [] }),
      (page) => page.cases.length === refs[B]!.length,
      60_000,
    );
    await context.close();
  });

  it('a member of both councils chooses one, sees its cases only, and switches to the other', async () => {
    const { context, page } = await signIn('cm.both', '/staff/council');
    expect(await page.title()).toBe('Which council are you working for? – Complaints casework – Deployment Council');
    await checkPage(page, 'staff-council-chooser');
    // Every other page waits for the choice.
    await page.goto(`${api.baseUrl}/staff/cases/${refs[A]![0]}`);
    expect(page.url()).toBe(`${api.baseUrl}/staff/council`);

    // Continuing without a choice is the field's error, and changes nothing.
    const refused = await Promise.all([page.waitForResponse((r) => r.url() === `${api.baseUrl}/staff/council` && r.request().method() === 'POST'), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(refused[0].status()).toBe(400);
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary a[href="#council"]').textContent()).toBe('Select the council you are working for');
    await checkPage(page, 'staff-council-chooser-error');
    // A council the sign-in does not name, sent by a tampered form: refused the same way.
    await page.locator('#council').evaluate((radio) => ((radio as unknown as { value: string }).value = 'default'));
    await page.locator('#council').check();
    const tampered = await Promise.all([page.waitForResponse((r) => r.url() === `${api.baseUrl}/staff/council` && r.request().method() === 'POST'), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(tampered[0].status()).toBe(400);
    await page.waitForLoadState();

    await page.getByLabel('Alphashire Council').check();
    await Promise.all([page.waitForURL(`${api.baseUrl}/staff`), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(await page.title()).toBe('Caseload – Complaints casework – Alphashire Council');
    expect(await listed(page)).toEqual(refs[A]);
    expect((await page.goto(`${api.baseUrl}/staff/cases/${refs[B]![0]}`))?.status()).toBe(404);
    expect((await page.goto(`${api.baseUrl}/staff/cases/${refs[A]![0]}`))?.status()).toBe(200);
    expect(squash(await page.locator('main').textContent())).toContain('Avery Alpha (fictional)');

    // Switching: the chooser shows where they work now, and moves them.
    await Promise.all([page.waitForURL(`${api.baseUrl}/staff/council`), page.getByRole('link', { name: 'Switch council' }).click()]);
    expect(await page.getByLabel('Alphashire Council').isChecked()).toBe(true);
    expect(await page.title()).toBe('Which council are you working for? – Complaints casework – Alphashire Council');
    await checkPage(page, 'staff-council-switch');
    await page.getByLabel('Betashire Council').check();
    await Promise.all([page.waitForURL(`${api.baseUrl}/staff`), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(await page.title()).toBe('Caseload – Complaints casework – Betashire Council');
    expect(await listed(page)).toEqual([...refs[B]!].sort());
    expect((await page.goto(`${api.baseUrl}/staff/cases/${refs[A]![0]}`))?.status()).toBe(404);
    await context.close();
  });

  it("each council's annual report page counts its own cases only, titled with its name", async () => {
    const { context, page } = await signIn('cm.both', '/staff/council');
    const received = async () => squash(await page.locator('section', { has: page.locator('h2', { hasText: 'Complaints by stage' }) }).locator('tbody tr', { hasText: 'Stage 1' }).first().locator('td').nth(1).textContent());
    for (const [council, name] of [[A, 'Alphashire Council'], [B, 'Betashire Council']] as const) {
      await page.goto(`${api.baseUrl}/staff/council`);
      await page.getByLabel(name).check();
      await Promise.all([page.waitForURL(`${api.baseUrl}/staff`), page.getByRole('button', { name: 'Continue' }).click()]);
      await Promise.all([page.waitForURL(`${api.baseUrl}/staff/reports/annual`), page.getByRole('link', { name: 'Annual report' }).click()]);
      // The financial year holding today (Fri 4 Dec 2026), to today.
      const title = `${name}: children's social care complaints: annual report, Wed 1 Apr 2026 to Fri 4 Dec 2026`;
      expect(await page.title()).toBe(title);
      expect(squash(await page.locator('h1').textContent())).toBe(title);
      expect(await received(), council).toBe(String(refs[council]!.length));
      await checkPage(page, `staff-annual-report-${council === A ? 'a' : 'b'}`);
    }
    // A period of its own, and a period that is not one.
    await page.goto(`${api.baseUrl}/staff/reports/annual?from=2026-11-05&to=2026-12-04`);
    expect(squash(await page.locator('h1').textContent())).toBe("Betashire Council: children's social care complaints: annual report, Thu 5 Nov 2026 to Fri 4 Dec 2026");
    // Received Mon 9 Nov and Mon 16 Nov (the one logged through the form); the case of Mon 2 Nov is carried over.
    expect(await received()).toBe('2');
    const damaged = await page.goto(`${api.baseUrl}/staff/reports/annual?from=2026-12-05&to=2026-12-04`);
    expect(damaged?.status()).toBe(400);
    await context.close();

    // An investigator reads no report.
    const investigator = await signIn('io.beta', '/staff');
    expect(await investigator.page.getByRole('link', { name: 'Annual report' }).count()).toBe(0);
    expect((await investigator.page.goto(`${api.baseUrl}/staff/reports/annual`))?.status()).toBe(403);
    await investigator.context.close();
  });

  it("the API's annual report page is titled with the token's council and counts its cases only", async () => {
    const period = '/v1/reports/annual?from=2026-04-01&to=2026-12-04&format=html';
    for (const [council, name] of [[A, 'Alphashire Council'], [B, 'Betashire Council'], [DEFAULT_COUNCIL, 'Deployment Council']] as const) {
      const res = await fetch(`${local.baseUrl}${period}`, { headers: { authorization: `Bearer ${await local.token('complaints-manager', 'cm.report', [], [council])}` } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<h1>${name}: children&#39;s social care complaints: annual report, Wed 1 Apr 2026 to Fri 4 Dec 2026</h1>`);
      expect(html).toContain(`<tr><th scope="row">Stage 1 (statutory procedure)</th><td>0</td><td>${refs[council]?.length ?? 0}</td>`);
    }
  });

  it("a council renamed by another process shows its new name on its staff pages once the directory reads it again", async () => {
    const { context, page } = await signIn('cm.beta', '/staff');
    expect(await page.title()).toBe('Caseload – Complaints casework – Betashire Council');
    const store = new CouncilStore(local.ownerDb!);
    await store.put(councilArgs([B, '--name', 'Betashire and Gammaton Council', '--policy', 'luton']));
    const title = await eventually(
      async () => {
        await page.reload();
        return page.title();
      },
      (t) => !t.endsWith('Betashire Council'),
      30_000,
    );
    expect(title).toBe('Caseload – Complaints casework – Betashire and Gammaton Council');
    expect(squash(await page.locator('header.govuk-template__header').textContent())).toContain('Betashire and Gammaton Council');
    await store.put(councilArgs([B, '--name', 'Betashire Council', '--policy', 'luton']));
    local.records.councils.forget(B);
    await page.reload();
    expect(await page.title()).toBe('Caseload – Complaints casework – Betashire Council');
    await context.close();
  });
});
