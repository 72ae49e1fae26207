import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OutboxChannel } from '../../activities/delivery/channels';
import { CouncilStore } from '../../records/councils';
import { parseCouncilArgs } from '../../scripts/council/add';
import { dataConverter } from '../../temporal/data-converter';
import { launchChromium } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';
import { checkPage } from './page-checks';

/**
 * A council's own complainant pages at /councils/<id>/complaints, in real
 * Chromium against the dev server with two councils added beside `default`:
 * the form makes the case in that council (its namespace, its records, its
 * policy), the sign-in link comes by that council's own SMTP server and leads
 * back to its pages, and the session reads and acts on that council's cases
 * only. The pages' clock is pinned to Friday 28 August 2026, 10:30 in London,
 * the Friday before the summer bank holiday, so the dates are exact.
 */
const RECEIVED = Date.parse('2026-08-28T09:30:00Z');
const run = randomBytes(3).toString('hex');
const A = `alpha-${run}`;
const B = `beta-${run}`;
const ROOT = path.resolve(import.meta.dirname, '../..');
const PUBLIC = 'https://complaints.example.org';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
type Json = any;

function councilArgs(argv: string[]) {
  const parsed = parseCouncilArgs(['add', ...argv], ROOT);
  if (parsed.command !== 'add') throw new Error('not an add');
  return parsed.settings;
}

let api: ApiHarness;
let browser: Browser;
let smtpDefault: LocalSmtp;
const smtpOf = new Map<string, LocalSmtp>();

beforeAll(async () => {
  smtpDefault = await startSmtp();
  smtpOf.set(A, await startSmtp('Alphashire Complaints <complaints@alphashire.example>'));
  smtpOf.set(B, await startSmtp('Betashire Complaints <complaints@betashire.example>'));
  api = await startApi({
    councils: [
      councilArgs([A, '--name', 'Alphashire Council', '--policy', 'luton', '--contact', 'the Alphashire Complaints Team', '--phone', '01632 960111']),
      councilArgs([B, '--name', 'Betashire Council', '--policy', 'england-statutory']),
    ],
    web: { councilName: 'Deployment Council', now: () => RECEIVED },
    // A council added or renamed shows within this (10 s in production).
    councilTtlMs: 300,
    complainant: {
      publicUrl: PUBLIC,
      channels: [new OutboxChannel(), smtpDefault.channel],
      council: { name: 'Deployment Council', contact: 'the Complaints Team' },
      // Each council's sign-in emails by its own SMTP server, signed as its row says.
      forCouncil: (settings) => ({
        council: { name: settings.name, contact: settings.letters.complaintsContact ?? 'the Complaints Team', ...(settings.letters.phone ? { phone: settings.letters.phone } : {}) },
        channels: [new OutboxChannel(), smtpOf.get(settings.id)!.channel],
      }),
    },
  });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await smtpDefault?.close();
  for (const smtp of smtpOf.values()) await smtp.close();
});

async function staff(council: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${api.baseUrl}${url}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager', `manager-${council}`, ['Children in Care'], [council])}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}
async function command(council: string, reference: string, name: string, body: object = {}): Promise<void> {
  const res = await staff(council, 'POST', `/v1/complaints/${reference}/commands/${name}`, body);
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
}
async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}
const pages = (council: string) => `${api.baseUrl}/councils/${council}/complaints`;

/** Makes a complaint on `council`'s pages as a parent; its reference. */
async function makeComplaint(page: Page, council: string, email: string, councilName: string): Promise<string> {
  await page.goto(pages(council));
  expect(await page.title()).toBe(`Make a complaint about children’s social care – Make a complaint – ${councilName}`);
  await press(page, 'Start now');
  expect(new URL(page.url()).pathname).toBe(`/councils/${council}/complaints/who`);
  await page.getByLabel('A parent').check();
  await press(page, 'Continue');
  await page.getByLabel('Who is the complaint about?').fill('Sam Parent (fictional)');
  await press(page, 'Continue');
  await page.getByLabel('What happened').fill('Contact with my son was changed without notice.');
  await press(page, 'Continue');
  await press(page, 'Continue');
  await page.getByLabel('Full name').fill('A Parent (fictional)');
  await page.getByLabel('Email address').fill(email);
  await press(page, 'Continue');
  await press(page, 'Continue');
  expect(new URL(page.url()).pathname).toBe(`/councils/${council}/complaints/check`);
  await press(page, 'Send complaint');
  expect(await page.title()).toBe(`Complaint sent – Make a complaint – ${councilName}`);
  return (await page.locator('.govuk-panel strong').innerText()).trim();
}

/** Asks for a link on `council`'s sign-in page, takes it from that council's SMTP server and opens it. */
async function signIn(page: Page, council: string, email: string): Promise<{ text: string; link: string }> {
  const smtp = smtpOf.get(council)!;
  const before = smtp.mails.filter((m) => m.to.includes(email)).length;
  await page.goto(`${pages(council)}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await press(page, 'Send me a link');
  expect(new URL(page.url()).pathname).toBe(`/councils/${council}/complaints/check-email`);
  const mail = await eventually(
    async () => smtp.mails.filter((m) => m.to.includes(email)),
    (list) => list.length > before,
  );
  const link = new RegExp(`${PUBLIC.replace(/\./g, '\\.')}(/councils/${council}/complaints/sign-in/[A-Za-z0-9_-]{43})`).exec(mail.at(-1)!.text)?.[1];
  expect(link, mail.at(-1)!.text).toBeDefined();
  await page.goto(`${api.baseUrl}${link}`);
  return { text: mail.at(-1)!.text, link: link! };
}

const namespaceClient = (namespace: string) => new Client({ connection: api.client.connection, namespace, dataConverter: dataConverter(api.payloadKeys) });

describe('a council\'s own complainant pages', () => {
  it('the form makes the case in that council: its name on every page, its namespace, its records, its policy', async () => {
    const { context, page } = await newPage();
    await page.goto(`${pages(A)}/who`);
    expect(await page.title()).toBe('Who are you? – Make a complaint – Alphashire Council');
    expect(await page.getByRole('banner').innerText()).toContain('Alphashire Council');
    await checkPage(page, 'council-who');
    const reference = await makeComplaint(page, A, 'pat.alpha@example.org', 'Alphashire Council');
    // Received Fri 28 Aug; Mon 31 Aug is a bank holiday: 3 working days → Thu 3 Sep, 10 → Mon 14 Sep.
    expect(await page.locator('#dates').innerText()).toBe('We will acknowledge by Thursday 3 September 2026, and respond by Monday 14 September 2026.');
    await checkPage(page, 'council-confirmation');
    // The form's cookie goes to this council's pages only.
    expect((await context.cookies()).find((c) => c.name === 'complaint_form')!.path).toBe(`/councils/${A}/complaints`);

    // In A's namespace and no other; filed by A's worker in A's records, on A's policy (its row's `luton`, not the deployment's default).
    expect((await namespaceClient(`complaints-${A}`).workflow.getHandle(reference).describe()).status.name).toBe('RUNNING');
    for (const namespace of [`complaints-${B}`, 'default']) {
      await expect(namespaceClient(namespace).workflow.getHandle(reference).describe(), namespace).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    const view = await staff(A, 'GET', `/v1/complaints/${reference}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ channel: 'web', policy: { id: 'luton' }, receivedAt: '2026-08-28T09:30:00.000Z' });
    expect(view.body.deadlines.map((d: Json) => [d.key, d.due])).toEqual([['stage1.acknowledge', '2026-09-03']]);
    expect((await staff(B, 'GET', `/v1/complaints/${reference}`)).status).toBe(404);
    expect((await staff('default', 'GET', `/v1/complaints/${reference}`)).status).toBe(404);
    expect(await api.records.getCase(reference)).toBeUndefined();

    // The default council's pages are as they were: the deployment's name, at /complaints.
    await page.goto(`${api.baseUrl}/complaints`);
    expect(await page.title()).toBe('Make a complaint about children’s social care – Make a complaint – Deployment Council');
    await context.close();
  });

  it('signs in by a link from the council\'s own mail to its own pages; the status page and Stage 2 button act in that council only', async () => {
    const { context, page } = await newPage();
    const email = 'jo.alpha@example.org';
    const reference = await makeComplaint(page, A, email, 'Alphashire Council');
    // The same address has a case in B too: A's pages never reach it.
    const inB = await staff(B, 'POST', '/v1/complaints', { receivedAt: new Date().toISOString(), channel: 'email', complainant: { name: 'Jo Other (fictional)', type: 'parent', email }, summary: 'Another council\'s case', team: 'Children in Care' });
    expect(inB.status).toBe(201);
    const refB = inB.body.reference as string;

    await page.goto(`${pages(A)}/sign-in`);
    expect(await page.title()).toBe('Sign in to follow your complaint – Follow your complaint – Alphashire Council');
    await checkPage(page, 'council-sign-in');
    const defaultMails = smtpDefault.mails.length;
    const bMails = smtpOf.get(B)!.mails.length;
    const mail = await signIn(page, A, email);
    expect(mail.text).toContain('Alphashire Council');
    // Used once: again, it is gone, and the answer names this council's sign-in page.
    const replayed = await fetch(`${api.baseUrl}${mail.link}`, { headers: { accept: 'application/json' } });
    expect(replayed.status).toBe(410);
    expect(await replayed.text()).toContain(`go to /councils/${A}/complaints/sign-in and enter`);
    expect(smtpDefault.mails.length).toBe(defaultMails);
    expect(smtpOf.get(B)!.mails.length).toBe(bMails);
    const cookie = (await context.cookies()).find((c) => c.name === 'complainant_session')!;
    expect([cookie.httpOnly, cookie.path]).toEqual([true, `/councils/${A}/complaints`]);

    // One case in A for this address: its status page, with A's name and contact.
    expect(new URL(page.url()).pathname).toBe(`/councils/${A}/complaints/status`);
    expect(await page.title()).toBe(`Your complaint ${reference} – Follow your complaint – Alphashire Council`);
    expect(await page.locator('#contact').innerText()).toBe('Alphashire Council: the Alphashire Complaints Team');
    await checkPage(page, 'council-status');

    // Staff of A answer Stage 1; the complainant asks for Stage 2 with the button on A's page.
    await command(A, reference, 'triage', { decision: 'stage1' });
    await command(A, reference, 'acknowledge');
    await command(A, reference, 'clarify');
    await command(A, reference, 'respond');
    await eventually(
      async () => {
        await page.goto(`${pages(A)}/status/${reference}`);
        return page.getByRole('link', { name: 'Ask for Stage 2', exact: true }).count();
      },
      (n) => n === 1,
    );
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Ask for Stage 2', exact: true }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/councils/${A}/complaints/status/${reference}/escalate`);
    await checkPage(page, 'council-escalate');
    await press(page, 'Ask for Stage 2');
    expect(new URL(page.url()).pathname).toBe(`/councils/${A}/complaints/status/${reference}`);
    expect(await page.locator('#done').innerText()).toMatch(/^You asked for Stage 2\. It is accepted/);
    const after = await staff(A, 'GET', `/v1/complaints/${reference}`);
    expect(after.body.stage).toBe('stage2');
    expect(after.body.events.filter((e: Json) => e.detail?.by === 'complainant').map((e: Json) => e.action)).toEqual(['escalated']);

    // B's case, with A's session: not found on A's pages; on B's (or the default's) the cookie is not sent, and, sent anyway, signs no one in.
    const onA = await context.request.get(`${pages(A)}/status/${refB}`);
    expect(onA.status()).toBe(404);
    expect(await onA.text()).not.toContain('Jo Other');
    for (const url of [`${pages(B)}/status/${refB}`, `${api.baseUrl}/complaints/status/${refB}`]) {
      const sent = await fetch(url, { headers: { cookie: `complainant_session=${cookie.value}` }, redirect: 'manual' });
      expect(sent.status, url).toBe(401);
      expect(await sent.text(), url).toContain('Sign in to see your complaint');
    }
    const json = await fetch(`${pages(B)}/status.json`, { headers: { cookie: `complainant_session=${cookie.value}` } });
    expect(json.status).toBe(401);
    // Nothing of B's case was read: its access log is empty.
    expect(await api.records.forCouncil(B).listAccess({ reference: refB })).toEqual([]);
    // B's pages sign the same address in to B's case only, by B's mail.
    const { context: contextB, page: pageB } = await newPage();
    await signIn(pageB, B, email);
    expect(await pageB.title()).toBe(`Your complaint ${refB} – Follow your complaint – Betashire Council`);
    expect((await contextB.request.get(`${pages(B)}/status/${reference}`)).status()).toBe(404);
    await contextB.close();
    await context.close();
  });

  it('a council not served gives a plain 404 page, whatever the path or method; the default council\'s address leads to /complaints', async () => {
    const { context, page } = await newPage();
    for (const url of [`/councils/nowhere-${run}/complaints`, `/councils/nowhere-${run}/complaints/sign-in`, '/councils/Not_An_Id/complaints/status']) {
      const res = await page.goto(`${api.baseUrl}${url}`);
      expect(res!.status(), url).toBe(404);
      expect(await page.locator('h1').innerText(), url).toBe('Page not found');
    }
    await checkPage(page, 'council-not-served');
    const posted = await fetch(`${api.baseUrl}/councils/nowhere-${run}/complaints/sign-in`, { method: 'POST', body: new URLSearchParams({ email: 'a@example.org' }) });
    expect(posted.status).toBe(404);
    const moved = await fetch(`${api.baseUrl}/councils/default/complaints/sign-in`, { redirect: 'manual' });
    expect([moved.status, moved.headers.get('location')]).toEqual([308, '/complaints/sign-in']);
    await context.close();
  });

  it('a council added after its address was found not served is served once the directory reads it again, and a new name shows the same way', async () => {
    const LATE = `late-${run}`;
    const heading = async () => {
      const res = await fetch(`${api.baseUrl}/councils/${LATE}/complaints`);
      const html = await res.text();
      return { status: res.status, name: /<title>[^<]*– ([^<–]+)<\/title>/.exec(html)?.[1]?.trim() };
    };
    expect(await heading()).toEqual({ status: 404, name: 'Deployment Council' });
    // Its row written as `npm run council -- add` writes it, by another process: nothing tells this one.
    smtpOf.set(LATE, smtpDefault);
    const store = new CouncilStore(api.ownerDb!);
    await store.put(councilArgs([LATE, '--name', 'Lateshire Council', '--policy', 'england-statutory']));
    expect(await eventually(heading, (page) => page.status === 200, 30_000)).toEqual({ status: 200, name: 'Lateshire Council' });
    await store.put(councilArgs([LATE, '--name', 'Lateshire and Nearby Council', '--policy', 'england-statutory']));
    expect(await eventually(heading, (page) => page.name !== 'Lateshire Council', 30_000)).toEqual({ status: 200, name: 'Lateshire and Nearby Council' });
  });
});
