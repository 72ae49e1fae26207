import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import express from 'express';
import nunjucks from 'nunjucks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Principal } from '../../domain/access';
import type { CommandName } from '../../domain/complaint/commands';
import type { CaseView } from '../../domain/complaint/state';
import { TransitionRefused, TRANSITIONS } from '../../domain/complaint/transitions';
import type { Role } from '../../domain/roles';
import { formFor, pastNotice, readForm, refusalErrors, type ErrorItem, type FormBody } from '../../web/staff/command-form';
import { launchChromium } from '../helpers/browser';
import { newCase } from '../helpers/procedure';
import { checkPage } from './page-checks';

/**
 * The command forms in real Chromium: a page of this test's own renders the
 * real macro (web/staff/views/command-form.njk) in the GOV.UK template, with
 * govuk-frontend's CSS, and posts back through readForm. A triage is tried on
 * a case by the procedure's own rules, so a refusal comes from them. Each page
 * is checked with axe-core (WCAG 2.2 AA), with and without errors. "Now" is
 * Thu 7 Jan 2027, 10:00 in London.
 */

const NOW = Date.parse('2027-01-07T10:00:00Z');
const govukDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend')), '..');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.resolve('web/staff/views'), govukDist]), { autoescape: true });
const PAGE = `{% extends "govuk/template.njk" %}
{% from "command-form.njk" import commandForm %}
{% block pageTitle %}{{ "Error: " if form.errors.length }}{{ form.title }} – Staff – Test Council{% endblock %}
{% block head %}<link rel="stylesheet" href="/assets/govuk-frontend.min.css">{% endblock %}
{% block header %}{% endblock %}
{% block footer %}{% endblock %}
{% block content %}
  <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
    <h1 class="govuk-heading-l">{{ form.title }}</h1>
    {% if sent %}<p class="govuk-body">Sent:</p><pre id="sent" class="govuk-body">{{ sent }}</pre>{% endif %}
    {{ commandForm(form, { csrf: "test-csrf-token", past: past }) }}
  </div></div>
{% endblock %}`;

const CASE_VIEW = { reference: 'CSC-2027-7KQ3MP', team: 'Children in Care', parties: [] } as unknown as CaseView;

function viewerOf(role: string | undefined): Principal {
  return { subject: 'sam.staff', roles: [(role ?? 'complaints-manager') as Role], teams: ['Children in Care'] };
}

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.get('/assets/govuk-frontend.min.css', (_req, res) => res.sendFile(path.join(govukDist, 'govuk/govuk-frontend.min.css')));
  const show = (res: express.Response, command: CommandName, role: string | undefined, ctx: { values?: FormBody; errors?: ErrorItem[]; sent?: string; past?: unknown }) => {
    const form = formFor(command, { viewer: viewerOf(role), caseView: CASE_VIEW, today: '2027-01-07', ...(ctx.values ? { values: ctx.values } : {}), ...(ctx.errors ? { errors: ctx.errors } : {}) });
    res.type('html').send(env.renderString(PAGE, { form, sent: ctx.sent, past: ctx.past }));
  };
  app.get('/forms/:command', (req, res) => show(res, req.params.command as CommandName, req.query.role as string | undefined, {}));
  app.post('/forms/:command', (req, res) => {
    const command = req.params.command as CommandName;
    const role = req.query.role as string | undefined;
    const body = req.body as FormBody;
    const read = readForm(command, body);
    if (!read.ok) return show(res.status(read.adding ? 200 : 400), command, role, { values: body, errors: read.errors });
    if (command === 'triage') {
      // Tried on a case received Mon 4 Jan 2027, by the procedure's own rules.
      try {
        TRANSITIONS.triage(newCase('2027-01-04T10:00:00Z'), { ...read.input, actor: 'sam.staff' } as Parameters<typeof TRANSITIONS.triage>[1], NOW);
      } catch (error) {
        if (!(error instanceof TransitionRefused)) throw error;
        return show(res.status(409), command, role, { values: body, errors: refusalErrors(command, error.message) });
      }
    }
    show(res, command, role, { values: body, sent: JSON.stringify(read.input), past: pastNotice(command, read.input as { at?: string }, NOW) });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}
const sent = async (page: Page) => JSON.parse(await page.locator('#sent').innerText()) as Record<string, unknown>;
const fieldError = async (page: Page, id: string) => (await page.locator(`#${id}-error`).textContent())!.replace(/\s+/g, ' ').trim();
const summary = (page: Page) => page.locator('.govuk-error-summary a').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.textContent!.trim()]));

describe('command forms in Chromium', () => {
  it('triage: a choice left unmade, then the procedure’s refusal beside the date it names, then sent with the London time as its instant', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/forms/triage`);
    expect(await page.title()).toBe('Triage – Staff – Test Council');
    await checkPage(page, 'command-triage');

    await press(page, 'Triage');
    expect(await page.title()).toBe('Error: Triage – Staff – Test Council');
    expect(await summary(page)).toEqual([['#f-decision', 'Decision: choose one']]);
    expect(await fieldError(page, 'f-decision')).toBe('Error: Decision: choose one');
    await checkPage(page, 'command-triage-error');

    await page.getByLabel('Stage 1', { exact: true }).check();
    const grounds = page.getByRole('group', { name: 'When the grounds for the complaint arose (optional)' });
    await grounds.getByLabel('Day').fill('30');
    await grounds.getByLabel('Month').fill('1');
    await grounds.getByLabel('Year').fill('2027');
    const when = page.getByRole('group', { name: 'When it happened (optional)' });
    await when.getByLabel('Day').fill('5');
    await when.getByLabel('Month').fill('1');
    await when.getByLabel('Year').fill('2027');
    await when.getByLabel('Time (London, 24-hour)').fill('09:15');
    await press(page, 'Triage');
    expect(await summary(page)).toEqual([['#f-matterOccurredOn-day', 'When the grounds for the complaint arose (2027-01-30) is after the complaint was received (2027-01-04)']]);
    expect(await fieldError(page, 'f-matterOccurredOn')).toBe('Error: When the grounds for the complaint arose (2027-01-30) is after the complaint was received (2027-01-04)');
    // What was typed is shown again.
    expect(await when.getByLabel('Time (London, 24-hour)').inputValue()).toBe('09:15');
    await checkPage(page, 'command-triage-refused');

    await grounds.getByLabel('Month').fill('10');
    await grounds.getByLabel('Year').fill('2026');
    await press(page, 'Triage');
    // 09:15 on Tue 5 Jan 2027 in London is GMT: 09:15Z. Dated before today, it says what will and will not be sent.
    expect(await sent(page)).toEqual({ decision: 'stage1', matterOccurredOn: '2026-10-30', at: '2027-01-05T09:15:00Z' });
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('This step is dated Tue 5 Jan 2027, before today (Thu 7 Jan 2027)');
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('Any letter this step would send the complainant will not be sent.');
    await checkPage(page, 'command-triage-past');
    await page.context().close();
  });

  it('a summer London time is sent as the instant an hour earlier in UTC, on the day before when just after midnight', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/forms/acknowledge`);
    const when = page.getByRole('group', { name: 'When it happened (optional)' });
    await when.getByLabel('Day').fill('1');
    await when.getByLabel('Month').fill('7');
    await when.getByLabel('Year').fill('2026');
    await when.getByLabel('Time (London, 24-hour)').fill('00:30');
    await press(page, 'Acknowledge');
    expect(await sent(page)).toEqual({ at: '2026-06-30T23:30:00Z' });
    await page.context().close();
  });

  it('record findings: rows added without JavaScript, and an error naming the row it is in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/forms/record-findings`);
    await checkPage(page, 'command-record-findings');
    await page.getByLabel('Stage 2', { exact: true }).check();
    const first = page.getByRole('group', { name: 'Finding 1' });
    await first.getByLabel('Head of complaint').fill('1');
    await first.getByRole('group', { name: 'Finding', exact: true }).getByLabel('Upheld', { exact: true }).check();
    await first.getByLabel('Quality of service').check();
    await press(page, 'Add another finding');
    expect(await page.getByRole('group', { name: /^Finding \d$/ }).count()).toBe(2);
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    // The first row is kept as typed.
    expect(await page.getByRole('group', { name: 'Finding 1' }).getByLabel('Head of complaint').inputValue()).toBe('1');
    const second = page.getByRole('group', { name: 'Finding 2' });
    await second.getByLabel('Head of complaint').fill('2');
    // Enter in a field submits the form, as its button does: it adds no row.
    await Promise.all([page.waitForNavigation(), second.getByLabel('Head of complaint').press('Enter')]);
    expect(await summary(page)).toEqual([
      ['#f-findings-heads-1-finding', 'Finding (finding 2): choose one'],
      ['#f-findings-heads-1-category', 'Category (finding 2): choose one'],
    ]);
    await checkPage(page, 'command-record-findings-error');
    await second.getByRole('group', { name: 'Finding', exact: true }).getByLabel('Not upheld').check();
    await second.getByLabel('Delay in decision or service').check();
    await press(page, 'Record findings');
    expect(await sent(page)).toEqual({
      stage: 'stage2',
      findings: {
        heads: [
          { head: '1', finding: 'upheld', category: 'quality-of-service', remedies: [] },
          { head: '2', finding: 'not-upheld', category: 'delay-in-decision-or-service', remedies: [] },
        ],
        recommendations: [],
      },
    });
    await page.context().close();
  });

  it('schedule a panel and answer an extension: a date, three members, a yes-or-no; and an officer’s escalation form without a manager’s fields', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/forms/schedule-panel`);
    expect(await page.getByRole('group', { name: /^Member \d$/ }).count()).toBe(3);
    await press(page, 'Schedule panel');
    expect((await summary(page))[0]).toEqual(['#f-panelDate-day', 'Panel date: enter the date, such as 27 3 2026']);
    await checkPage(page, 'command-schedule-panel-error');

    await page.goto(`${base}/forms/answer-extension`);
    await checkPage(page, 'command-answer-extension');
    await page.getByLabel('No', { exact: true }).check();
    await press(page, 'Answer extension');
    expect(await sent(page)).toEqual({ agree: false });

    await page.goto(`${base}/forms/escalate?role=complaints-officer`);
    expect(await page.getByLabel(/Reason for accepting a late request/).count()).toBe(0);
    expect(await page.getByLabel(/Reason for backdating/).count()).toBe(0);
    await page.goto(`${base}/forms/escalate`);
    expect(await page.getByLabel(/Reason for accepting a late request/).count()).toBe(1);
    await checkPage(page, 'command-escalate');
    await page.context().close();
  });
});
