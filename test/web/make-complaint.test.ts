import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { checkPage, SHOTS, tabTo } from './page-checks';

/**
 * "Make a complaint" in real Chromium against the real app and dev server.
 * The pages' clock is pinned (WebOptions.now) to Friday 28 August 2026,
 * 10:30 in London, the Friday before the summer bank holiday: the case is
 * received then, so its clocks give the same dates whatever day this runs.
 */
const RECEIVED = Date.parse('2026-08-28T09:30:00Z');

let api: ApiHarness;
let browser: Browser;
beforeAll(async () => {
  api = await startApi({ web: { councilName: 'Exampleshire Council', now: () => RECEIVED } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
type Json = any;
async function staffView(reference: string): Promise<Json> {
  const res = await fetch(`${api.baseUrl}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${await api.token('complaints-manager')}` } });
  expect(res.status).toBe(200);
  return res.json();
}
async function webCases(): Promise<number> {
  const { rows } = await api.records.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE channel = 'web'`);
  return rows[0]!.n;
}
async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}
/** Clicks a button and waits for the page it posts to (a redirect, or the same page with its errors). */
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}
const continueButton = (page: Page) => press(page, 'Continue');

describe('make a complaint', () => {
  it('as a parent, through every page to the confirmation with the dates from the case’s own clocks; a double submit makes one case', async () => {
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints`);
    expect(await page.title()).toBe('Make a complaint about children’s social care – Make a complaint – Exampleshire Council');
    await checkPage(page, 'start');
    await press(page, 'Start now');

    expect(await page.title()).toBe('Who are you? – Make a complaint – Exampleshire Council');
    await checkPage(page, 'who');
    // Nothing chosen: the GOV.UK error summary, focused, with "Error: " in the title and the message by the field.
    await continueButton(page);
    expect(await page.title()).toBe('Error: Who are you? – Make a complaint – Exampleshire Council');
    expect(await page.locator('.govuk-error-summary:focus').count()).toBe(1);
    expect(await page.locator('.govuk-error-summary a[href="#who"]').innerText()).toBe('Select who you are');
    expect(await page.locator('#who-error').innerText()).toContain('Select who you are');
    await checkPage(page, 'who-error');
    await page.getByLabel('A parent').check();
    await continueButton(page);

    expect(await page.title()).toBe('Who is the complaint about? – Make a complaint – Exampleshire Council');
    await checkPage(page, 'about');
    await page.getByLabel('Who is the complaint about?').fill('Sam Parent (fictional)');
    await continueButton(page);

    expect(await page.title()).toBe('What happened, and when? – Make a complaint – Exampleshire Council');
    await checkPage(page, 'what');
    await page.getByLabel('What happened').fill('Contact with my son was changed without notice.');
    // Over 12 months before: explained, never refused at the door.
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('2025');
    await continueButton(page);

    expect(await page.title()).toBe('What would put it right? – Make a complaint – Exampleshire Council');
    await checkPage(page, 'outcome');
    await page.getByLabel('What would put it right?').fill('Contact restored to every Saturday');
    await continueButton(page);

    expect(await page.title()).toBe('How can we contact you? – Make a complaint – Exampleshire Council');
    await checkPage(page, 'contact');
    await page.getByLabel('Full name').fill('A Parent (fictional)');
    await page.getByLabel('Email address').fill('not-an-address');
    await continueButton(page);
    expect(await page.locator('.govuk-error-summary a[href="#email"]').innerText()).toBe('Enter an email address in the correct format, like name@example.com');
    await checkPage(page, 'contact-error');
    await page.getByLabel('Email address').fill('a.parent@example.org');
    await continueButton(page);

    expect(await page.title()).toBe('Do you need anything to help you take part? – Make a complaint – Exampleshire Council');
    await page.getByLabel('Large print letters').check();
    await page.getByLabel('Another language, or an interpreter').check();
    await page.getByLabel('Which language?').selectOption('pl');
    await checkPage(page, 'needs');
    await continueButton(page);

    expect(await page.title()).toBe('Check your answers before sending your complaint – Make a complaint – Exampleshire Council');
    await checkPage(page, 'check');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('3 April 2025');
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('This happened more than 12 months ago.');
    // A change link goes to its page and comes back to check.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Change what would put it right' }).click()]);
    await page.getByLabel('What would put it right?').fill('Contact restored to every Saturday, and an apology');
    await continueButton(page);
    expect(await page.title()).toBe('Check your answers before sending your complaint – Make a complaint – Exampleshire Council');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Contact restored to every Saturday, and an apology');

    // A double submit (the form posted twice at once) makes one case.
    const csrf = await page.locator('input[name=_csrf]').inputValue();
    const before = await webCases();
    const [a, b] = await Promise.all([0, 1].map(() => context.request.post(`${api.baseUrl}/complaints/check`, { form: { _csrf: csrf }, maxRedirects: 0 })));
    expect([a!.status(), b!.status()]).toEqual([303, 303]);
    await press(page, 'Send complaint');
    expect(await webCases()).toBe(before + 1);

    expect(await page.title()).toBe('Complaint sent – Make a complaint – Exampleshire Council');
    const reference = (await page.locator('.govuk-panel strong').innerText()).trim();
    expect(reference).toMatch(/^CSC-2026-[0-9A-Z]{6}$/);
    // Received Fri 28 Aug; Mon 31 Aug is a bank holiday: 3 working days → Thu 3 Sep, 10 → Mon 14 Sep.
    expect(await page.locator('#dates').innerText()).toBe('We will acknowledge by Thursday 3 September 2026, and respond by Monday 14 September 2026.');
    expect(await page.locator('main').innerText()).toContain(
      'That is 3 working days to acknowledge and 10 working days to respond, counted from Friday 28 August 2026, when we received your complaint: weekends and bank holidays don\'t count.',
    );
    await checkPage(page, 'confirmation');

    const view = await staffView(reference);
    expect(view).toMatchObject({ channel: 'web', summary: 'Contact with my son was changed without notice.', desiredOutcome: 'Contact restored to every Saturday, and an apology', matterOccurredOn: '2025-04-03' });
    expect(view.receivedAt).toBe('2026-08-28T09:30:00.000Z');
    expect(view.deadlines.find((d: Json) => d.key === 'stage1.acknowledge').due).toBe('2026-09-03');
    expect(view.people.map((p: Json) => [p.role, p.name, p.type, p.email])).toEqual([
      ['complainant', 'A Parent (fictional)', 'parent', 'a.parent@example.org'],
      ['child', 'Sam Parent (fictional)', null, null],
    ]);
    expect(view.communicationNeeds).toEqual({ format: 'large-print', language: 'pl', interpreter: true, bsl: false });
    await context.close();
  });

  it('easy read, as a child: short pages, the advocacy offer and answer recorded on the case (s.26A)', async () => {
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/easy-read`);
    expect(await page.title()).toBe('Tell us you are not happy – Make a complaint – Exampleshire Council');
    await checkPage(page, 'easy-start');
    await press(page, 'Start now');

    expect(await page.title()).toBe('What happened? – Make a complaint – Exampleshire Council');
    await checkPage(page, 'easy-what');
    await page.getByLabel('Tell us what happened').fill('My social worker keeps changing and nobody tells me.');
    await continueButton(page);
    await checkPage(page, 'easy-outcome');
    await page.getByLabel('What would make it better?').fill('To be told first');
    await continueButton(page);
    await checkPage(page, 'easy-contact');
    await page.getByLabel('Your name').fill('Sam Young (fictional)');
    await page.getByLabel('Email address').fill('sam.young@example.org');
    await continueButton(page);
    expect(await page.title()).toBe('Do you need help to read or talk to us? – Make a complaint – Exampleshire Council');
    // Easy read letters are chosen already on this path.
    expect(await page.getByLabel('Easy read letters').isChecked()).toBe(true);
    await checkPage(page, 'easy-needs');
    await continueButton(page);
    expect(await page.title()).toBe('Would you like someone to help you? – Make a complaint – Exampleshire Council');
    await checkPage(page, 'easy-advocate');
    await page.getByLabel('Yes').check();
    await continueButton(page);
    await checkPage(page, 'easy-check');
    await press(page, 'Send complaint');

    expect(await page.title()).toBe('We have got your complaint – Make a complaint – Exampleshire Council');
    expect(await page.locator('main').innerText()).toContain('We will write to you by Thursday 3 September 2026 to say we have got it.');
    expect(await page.locator('main').innerText()).toContain('Weekends and bank holidays don\'t count.');
    expect(await page.locator('#advocate').innerText()).toBe('You asked for an advocate. We will find one for you, and they will get in touch.');
    await checkPage(page, 'easy-confirmation');
    const reference = (await page.locator('.govuk-panel strong').innerText()).trim();

    const view = await staffView(reference);
    expect(view.people.map((p: Json) => [p.role, p.type])).toEqual([['complainant', 'child']]);
    expect(view.communicationNeeds).toMatchObject({ format: 'easy-read' });
    expect(view.advocacy.complainant).toMatchObject({ to: 'complainant', answer: 'accepted', hasAdvocate: false });
    expect(view.advocacy.complainant.offeredAt).toEqual(expect.any(String));
    expect(view.advocacy.steps.map((s: Json) => [s.event, s.to])).toEqual([
      ['offered', 'complainant'],
      ['accepted', 'complainant'],
    ]);
    // Recorded by the pages' system actor, as staff see it in the case's events.
    const advocacyEvents = view.events.filter((e: Json) => e.action.startsWith('advocacy-'));
    expect(advocacyEvents.map((e: Json) => [e.action, e.actor])).toEqual([
      ['advocacy-offered', 'web'],
      ['advocacy-accepted', 'web'],
    ]);
    await context.close();
  });

  it('refuses a POST without its CSRF token (403), changing nothing', async () => {
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/who`);
    await page.getByLabel('A parent').check();
    await continueButton(page);
    const before = await webCases();
    for (const [path, form] of [
      ['/complaints/who', { who: 'child' }],
      ['/complaints/check', {}],
      ['/complaints/who', { who: 'child', _csrf: 'forged' }],
    ] as const) {
      const res = await context.request.post(`${api.baseUrl}${path}`, { form, maxRedirects: 0 });
      expect(res.status()).toBe(403);
      expect(await res.text()).toContain('Your form could not be sent');
    }
    // The answer stands as given: the page still shows a parent chosen.
    await page.goto(`${api.baseUrl}/complaints/who`);
    expect(await page.getByLabel('A parent').isChecked()).toBe(true);
    expect(await webCases()).toBe(before);
    await checkPage(page, 'who-answered');
    // The refusal as a person sees it: a form whose token was tampered with.
    await page.locator('input[name=_csrf]').evaluate((el) => ((el as unknown as { value: string }).value = 'forged'));
    await continueButton(page);
    expect(await page.title()).toBe('Your form could not be sent – Make a complaint – Exampleshire Council');
    await checkPage(page, 'csrf-refused');
    expect((await page.goto(`${api.baseUrl}/complaints/nowhere`))?.status()).toBe(404);
    await checkPage(page, 'not-found');
    await context.close();
  });

  it('works without JavaScript: errors, answers and the conditional questions all served by the server', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/complaints/who`);
    await continueButton(page);
    expect(await page.title()).toBe('Error: Who are you? – Make a complaint – Exampleshire Council');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select who you are');
    await page.getByLabel('The child or young person the complaint is about').check();
    await continueButton(page);
    // A child may leave "who is it about" empty; the advocacy question follows.
    await continueButton(page);
    expect(await page.title()).toBe('Would you like an advocate to help you? – Make a complaint – Exampleshire Council');
    // axe-core runs in the page's JavaScript: checked below in a context that has it.
    await page.screenshot({ path: `${SHOTS}/advocate-no-js.png`, fullPage: true });
    await page.goto(`${api.baseUrl}/complaints/needs`);
    // Without JavaScript the language and helper questions are shown, not hidden.
    expect(await page.getByLabel('Which language?').isVisible()).toBe(true);
    await context.close();

    const withJs = await newPage();
    await withJs.page.goto(`${api.baseUrl}/complaints/who`);
    await withJs.page.getByLabel('The child or young person the complaint is about').check();
    await continueButton(withJs.page);
    await continueButton(withJs.page);
    await checkPage(withJs.page, 'advocate');
    await withJs.context.close();
  });

  it('can be driven with the keyboard alone, start to confirmation', async () => {
    const { context, page } = await newPage();
    await page.goto(`${api.baseUrl}/complaints/easy-read`);
    // The skip link is the first stop.
    await page.keyboard.press('Tab');
    expect(await page.locator('.govuk-skip-link:focus').count()).toBe(1);
    await tabTo(page, 'a.govuk-button--start');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/easy-read/what');
    await tabTo(page, '#summary');
    await page.keyboard.type('Nobody came to my review.');
    await tabTo(page, 'button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/easy-read/outcome');
    await tabTo(page, 'button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/easy-read/contact');
    await tabTo(page, '#name');
    await page.keyboard.type('Kim Keys (fictional)');
    await tabTo(page, '#address');
    await page.keyboard.type('1 High Street, Newtown NT1 1AA');
    await tabTo(page, 'button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/easy-read/needs');
    await tabTo(page, 'button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/easy-read/advocate');
    // Tab reaches the group; an arrow key chooses within it, as a keyboard user does.
    await tabTo(page, '#advocate');
    await page.keyboard.press('ArrowRight');
    await tabTo(page, 'button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/easy-read/check');
    await tabTo(page, 'button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/easy-read/confirmation');
    const reference = (await page.locator('.govuk-panel strong').innerText()).trim();
    const view = await staffView(reference);
    expect(view.advocacy.complainant).toMatchObject({ answer: 'declined' });
    await context.close();
  });
});
