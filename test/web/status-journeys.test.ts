import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OutboxChannel } from '../../activities/delivery/channels';
import type { Role } from '../../api/auth/roles';
import { WorkingDayCalendar } from '../../domain/calendar';
import { londonDateOf } from '../../domain/dates';
import { getPolicy } from '../../domain/policy';
import { currentCalendarData } from '../../records/calendar';
import { launchChromium } from '../helpers/browser';
import { IO, IP } from '../helpers/cases';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { registerIndependent } from '../helpers/register';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';
import { eventually } from '../helpers/eventually';
import { checkPage, tabTo } from './page-checks';

/**
 * The complainant following their case and acting on it, in real Chromium,
 * against the real app, the run's Temporal dev server and a real SMTP server
 * that receives the sign-in links. The dev server keeps real time, so a
 * complaint made on the pages is received at the instant this file starts
 * (the pages' pinned clock): its dates are counted here from that instant with
 * the case's own calendar (bank holidays, the policy's receipt rule) and
 * asserted exactly; the late request's window is fixed in the past.
 */
const COUNCIL = { name: 'Exampleshire Council', contact: 'the Complaints Team', phone: '01632 960000', email: 'complaints@exampleshire.example' };
const RECEIVED = Date.now();
const policy = getPolicy('england-statutory');

let api: ApiHarness;
let browser: Browser;
let smtp: LocalSmtp;
let calendar: WorkingDayCalendar;

beforeAll(async () => {
  smtp = await startSmtp('Complaints <complaints@exampleshire.example>');
  api = await startApi({
    web: { councilName: COUNCIL.name, now: () => RECEIVED },
    complainant: { publicUrl: 'https://complaints.exampleshire.example', channels: [new OutboxChannel(), smtp.channel], council: COUNCIL },
  });
  await registerIndependent(api.records, { [IP.id]: ['independent-person'] });
  calendar = new WorkingDayCalendar(await currentCalendarData(api.records.db, policy));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await smtp?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
type Json = any;
async function staff(method: string, path: string, body?: unknown, role: Role = 'complaints-manager'): Promise<Json> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role, undefined, ['Children in Care'])}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  expect(res.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
  return json;
}
const command = (reference: string, name: string, body: object = {}) => staff('POST', `/v1/complaints/${reference}/commands/${name}`, body);

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "Thursday 3 September 2026" (GOV.UK's style) and "Thu 3 Sep 2026" (the messages' short style). */
const long = (iso: string) => {
  const d = new Date(`${iso}T12:00:00Z`);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};
const short = (iso: string) => {
  const d = new Date(`${iso}T12:00:00Z`);
  return `${DAYS[d.getUTCDay()]!.slice(0, 3)} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)} ${d.getUTCFullYear()}`;
};
/** `n` working days after the day `instant` counts as received on (a weekend's or holiday's receipt counts from the next working day). */
const workingDaysAfter = (instant: number, n: number) => calendar.addWorkingDays(calendar.receiptDate(instant, policy.receipt), n);

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}
async function follow(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name, exact: true }).click()]);
}

/** Asks for a link as the sign-in form does, takes it from the SMTP server, and opens it: the page it lands on. */
async function signIn(page: Page, email: string): Promise<void> {
  const before = smtp.mails.filter((m) => m.to.includes(email)).length;
  await page.goto(`${api.baseUrl}/complaints/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await press(page, 'Send me a link');
  expect(await page.title()).toBe('Check your email – Follow your complaint – Exampleshire Council');
  const mail = await eventually(
    async () => smtp.mails.filter((m) => m.to.includes(email)),
    (list) => list.length > before,
  );
  const token = /https:\/\/complaints\.exampleshire\.example\/complaints\/sign-in\/([A-Za-z0-9_-]{43})/.exec(mail.at(-1)!.text)?.[1];
  expect(token).toBeDefined();
  await page.goto(`${api.baseUrl}/complaints/sign-in/${token}`);
}

/** The text as read, with its runs of white space (tabs between a list's key and value, line breaks) as one space. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
/** An element's text, squashed. */
const textOf = async (page: Page, selector: string) => squash(await page.locator(selector).innerText());

/** Reloads the status page until `text` shows (the records store follows the workflow a moment later). */
async function reloadUntil(page: Page, selector: string, text: string | RegExp): Promise<string> {
  return eventually(
    async () => {
      await page.reload();
      return (await page.locator(selector).count()) ? squash(await page.locator(selector).innerText()) : '';
    },
    (shown) => (typeof text === 'string' ? shown.includes(text) : text.test(shown)),
  );
}

/** Makes a complaint on the standard pages as a parent; its reference. */
async function makeParentComplaint(page: Page, email: string): Promise<string> {
  await page.goto(`${api.baseUrl}/complaints/who`);
  await page.getByLabel('A parent').check();
  await press(page, 'Continue');
  await page.getByLabel('Who is the complaint about?').fill('Sam Parent (fictional)');
  await press(page, 'Continue');
  await page.getByLabel('What happened').fill('Contact with my son was changed without notice.');
  await press(page, 'Continue');
  await page.getByLabel('What would put it right?').fill('Contact restored to every Saturday');
  await press(page, 'Continue');
  await page.getByLabel('Full name').fill('A Parent (fictional)');
  await page.getByLabel('Email address').fill(email);
  await press(page, 'Continue');
  await press(page, 'Continue');
  await press(page, 'Send complaint');
  return (await page.locator('.govuk-panel strong').innerText()).trim();
}

/** The Stage 1 response logged through the staff API as given a moment before (a past time, as staff log post sent earlier). */
async function respondInThePast(reference: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const responded = await command(reference, 'respond', { at: new Date(Date.now() - 1_000).toISOString() });
  expect(responded.events.find((e: Json) => e.action === 'responded').at).not.toBe(responded.events.find((e: Json) => e.action === 'responded').recordedAt);
}

/** Stage 1 worked by staff through the API once triaged: acknowledged now, the response logged as given a moment before. */
async function answerStage1(reference: string): Promise<void> {
  await command(reference, 'acknowledge');
  await respondInThePast(reference);
}

describe('the complainant follows and acts on their complaint', () => {
  it('as a parent: makes it, signs in by the emailed link, sees the exact dates and letters, asks for Stage 2 after the response, and staff see it', async () => {
    const { context, page } = await newPage();
    const email = 'a.parent@example.org';
    const reference = await makeParentComplaint(page, email);
    // Staff decide it is a Stage 1 complaint: the response clock starts, counted from receipt.
    await command(reference, 'triage', { decision: 'stage1' });

    // Not signed in: a page saying how, and nothing of any case.
    const anonymous = await page.request.get(`${api.baseUrl}/complaints/status/${reference}`);
    expect(anonymous.status()).toBe(401);
    expect(await anonymous.text()).toContain('Get a link to sign in');
    await signIn(page, email);
    // One case: the status page is that case's.
    expect(page.url()).toBe(`${api.baseUrl}/complaints/status`);
    expect(await page.title()).toBe(`Your complaint ${reference} – Follow your complaint – Exampleshire Council`);
    const acknowledgeBy = workingDaysAfter(RECEIVED, 3);
    const respondBy = workingDaysAfter(RECEIVED, 10);
    const dates = await reloadUntil(page, '#dates', 'Stage 1 response');
    expect(dates).toContain(`We will write to acknowledge your complaint by ${long(acknowledgeBy)} 3 working days: weekends and bank holidays don't count.`);
    expect(dates).toContain(`We will send you our Stage 1 response by ${long(respondBy)} 10 working days: weekends and bank holidays don't count.`);
    // How the date was reached, from the deadline's own explanation: a complaint received on a weekend or bank holiday counts from the next working day.
    const receivedOn = calendar.receiptDate(RECEIVED, policy.receipt);
    expect(dates).toContain(`How we worked it out: received ${short(receivedOn)}; 3 working days → ${short(acknowledgeBy)}.`);
    // The staff API's own clocks say the same.
    const view = await staff('GET', `/v1/complaints/${reference}`);
    expect(view.deadlines.filter((d: Json) => d.state === 'pending').map((d: Json) => [d.key, d.due])).toEqual([
      ['stage1.acknowledge', acknowledgeBy],
      ['stage1.respond', respondBy],
    ]);
    const summary = await textOf(page, '#summary');
    expect(summary).toContain('Stage 1: the council looks at your complaint');
    expect(summary).toContain(`Received ${long(londonDateOf(RECEIVED))}`);
    // Triage made the manager the assigned officer: named by role only.
    expect(summary).toContain('Who is handling it Complaints Officer');
    expect(await page.locator('#contact').innerText()).toBe('Exampleshire Council: the Complaints Team');
    expect(await page.locator('main').innerText()).toContain('Telephone: 01632 960000');
    // Never the child's name, the staff's token subject, or the complaint's text.
    expect(await page.locator('main').innerText()).not.toMatch(/Sam Parent|complaints-manager-1|changed without notice/);
    await checkPage(page, 'status');

    // Staff acknowledge it: the letter to the complainant is listed, to read on its own page or as a file.
    await command(reference, 'acknowledge');
    expect(await reloadUntil(page, '#letters', 'we have received it')).toBe(`Letters sent to you Date Letter Download ${long(londonDateOf(Date.now()))} Your complaint ${reference}: we have received it Download Your complaint ${reference}: we have received it`);
    await follow(page, `Your complaint ${reference}: we have received it`);
    expect(await page.title()).toBe(`Your complaint ${reference}: we have received it – Follow your complaint – Exampleshire Council`);
    expect(await page.locator('#letter').innerText()).toContain('Dear A Parent (fictional),');
    await checkPage(page, 'status-letter');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download this letter' }).click()]);
    expect(download.suggestedFilename()).toBe(`${reference}-letter-1.md`);
    const file = await (await context.request.get(`${api.baseUrl}/complaints/status/${reference}/letters/1/download`)).text();
    expect(file).toContain('Dear A Parent (fictional),');
    expect((await context.request.get(`${api.baseUrl}/complaints/status/${reference}/letters/9`)).status()).toBe(404);

    // Stage 1 answered (the response logged as given a moment before): the window to ask for Stage 2 opens.
    await respondInThePast(reference);
    await page.goto(`${api.baseUrl}/complaints/status/${reference}`);
    const askBy = calendar.addWorkingDays(londonDateOf(Date.now()), 20);
    expect(await reloadUntil(page, '#dates', 'You can ask for Stage 2 until')).toContain(`You can ask for Stage 2 until ${long(askBy)} 20 working days: weekends and bank holidays don't count.`);
    await follow(page, 'Ask for Stage 2');
    expect(await page.title()).toBe('Ask for Stage 2 – Follow your complaint – Exampleshire Council');
    expect(await page.locator('#window').innerText()).toBe(`You can ask until ${long(askBy)}. A request made by then is always accepted.`);
    await page.getByLabel('Your reasons (optional)').fill('The response did not answer my points about Saturdays.');
    await checkPage(page, 'status-escalate');
    // A double press: the same form sent twice at once acts once.
    const form = { _csrf: await page.locator('main input[name=_csrf]').inputValue(), idempotencyKey: await page.locator('input[name=idempotencyKey]').inputValue(), reasons: 'The response did not answer my points about Saturdays.' };
    const twice = await Promise.all([0, 1].map(() => context.request.post(`${api.baseUrl}/complaints/status/${reference}/escalate`, { form, maxRedirects: 0 })));
    expect(twice.map((r) => r.status())).toEqual([303, 303]);
    await press(page, 'Ask for Stage 2');
    const acknowledgeStage2By = workingDaysAfter(Date.now(), 3);
    expect(await page.locator('#done').innerText()).toBe(`You asked for Stage 2. It is accepted: we will write to confirm by ${short(acknowledgeStage2By)}.`);
    expect(await reloadUntil(page, '#acts', 'You asked for Stage 2')).toBe(`${long(londonDateOf(Date.now()))}: You asked for Stage 2: the request is accepted.`);
    expect(await textOf(page, '#dates')).toContain(`We will write to confirm your Stage 2 request by ${long(acknowledgeStage2By)}`);
    await checkPage(page, 'status-escalated');

    // Staff see the complainant's act in the case's events, once.
    const after = await staff('GET', `/v1/complaints/${reference}`);
    expect(after.stage).toBe('stage2');
    expect(after.events.filter((e: Json) => e.action === 'escalated')).toEqual([
      expect.objectContaining({ action: 'escalated', actor: 'complainant', detail: { to: 'stage2', reasonsGiven: true, by: 'complainant' } }),
    ]);
    // Every page view is on the access log, under the session, never a name.
    const logged = await api.records.listAccess({ reference });
    const views = logged.filter((a) => a.actor.startsWith('complainant:')).map((a) => a.view);
    expect(views).toContain('complainant-status');
    expect(views).toContain('complainant-letter');
    await context.close();
  });

  it('as a child on the easy-read path: the status in easy words, an advocate asked for, then Stage 2', async () => {
    const { context, page } = await newPage();
    const email = 'sam.young@example.org';
    await page.goto(`${api.baseUrl}/complaints/easy-read/what`);
    await page.getByLabel('Tell us what happened').fill('My social worker keeps changing and nobody tells me.');
    await press(page, 'Continue');
    await page.getByLabel('What would make it better?').fill('To be told first');
    await press(page, 'Continue');
    await page.getByLabel('Your name').fill('Sam Young (fictional)');
    await page.getByLabel('Email address').fill(email);
    await press(page, 'Continue');
    await press(page, 'Continue');
    await page.getByLabel('No').check();
    await press(page, 'Continue');
    await press(page, 'Send complaint');
    const reference = (await page.locator('.govuk-panel strong').innerText()).trim();
    await command(reference, 'triage', { decision: 'stage1' });

    await signIn(page, email);
    expect(await page.title()).toBe('Your complaint – Follow your complaint – Exampleshire Council');
    const dates = await reloadUntil(page, '#dates', 'We will tell you what we found');
    expect(dates).toContain(`We will write to say we have got your complaint by ${long(workingDaysAfter(RECEIVED, 3))} We count 3 working days. Weekends and bank holidays don't count.`);
    expect(dates).toContain(`We will tell you what we found by ${long(workingDaysAfter(RECEIVED, 10))} We count 10 working days. Weekends and bank holidays don't count.`);
    expect(await textOf(page, '#summary')).toContain('Where it is now Stage 1: we are looking at your complaint');
    await checkPage(page, 'easy-status');

    await follow(page, 'Ask for someone to help you (an advocate)');
    expect(await page.title()).toBe('Ask for someone to help you – Follow your complaint – Exampleshire Council');
    expect(await page.locator('main').innerText()).toContain('An advocate is someone who is on your side. They do not work for us.');
    await checkPage(page, 'easy-status-advocate');
    await press(page, 'Ask for an advocate');
    expect(await page.locator('#done').innerText()).toBe('You asked for an independent advocate. We will arrange one and tell you who they are.');
    expect(await reloadUntil(page, '#acts', 'advocate')).toContain('You asked for an independent advocate.');
    // Asked once: the link is not offered again.
    expect(await page.getByRole('link', { name: 'Ask for someone to help you (an advocate)' }).count()).toBe(0);

    await answerStage1(reference);
    await page.goto(`${api.baseUrl}/complaints/status/${reference}`);
    expect(await reloadUntil(page, '#dates', 'you can ask for Stage 2')).toContain(
      `If you are still not happy, you can ask for Stage 2 until ${long(calendar.addWorkingDays(londonDateOf(Date.now()), 20))} We count 20 working days.`,
    );
    await follow(page, 'Ask for Stage 2');
    await page.getByLabel('Why are you still not happy? (optional)').fill('Nobody has talked to me.');
    await checkPage(page, 'easy-status-escalate');
    await press(page, 'Ask for Stage 2');
    expect(await page.locator('#done').innerText()).toBe(`You asked for Stage 2. It is accepted: we will write to confirm by ${short(workingDaysAfter(Date.now(), 3))}.`);
    expect(await reloadUntil(page, '#summary', 'Stage 2')).toContain('Stage 2: two people are looking into your complaint, and one of them does not work for us');
    await checkPage(page, 'easy-status-escalated');
    const view = await staff('GET', `/v1/complaints/${reference}`);
    expect(view.events.filter((e: Json) => e.actor === 'complainant').map((e: Json) => e.action)).toEqual(['advocacy-requested', 'escalated']);
    await context.close();
  });

  it('a late request: the window ended in the past, and the page says a manager will decide, with the date', async () => {
    const email = 'robin.late@example.org';
    // Responded Thu 10 Sep 2026: 20 working days to ask, to Thu 8 Oct 2026, long gone.
    const imported = await staff('POST', '/v1/imports', {
      rows: [
        {
          sourceId: `LATE-${RECEIVED}`,
          receivedAt: '2026-09-01T09:00:00Z',
          channel: 'letter',
          complainantName: 'Robin Late (fictional)',
          complainantType: 'parent',
          complainantEmail: email,
          summary: 'Placement review missed.',
          team: 'Children in Care',
          triagedAt: '2026-09-01T10:00:00Z',
          acknowledgedAt: '2026-09-02T10:00:00Z',
          respondedAt: '2026-09-10T10:00:00Z',
        },
      ],
    });
    const reference = imported.results[0].reference as string;
    const { context, page } = await newPage();
    await signIn(page, email);
    expect(page.url()).toBe(`${api.baseUrl}/complaints/status`);
    const actions = await reloadUntil(page, '#actions', 'ended on');
    expect(actions).toContain('The 20 working days to ask ended on Thursday 8 October 2026. You can still ask: a manager will decide whether to accept a late request.');
    await follow(page, 'Ask for Stage 2');
    expect(await page.locator('#window').innerText()).toBe(
      'The 20 working days to ask ended on Thursday 8 October 2026. You can still ask: your request will be recorded as a late request, and a manager will decide whether to accept it.',
    );
    await checkPage(page, 'status-escalate-late');
    // Input the records store cannot keep, or too long: a 400 on the field, never a 500, and nothing sent.
    const form = { _csrf: await page.locator('main input[name=_csrf]').inputValue(), idempotencyKey: 'bad-input-1' };
    for (const reasons of ['a\u0000b', 'x'.repeat(10_001)]) {
      const bad = await context.request.post(`${api.baseUrl}/complaints/status/${reference}/escalate`, { form: { ...form, reasons }, maxRedirects: 0 });
      expect(bad.status()).toBe(400);
      expect(await bad.text()).toContain('href="#reasons"');
    }
    expect((await staff('GET', `/v1/complaints/${reference}`)).events.filter((e: Json) => e.actor === 'complainant')).toEqual([]);
    await press(page, 'Ask for Stage 2');
    const decideBy = workingDaysAfter(Date.now(), 3);
    expect(await page.locator('#done').innerText()).toBe(
      `You asked for Stage 2 after the 20 working days to ask had ended. Your request is recorded and a manager will decide by ${short(decideBy)} whether to accept it; if they do not, they will write to you with the reasons.`,
    );
    expect(await reloadUntil(page, '#summary', 'late request')).toContain('A manager is deciding whether to accept your late request');
    await checkPage(page, 'status-late-recorded');
    const view = await staff('GET', `/v1/complaints/${reference}`);
    expect(view.events.at(-1)).toMatchObject({ action: 'escalation-requested-late', actor: 'complainant', detail: { to: 'stage2', windowClosed: '2026-10-08', by: 'complainant' } });
    expect(view.deadlines.find((d: Json) => d.key === 'stage2.acknowledge').due).toBe(decideBy);
    await context.close();
  });

  it('the council late: said plainly with the date it was due, and Stage 2 offered; a hold explained without its reason', async () => {
    const email = 'lee.waiting@example.org';
    // Received Mon 2 Nov 2026: the Stage 1 response was due 10 working days later, Mon 16 Nov, and never came.
    const imported = await staff('POST', '/v1/imports', {
      rows: [
        {
          sourceId: `OVERDUE-${RECEIVED}`,
          receivedAt: '2026-11-02T09:00:00Z',
          channel: 'letter',
          complainantName: 'Lee Waiting (fictional)',
          complainantType: 'parent',
          complainantEmail: email,
          summary: 'Nobody replied.',
          team: 'Children in Care',
          triagedAt: '2026-11-02T10:00:00Z',
          acknowledgedAt: '2026-11-03T10:00:00Z',
        },
      ],
    });
    const reference = imported.results[0].reference as string;
    // A second complaint from the same address: the status page lists both, oldest first, each opening its own page.
    const second = await staff('POST', '/v1/complaints', { receivedAt: new Date().toISOString(), channel: 'email', complainant: { name: 'Lee Waiting (fictional)', type: 'parent', email }, summary: 'Another matter', team: 'Children in Care' });
    const { context, page } = await newPage();
    await signIn(page, email);
    expect(await page.title()).toBe('Your complaints – Follow your complaint – Exampleshire Council');
    expect(await page.locator('#cases a').allInnerTexts()).toEqual([reference, second.reference]);
    await checkPage(page, 'status-list');
    await follow(page, reference);
    expect(page.url()).toBe(`${api.baseUrl}/complaints/status/${reference}`);
    expect(await reloadUntil(page, '#late', 'We are late')).toBe('! Warning We are late: the Stage 1 response was due by Monday 16 November 2026.');
    // The response is late: the complainant may go on to Stage 2 without it.
    expect(await page.getByRole('link', { name: 'Ask for Stage 2' }).count()).toBe(1);
    await checkPage(page, 'status-late');

    await command(reference, 'hold', { reason: 'safeguarding', detail: 'Section 47 enquiry open' });
    expect(await reloadUntil(page, '#hold', 'paused')).toBe('Your complaint is paused. We will write to tell you when it restarts and your new date.');
    expect(await page.locator('main').innerText()).not.toMatch(/safeguarding|Section 47/i);
    await checkPage(page, 'status-hold');
    await context.close();
  });

  it('an extension: the council asks for 10 more working days at Stage 2, the complainant agrees, and the new date shows exactly; a refused or empty answer is an error summary', async () => {
    const email = 'kim.extension@example.org';
    const { context, page } = await newPage();
    const reference = await makeParentComplaint(page, email);
    await command(reference, 'triage', { decision: 'stage2' });
    await command(reference, 'acknowledge');
    await command(reference, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
    const agreed = await command(reference, 'agree-statement');
    const respondBy = agreed.deadlines.find((d: Json) => d.key === 'stage2.respond').due as string;
    expect(respondBy).toBe(calendar.addWorkingDays(londonDateOf(Date.now()), 25));
    const asked = await command(reference, 'request-extension', { workingDays: 10, reason: 'The Independent Person needs two more interviews' });
    const newDue = calendar.addWorkingDays(respondBy, 10);
    expect(asked.extensionRequest.proposedDue).toBe(newDue);

    await signIn(page, email);
    await reloadUntil(page, '#actions', 'Answer our request for more time');
    // The staff's reason is theirs: the page gives the days and the date only.
    expect(await page.locator('main').innerText()).not.toContain('two more interviews');
    await follow(page, 'Answer our request for more time');
    expect(await page.locator('#agree-hint').innerText()).toBe(
      `We have asked for 10 more working days for the Stage 2 response. If you agree, the new date is ${long(newDue)}. If you do not, the date stays as it is.`,
    );
    // No answer chosen: a GOV.UK error summary, focused, and the message by the field.
    await press(page, 'Send my answer');
    expect(await page.title()).toBe('Error: Do you agree to give us more time? – Follow your complaint – Exampleshire Council');
    expect(await page.locator('.govuk-error-summary a[href="#agree"]').innerText()).toBe('Select yes if you agree to the extra time');
    expect(await page.locator('.govuk-error-summary:focus').count()).toBe(1);
    await checkPage(page, 'status-extension-error');
    const stale = { _csrf: await page.locator('main input[name=_csrf]').inputValue(), agree: 'no' };
    await page.getByLabel('Yes, I agree').check();
    await checkPage(page, 'status-extension');
    await press(page, 'Send my answer');
    expect(await page.locator('#done').innerText()).toBe(`You agreed to the extra time. The new date for our Stage 2 response is ${short(newDue)}; a letter confirms it.`);
    expect(await reloadUntil(page, '#dates', 'Stage 2 response')).toContain(`We will send you our Stage 2 response (the adjudication) by ${long(newDue)}`);

    // The same form sent again later with a new key: the procedure refuses it (409), shown beside the field; nothing changes.
    const again = await context.request.post(`${api.baseUrl}/complaints/status/${reference}/answer-extension`, { form: { ...stale, idempotencyKey: 'late-second-answer' }, maxRedirects: 0 });
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain('The council has asked for no extension that awaits an answer.');
    // The same refusal as the browser shows it: the form sent from the page, the reason in a GOV.UK error summary.
    await Promise.all([
      page.waitForNavigation(),
      page.evaluate(
        ({ action, fields }) => {
          const doc = (globalThis as unknown as { document: Json }).document;
          const form = doc.createElement('form');
          Object.assign(form, { method: 'post', action });
          for (const [name, value] of Object.entries(fields)) form.append(Object.assign(doc.createElement('input'), { type: 'hidden', name, value }));
          doc.body.append(form);
          form.submit();
        },
        { action: `/complaints/status/${reference}/answer-extension`, fields: { ...stale, idempotencyKey: 'late-second-answer-2' } },
      ),
    ]);
    expect(await page.title()).toBe('Error: Do you agree to give us more time? – Follow your complaint – Exampleshire Council');
    expect(await page.locator('.govuk-error-summary a[href="#agree"]').innerText()).toBe('The council has asked for no extension that awaits an answer.');
    expect(await page.locator('#agree-hint').innerText()).toBe('We are not waiting for an answer from you about more time now.');
    expect(await page.locator('main').innerText()).not.toContain('undefined');
    await checkPage(page, 'status-extension-refused');
    const view = await staff('GET', `/v1/complaints/${reference}`);
    expect(view.deadlines.find((d: Json) => d.key === 'stage2.respond').due).toBe(newDue);
    expect(view.events.filter((e: Json) => e.detail?.by === 'complainant').map((e: Json) => [e.action, e.actor])).toEqual([
      ['extension-agreed', 'complainant'],
      ['extended', 'complainant'],
    ]);
    // Without the CSRF token: refused, nothing sent.
    const forged = await context.request.post(`${api.baseUrl}/complaints/status/${reference}/withdraw`, { form: { idempotencyKey: 'forged-1' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Your form could not be sent');
    // Someone else's reference, or a guessed one: not found, whether or not it exists.
    const other = await staff('POST', '/v1/complaints', { receivedAt: new Date().toISOString(), channel: 'email', complainant: { name: 'Other (fictional)', type: 'parent', email: 'other@example.org' }, summary: 'Another case', team: 'Children in Care' });
    for (const ref of [other.reference, 'CSC-2026-ZZZZZZ']) {
      const res = await context.request.get(`${api.baseUrl}/complaints/status/${ref}`);
      expect(res.status()).toBe(404);
      expect(await res.text()).not.toContain('Other (fictional)');
    }
    expect(await api.records.listAccess({ reference: other.reference })).toEqual([]);
    await context.close();
  });

  it('keyboard only: every action reached and sent with the keyboard alone', async () => {
    const email = 'jo.keys@example.org';
    const { context, page } = await newPage();
    const reference = await makeParentComplaint(page, email);
    await command(reference, 'triage', { decision: 'stage1' });
    await answerStage1(reference);
    await signIn(page, email);
    await reloadUntil(page, '#actions', 'Ask for Stage 2');

    /** Tab to the link and press Enter, then tab to the form's button and press Enter. */
    const act = async (link: string, fill?: () => Promise<void>) => {
      await page.locator('body').focus();
      await tabTo(page, `a[href="/complaints/status/${reference}/${link}"]`);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await fill?.();
      await tabTo(page, 'main button.govuk-button');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      return page.locator('#done').innerText();
    };
    expect(await act('advocacy')).toMatch(/^You asked for an independent advocate/);
    expect(
      await act('escalate', async () => {
        await tabTo(page, '#reasons');
        await page.keyboard.type('Not answered');
      }),
    ).toMatch(/^You asked for Stage 2\. It is accepted/);

    // Stage 2 begins; the council asks for more time.
    await command(reference, 'acknowledge');
    await command(reference, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
    await command(reference, 'agree-statement');
    await command(reference, 'request-extension', { workingDays: 10, reason: 'More interviews' });
    await reloadUntil(page, '#actions', 'Answer our request for more time');
    expect(
      await act('answer-extension', async () => {
        // Tab reaches the group's first radio; an arrow key moves to (and selects) "No".
        await tabTo(page, '#agree');
        await page.keyboard.press('ArrowDown');
      }),
    ).toMatch(/^You did not agree to the extra time/);
    expect(await act('withdraw')).toBe('You withdrew your complaint. We will write to confirm it.');
    await reloadUntil(page, '#actions', 'Tell us whether you are satisfied');
    expect(
      await act('satisfaction', async () => {
        await tabTo(page, '#satisfaction');
        await page.keyboard.press('Space');
      }),
    ).toBe('Thank you: you told us you are satisfied with how your complaint was resolved.');
    await checkPage(page, 'status-closed');
    const view = await staff('GET', `/v1/complaints/${reference}`);
    expect(view.events.filter((e: Json) => e.detail?.by === 'complainant').map((e: Json) => e.action)).toEqual([
      'advocacy-requested',
      'escalated',
      'extension-declined',
      'withdrawn',
      'satisfaction-recorded',
    ]);
    await context.close();
  });
});
