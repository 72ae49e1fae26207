import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OutboxChannel } from '../../activities/delivery/channels';
import { eventually } from '../helpers/eventually';
import { launchChromium } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';
import { checkPage, tabTo } from './page-checks';

/**
 * Signing in to follow a complaint, as a person does it in real Chromium:
 * the form, "check your email", the link taken from a real SMTP server, the
 * header's "Sign out"; and what an attacker gets: a replayed link, a form
 * without its CSRF token, someone else's reference, another address.
 */
let api: ApiHarness;
let browser: Browser;
let smtp: LocalSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startApi({
    web: { councilName: 'Exampleshire Council' },
    complainant: {
      publicUrl: 'http://placeholder.invalid',
      channels: [new OutboxChannel(), smtp.channel],
      council: { name: 'Exampleshire Council', contact: 'the Complaints Team', phone: '01632 960000', email: 'complaints@test.example' },
      signInLimit: { perEmail: 3, perAddress: 50 },
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await smtp?.close();
});

async function logCase(name: string, email: string): Promise<string> {
  const res = await fetch(`${api.baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager')}` },
    body: JSON.stringify({ receivedAt: '2026-11-02T09:00:00Z', channel: 'email', complainant: { name, type: 'parent', email }, summary: 'Contact arrangements changed', team: 'fostering' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/** The path of the newest link mailed to `email` once `count` have arrived (the host is the configured public URL's). */
async function linkPath(email: string, count: number): Promise<string> {
  const found = await eventually(
    async () => smtp.mails.filter((m) => m.to.includes(email)),
    (list) => list.length >= count,
  );
  const path = /http:\/\/placeholder\.invalid(\/complaints\/sign-in\/[A-Za-z0-9_-]{43})/.exec(found[count - 1]!.text)?.[1];
  expect(path).toBeDefined();
  return path!;
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}
const sentTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email)).length;

describe('signing in to follow a complaint', () => {
  it('asks for the address, says the same for a known and an unknown one, and the emailed link signs in; "Sign out" ends it', async () => {
    await logCase('Pat Parent (fictional)', 'pat.pages@example.org');
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    expect(await page.title()).toBe('Sign in to follow your complaint – Follow your complaint – Exampleshire Council');
    await checkPage(page, 'sign-in');

    // A mistyped address: GOV.UK's error summary, linked to the field, and nothing sent.
    await page.getByLabel('Email address').fill('pat.pages@example');
    await press(page, 'Send me a link');
    expect(await page.title()).toBe('Error: Sign in to follow your complaint – Follow your complaint – Exampleshire Council');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter an email address in the correct format, like name@example.com');
    expect(await page.locator('#email-error').innerText()).toContain('Enter an email address in the correct format');
    expect(await page.getByLabel('Email address').inputValue()).toBe('pat.pages@example');
    await checkPage(page, 'sign-in-error');

    // An unknown address and a known one get the same page.
    await page.getByLabel('Email address').fill('nobody.known@example.org');
    await press(page, 'Send me a link');
    const unknown = await page.locator('main').innerText();
    expect(page.url()).toBe(`${api.baseUrl}/complaints/check-email`);
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    await page.getByLabel('Email address').fill('  Pat.Pages@Example.org ');
    await press(page, 'Send me a link');
    expect(page.url()).toBe(`${api.baseUrl}/complaints/check-email`);
    expect(await page.locator('main').innerText()).toBe(unknown);
    expect(await page.title()).toBe('Check your email – Follow your complaint – Exampleshire Council');
    await checkPage(page, 'check-email');

    const link = await linkPath('pat.pages@example.org', 1);
    expect(sentTo('nobody.known@example.org')).toBe(0);
    await page.goto(`${api.baseUrl}${link}`);
    expect(new URL(page.url()).pathname).toBe('/complaints/status');
    const cookie = (await context.cookies()).find((c) => c.name === 'complainant_session')!;
    expect([cookie.httpOnly, cookie.sameSite, cookie.path]).toEqual([true, 'Lax', '/complaints']);

    // Signed in, every page's header offers "Sign out"; the form page sends them on to their status.
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    expect(new URL(page.url()).pathname).toBe('/complaints/status');
    await page.goto(`${api.baseUrl}/complaints`);
    await press(page, 'Sign out');
    expect(page.url()).toBe(`${api.baseUrl}/complaints/signed-out`);
    expect(await page.locator('h1').innerText()).toBe('You have signed out');
    await checkPage(page, 'signed-out');
    expect((await context.cookies()).some((c) => c.name === 'complainant_session')).toBe(false);
    const after = await page.request.get(`${api.baseUrl}/complaints/status.json`, { headers: { cookie: `complainant_session=${cookie.value}` } });
    expect(after.status()).toBe(401);
    await context.close();
  });

  it('reaches the form and sends it with the keyboard alone', async () => {
    await logCase('Kay Keys (fictional)', 'kay.keys@example.org');
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    await tabTo(page, '#email');
    await page.keyboard.type('kay.keys@example.org');
    await tabTo(page, 'button.govuk-button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(`${api.baseUrl}/complaints/check-email`);
    await linkPath('kay.keys@example.org', 1);
    await context.close();
  });
});

describe('an attacker', () => {
  it('finds a replayed link expired, on a page that says how to get another, and no session from it', async () => {
    await logCase('Rae Replay (fictional)', 'rae.replay@example.org');
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    await page.getByLabel('Email address').fill('rae.replay@example.org');
    await press(page, 'Send me a link');
    const link = await linkPath('rae.replay@example.org', 1);
    await page.goto(`${api.baseUrl}${link}`);
    expect(new URL(page.url()).pathname).toBe('/complaints/status');

    // Someone else who saw the link (a shared inbox, a forwarded mail) gets nothing from it.
    const other = await browser.newContext();
    const thief = await other.newPage();
    const res = await thief.goto(`${api.baseUrl}${link}`);
    expect(res!.status()).toBe(410);
    expect(await thief.title()).toBe('This link has expired – Follow your complaint – Exampleshire Council');
    expect(await thief.locator('h1').innerText()).toBe('This link has expired or has already been used');
    expect((await other.cookies()).some((c) => c.name === 'complainant_session')).toBe(false);
    await checkPage(thief, 'link-expired');
    // A made-up token is the same page.
    const guessed = await thief.goto(`${api.baseUrl}/complaints/sign-in/${'A'.repeat(43)}`);
    expect([guessed!.status(), await thief.locator('h1').innerText()]).toEqual([410, 'This link has expired or has already been used']);
    await other.close();
    await context.close();
  });

  it('cannot send the sign-in form without its CSRF token, nor sign a complainant out from another site', async () => {
    await logCase('Cy Csrf (fictional)', 'cy.csrf@example.org');
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    // A form posted from elsewhere: the browser's own cookies go with it, the token does not.
    const forged = await page.request.post(`${api.baseUrl}/complaints/sign-in`, { form: { email: 'cy.csrf@example.org' }, headers: { accept: 'text/html' } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Your form could not be sent');
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo('cy.csrf@example.org')).toBe(0);

    await page.getByLabel('Email address').fill('cy.csrf@example.org');
    await press(page, 'Send me a link');
    await page.goto(`${api.baseUrl}${await linkPath('cy.csrf@example.org', 1)}`);
    const signOut = await page.request.post(`${api.baseUrl}/complaints/sign-out`, { form: { _csrf: 'x'.repeat(43) }, maxRedirects: 0 });
    expect(signOut.status()).toBe(403);
    expect((await page.request.get(`${api.baseUrl}/complaints/status.json`)).status()).toBe(200);
    await context.close();
  });

  it('signed in, finds nothing of another person’s case by guessing its reference', async () => {
    const theirs = await logCase('Tam Theirs (fictional)', 'tam.theirs@example.org');
    const mine = await logCase('Mo Mine (fictional)', 'mo.mine@example.org');
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    await page.getByLabel('Email address').fill('mo.mine@example.org');
    // Asking for a link to someone else's case with one's own address sends nothing.
    await page.getByLabel('Complaint reference (optional)').fill(theirs.toLowerCase());
    await press(page, 'Send me a link');
    expect(page.url()).toBe(`${api.baseUrl}/complaints/check-email`);
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    await page.getByLabel('Email address').fill('mo.mine@example.org');
    await press(page, 'Send me a link');
    await page.goto(`${api.baseUrl}${await linkPath('mo.mine@example.org', 1)}`);
    expect(sentTo('mo.mine@example.org')).toBe(1);

    const all = (await (await page.request.get(`${api.baseUrl}/complaints/status.json`)).json()) as { cases: Array<{ reference: string }> };
    expect(all.cases.map((c) => c.reference)).toEqual([mine]);
    const guessed = (await (await page.request.get(`${api.baseUrl}/complaints/status.json?reference=${theirs}`)).json()) as { cases: unknown[] };
    expect(guessed.cases).toEqual([]);
    // Nothing of the other case was logged as read by this session.
    const { rows } = await api.records.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM access_log WHERE reference = $1 AND actor LIKE 'complainant:%'`, [theirs]);
    expect(rows[0]!.n).toBe(0);
    await context.close();
  });

  it('is told to wait after too many requests for one address, on a page, and no more links are sent', async () => {
    await logCase('Flo Flood (fictional)', 'flo.flood@example.org');
    const { context, page } = await newPage();
    for (let i = 0; i < 3; i++) {
      await page.goto(`${api.baseUrl}/complaints/sign-in`);
      await page.getByLabel('Email address').fill('flo.flood@example.org');
      await press(page, 'Send me a link');
      expect(page.url()).toBe(`${api.baseUrl}/complaints/check-email`);
    }
    await linkPath('flo.flood@example.org', 3);
    await page.goto(`${api.baseUrl}/complaints/sign-in`);
    await page.getByLabel('Email address').fill('flo.flood@example.org');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/complaints/sign-in') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Send me a link' }).click()]);
    expect(answer.status()).toBe(429);
    await page.waitForLoadState();
    expect(await page.locator('h1').innerText()).toBe('Too many requests to sign in');
    await checkPage(page, 'sign-in-too-many');
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo('flo.flood@example.org')).toBe(3);
    await context.close();
  });
});
