import path from 'node:path';
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { clientBody } from '../../api/command-body';
import { openApiDocument } from '../../api/openapi';
import { decideCommand, type Principal } from '../../domain/access';
import type { CommandName } from '../../domain/complaint/commands';
import { afterStep } from '../../domain/complaint/past';
import type { CaseView } from '../../domain/complaint/state';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import type { Role } from '../../domain/roles';
import { commandsFor, formBody, formFor, pastNotice, readForm, refusalErrors, type FormBody, type FormField } from '../../web/staff/command-form';
import { act, newCase, plan } from '../helpers/procedure';

/**
 * Every command of the complaint's table as a form (web/staff/command-form.ts):
 * each renders with the real macro, each round-trips the example body /docs
 * shows (and the API accepts, test/api/docs.test.ts), each maps a bad field
 * to that field; London dates and times on both sides of a clock change.
 */

const COMMANDS = Object.keys(COMMAND_TABLE) as CommandName[];
const TODAY = '2026-12-05';
const TEAM = 'Children in Care';

function viewOf(parties: CaseView['parties'] = []): CaseView {
  return { reference: 'CSC-2026-7KQ3MP', team: TEAM, parties } as unknown as CaseView;
}
const person = (roles: Role[], subject = 'sam.staff', teams: string[] = []): Principal => ({ subject, roles, teams });
const MANAGER = person(['complaints-manager'], 'mo.manager');
const OFFICER = person(['complaints-officer'], 'olu.officer', [TEAM]);

/** The example body /docs shows for a command (api/openapi.ts), dated a London afternoon. */
const OPENAPI = openApiDocument();
function example(command: CommandName): Record<string, unknown> {
  const paths = OPENAPI.paths as Record<string, { post: { requestBody: { content: { 'application/json': { example?: Record<string, unknown> } } } } }>;
  const shown = paths[`/v1/complaints/{reference}/commands/${command}`]!.post.requestBody.content['application/json'].example ?? {};
  return { ...shown, at: '2026-11-23T14:00:00Z' };
}

function leaves(fields: FormField[]): FormField[] {
  return fields.flatMap((f) => [f, ...leaves(f.fields ?? []), ...leaves((f.rows ?? []).flat())]);
}

const govukDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend')), '..');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.resolve('web/staff/views'), govukDist]), { autoescape: true });
function render(form: ReturnType<typeof formFor>): string {
  return env.renderString('{% from "command-form.njk" import commandForm %}{{ commandForm(form, { csrf: "csrf-token" }) }}', { form });
}

/** A field whose blank value the schema refuses: the first required top-level one, else the date it happened made impossible. */
function badField(command: CommandName): { body: FormBody; field: string; href: string } {
  const body = formBody(command, example(command));
  const required = formFor(command, { viewer: MANAGER, caseView: viewOf(), today: TODAY }).fields.find((f) => f.required && f.kind !== 'group' && f.kind !== 'repeat');
  if (required) {
    for (const key of Object.keys(body)) if (key === required.name || key.startsWith(`${required.name}-`)) delete body[key];
    return { body, field: required.name, href: required.kind === 'date' ? `#${required.id}-day` : `#${required.id}` };
  }
  return { body: { ...body, 'at-day': '31', 'at-month': '2' }, field: 'at', href: '#f-at-day' };
}

describe.each(COMMANDS)('the %s form', (command) => {
  it('renders with the real macro: every field labelled in plain words, none the API fills in itself', () => {
    const form = formFor(command, { viewer: MANAGER, caseView: viewOf(), today: TODAY, idempotencyKey: 'key-1' });
    const fields = leaves(form.fields);
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) {
      expect(f.label, f.name).toMatch(/^[A-Z]/);
      expect(f.label, f.name).not.toMatch(/[a-z][A-Z]/);
      expect(f.name.split('.')).not.toContain('actor');
      expect(f.name.split('.')).not.toContain('by');
      expect(f.name.split('.')).not.toContain('register');
    }
    const html = render(form);
    expect(html).toContain('name="_csrf" value="csrf-token"');
    expect(html).toContain('name="_idempotency" value="key-1"');
    expect(html).toContain(`>\n  ${form.submitText}\n</button>`);
    for (const f of fields.filter((x) => x.kind !== 'group' && x.kind !== 'repeat')) {
      expect(html, f.name).toContain(f.kind === 'date' || f.kind === 'datetime' ? `id="${f.id}-day"` : `id="${f.id}"`);
    }
  });

  it('round-trips the example body /docs shows: posted as the form would, read back to the same body', () => {
    const input = example(command);
    const read = readForm(command, formBody(command, input));
    expect(read.ok, JSON.stringify(read)).toBe(true);
    if (!read.ok) return;
    expect(read.input).toEqual(clientBody(COMMAND_TABLE[command].schema).strict().parse(input));
    expect((read.input as { at: string }).at).toBe('2026-11-23T14:00:00Z');
  });

  it('puts a bad field’s error beside that field, and shows it again with the value posted', () => {
    const { body, field, href } = badField(command);
    const read = readForm(command, body);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors[0]).toMatchObject({ field, href });
    const form = formFor(command, { viewer: MANAGER, caseView: viewOf(), today: TODAY, values: body, errors: read.errors });
    expect(leaves(form.fields).find((f) => f.name === field)?.error).toBe(read.errors[0]!.text);
    const html = render(form);
    expect(html).toContain(`<a href="${href}">${env.getFilter('escape')(read.errors[0]!.text)}</a>`);
    expect(html).toContain(`id="${href.slice(1).replace(/-day$/, '')}-error"`);
  });
});

describe('London dates and times', () => {
  const at = (day: string, month: string, year: string, time: string) => readForm('acknowledge', { 'at-day': day, 'at-month': month, 'at-year': year, 'at-time': time });
  const instant = (r: ReturnType<typeof at>) => (r.ok ? (r.input as { at?: string }).at : r.errors.map((e) => e.text).join('; '));

  it('reads a London time as GMT before the clocks go forward and as BST after (Sun 29 Mar 2026)', () => {
    expect(instant(at('28', '3', '2026', '12:00'))).toBe('2026-03-28T12:00:00Z');
    expect(instant(at('29', '3', '2026', '00:30'))).toBe('2026-03-29T00:30:00Z');
    expect(instant(at('29', '3', '2026', '02:00'))).toBe('2026-03-29T01:00:00Z');
    expect(instant(at('29', '3', '2026', '12:00'))).toBe('2026-03-29T11:00:00Z');
    // 01:30 never happened in London that night.
    expect(instant(at('29', '3', '2026', '01:30'))).toBe('When it happened: 01:30 did not happen in London on Sun 29 Mar 2026 (the clocks went forward an hour)');
  });

  it('reads a London time as BST before the clocks go back and as GMT after (Sun 25 Oct 2026)', () => {
    expect(instant(at('24', '10', '2026', '09:00'))).toBe('2026-10-24T08:00:00Z');
    expect(instant(at('25', '10', '2026', '00:30'))).toBe('2026-10-24T23:30:00Z');
    // 01:30 happened twice: the first, still BST.
    expect(instant(at('25', '10', '2026', '1.30'))).toBe('2026-10-25T00:30:00Z');
    expect(instant(at('25', '10', '2026', '02:00'))).toBe('2026-10-25T02:00:00Z');
    expect(instant(at('26', '10', '2026', '9:00'))).toBe('2026-10-26T09:00:00Z');
  });

  it('shows an instant as its London date and time (23:30 UTC on 1 Jul is 00:30 on 2 Jul)', () => {
    expect(formBody('acknowledge', { at: '2026-07-01T23:30:00Z' })).toEqual({ 'at-day': '2', 'at-month': '7', 'at-year': '2026', 'at-time': '00:30' });
    expect(formBody('acknowledge', { at: '2026-12-01T23:30:00Z' })).toEqual({ 'at-day': '1', 'at-month': '12', 'at-year': '2026', 'at-time': '23:30' });
  });

  it('takes a date as the London date it is, and refuses an impossible one or a date without a time', () => {
    const triage = readForm('triage', { decision: 'stage1', 'matterOccurredOn-day': '30', 'matterOccurredOn-month': '10', 'matterOccurredOn-year': '2026' });
    expect(triage.ok && triage.input).toEqual({ decision: 'stage1', matterOccurredOn: '2026-10-30' });
    expect(readForm('triage', { decision: 'stage1', 'matterOccurredOn-day': '29', 'matterOccurredOn-month': '2', 'matterOccurredOn-year': '2026' })).toEqual({
      ok: false,
      adding: false,
      errors: [{ field: 'matterOccurredOn', href: '#f-matterOccurredOn-day', text: 'When the grounds for the complaint arose must be a real date, such as 27 3 2026' }],
    });
    expect(instant(at('23', '11', '2026', ''))).toBe('When it happened: enter the time in London, such as 14:30');
    expect(instant(at('23', '11', '2026', '25:00'))).toBe('When it happened: the time must be a time of day in London, such as 14:30');
    expect(readForm('acknowledge', { 'at-day': '23', 'at-month': '11', 'at-year': '2026', 'at-time': '' }).ok).toBe(false);
    // Left blank: now.
    expect(readForm('acknowledge', { 'at-day': '', 'at-month': '', 'at-year': '', 'at-time': '' })).toMatchObject({ ok: true, input: {} });
  });
});

describe('who sees which commands', () => {
  it('offers each command exactly when the API would take it from this person on this case (decideCommand)', () => {
    const view = viewOf([
      { id: 'io.adams', part: 'investigating-officer' },
      { id: 'chair.cole', part: 'panel-chair' },
    ]);
    const people = [
      MANAGER,
      OFFICER,
      person(['complaints-officer'], 'other.officer', ['Fostering']),
      person(['service-manager'], 'sm', [TEAM]),
      person(['investigating-officer'], 'io.adams'),
      person(['investigating-officer'], 'io.other'),
      person(['panel-chair'], 'chair.cole'),
      person(['director'], 'dir'),
      person(['auditor'], 'aud'),
    ];
    for (const p of people) {
      const expected = COMMANDS.filter((c) => decideCommand(p, { team: TEAM, parties: view.parties }, COMMAND_TABLE[c].roles, c).allowed);
      expect(commandsFor(p, view), p.subject).toEqual(expected);
    }
    expect(commandsFor(person(['investigating-officer'], 'io.adams'), view)).toEqual(['contact', 'agree-statement', 'submit-reports', 'progress-update', 'arrange-meeting', 'record-meeting']);
    expect(commandsFor(person(['investigating-officer'], 'io.other'), view)).toEqual([]);
    expect(commandsFor(person(['auditor'], 'aud'), view)).toEqual([]);
    expect(commandsFor(OFFICER, view)).not.toContain('close');
    expect(commandsFor(OFFICER, view)).toContain('acknowledge');
    expect(commandsFor(person(['complaints-officer'], 'other.officer', ['Fostering']), view)).toEqual([]);
  });

  it('shows a field a role rule keeps for a manager only to a manager acting on the case', () => {
    const names = (viewer: Principal) => formFor('escalate', { viewer, caseView: viewOf(), today: TODAY }).fields.map((f) => f.name);
    expect(names(MANAGER)).toEqual(['reasons', 'lateAcceptedReason', 'at', 'note', 'sendLetter', 'backdateReason']);
    expect(names(OFFICER)).toEqual(['reasons', 'at', 'note', 'sendLetter']);
  });
});

describe('rows, checkboxes and yes-or-no', () => {
  it('adds a row when "add another" is pressed, sending nothing, and drops rows left blank', () => {
    const body: FormBody = { stage: 'stage2', 'findings.heads.0.head': '1', 'findings.heads.0.finding': 'upheld', 'findings.heads.0.category': 'quality-of-service' };
    expect(readForm('record-findings', { ...body, _add: 'findings.heads' })).toEqual({ ok: false, errors: [], adding: true });
    const form = formFor('record-findings', { viewer: MANAGER, caseView: viewOf(), today: TODAY, values: { ...body, _add: 'findings.heads' } });
    const heads = leaves(form.fields).find((f) => f.name === 'findings.heads')!;
    expect(heads.rows).toHaveLength(2);
    expect(heads.rows![0]!.find((f) => f.name === 'findings.heads.0.head')?.value).toBe('1');
    const read = readForm('record-findings', { ...body, 'findings.heads.1.head': '', 'findings.heads.1.reasons': '', 'findings.recommendations.0.id': '', _idempotency: 'k-9' });
    expect(read).toEqual({
      ok: true,
      idempotencyKey: 'k-9',
      input: { stage: 'stage2', findings: { heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service', remedies: [] }], recommendations: [] } },
    });
  });

  it('names the row of an error, and the fields of a required row left blank', () => {
    const read = readForm('record-findings', { stage: 'stage1' });
    expect(read.ok === false && read.errors.map((e) => [e.field, e.href, e.text])).toEqual([
      ['findings.heads.0.head', '#f-findings-heads-0-head', 'Head of complaint (finding 1) is required: text such as "1"'],
      ['findings.heads.0.finding', '#f-findings-heads-0-finding', 'Finding (finding 1): choose one'],
      ['findings.heads.0.category', '#f-findings-heads-0-category', 'Category (finding 1): choose one'],
    ]);
    const panel = readForm('schedule-panel', { 'panelDate-day': '20', 'panelDate-month': '1', 'panelDate-year': '2027', 'members.0.id': 'chair.cole', 'members.0.role': 'member', 'members.1.id': 'a', 'members.1.role': 'member', 'members.2.id': 'b', 'members.2.role': 'member' });
    expect(panel.ok === false && panel.errors).toEqual([{ field: 'members', href: '#f-members-0-id', text: 'Panel members: a Review Panel has three members, one of them the Chair' }]);
  });

  it('reads ticked checkboxes as a list, a required yes-or-no from its radios, and a list typed with commas', () => {
    expect(readForm('submit-reports', { reports: ['investigating-officer', 'independent-person'] })).toMatchObject({ ok: true, input: { reports: ['investigating-officer', 'independent-person'] } });
    expect(readForm('answer-extension', { agree: 'false' })).toMatchObject({ ok: true, input: { agree: false } });
    expect(readForm('answer-extension', {})).toMatchObject({ ok: false, errors: [{ field: 'agree', href: '#f-agree' }] });
    expect(formFor('answer-extension', { viewer: MANAGER, caseView: viewOf(), today: TODAY }).fields.find((f) => f.name === 'agree')).toMatchObject({ kind: 'radios', required: true });
    expect(readForm('hold', { reason: 'other', heads: '2, 3a' })).toMatchObject({ ok: true, input: { reason: 'other', heads: ['2', '3a'] } });
    expect(readForm('extend', { deadline: 'stage1.respond', workingDays: 'ten', reason: 'x' })).toMatchObject({ ok: false, errors: [{ field: 'workingDays', text: 'Working days to add must be a whole number such as 10' }] });
  });
});

describe('what a posted form cannot say', () => {
  it('never reads the actor, `by` or the register’s answer, nor any name that is not a field', () => {
    expect(readForm('acknowledge', { actor: 'someone.else', by: 'complainant', register: '[]', admin: 'true', _csrf: 'c' })).toEqual({ ok: true, input: {}, idempotencyKey: undefined });
  });

  it('keeps to a list’s own limit however high a posted row number is', () => {
    const form = formFor('schedule-panel', { viewer: MANAGER, caseView: viewOf(), today: TODAY, values: { 'members.999999.id': 'x', _add: 'members' } });
    expect(leaves(form.fields).find((f) => f.name === 'members')?.rows).toHaveLength(3);
    const findings = formFor('record-findings', { viewer: MANAGER, caseView: viewOf(), today: TODAY, values: { 'findings.heads.999999.head': 'x' } });
    expect(leaves(findings.fields).find((f) => f.name === 'findings.heads')?.rows).toHaveLength(50);
  });
});

describe('a refusal beside its field', () => {
  it('finds the field a refusal names, by its name or its label, else the form as a whole', () => {
    expect(refusalErrors('acknowledge', '"at" (2026-11-23T14:00:00Z) is in the future')).toEqual([{ field: 'at', href: '#f-at-day', text: 'When it happened (2026-11-23T14:00:00Z) is in the future' }]);
    expect(refusalErrors('triage', 'matterOccurredOn (2027-01-01) is after the complaint was received (2026-12-01)')).toEqual([
      { field: 'matterOccurredOn', href: '#f-matterOccurredOn-day', text: 'When the grounds for the complaint arose (2027-01-01) is after the complaint was received (2026-12-01)' },
    ]);
    expect(refusalErrors('schedule-panel', 'the panel date Sat 16 Jan 2027 must be after the day it is set')[0]).toMatchObject({ field: 'panelDate', href: '#f-panelDate-day' });
    expect(refusalErrors('acknowledge', 'the case is closed (resolved)')).toEqual([{ field: null, href: '#command-form', text: 'The case is closed (resolved)' }]);
  });

  it('links only to a field on the viewer’s form: a manager’s reason for backdating is no officer’s field', () => {
    const detail =
      'stage1.respond was due on Mon 16 Nov 2026 and the case has shown it as missed since Tue 17 Nov 2026: a step dated 2026-11-13T10:00:00Z would make it met, so a complaints manager must give backdateReason';
    const form = (viewer: Principal) => formFor('respond', { viewer, caseView: viewOf(), today: TODAY });
    expect(refusalErrors('respond', detail, form(MANAGER))).toEqual([
      {
        field: 'backdateReason',
        href: '#f-backdateReason',
        text: 'stage1.respond was due on Mon 16 Nov 2026 and the case has shown it as missed since Tue 17 Nov 2026: a step dated 2026-11-13T10:00:00Z would make it met, so a complaints manager must give reason for backdating (complaints manager)',
      },
    ]);
    expect(refusalErrors('respond', detail, form(OFFICER))).toEqual([{ field: null, href: '#command-form', text: detail }]);
  });

  it('maps the workflow’s own refusal of a step dated before receipt to the date it happened', () => {
    const state = newCase('2027-01-04T10:00:00Z');
    let message = '';
    try {
      plan(state, 'triage', { decision: 'stage1', at: '2027-01-01T10:00:00Z' }, '2027-01-05T10:00:00Z');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(refusalErrors('triage', message)[0]).toMatchObject({ field: 'at', href: '#f-at-day' });
  });
});

describe('a step dated in the past', () => {
  const NOW = Date.parse('2027-01-07T10:00:00Z');

  it('says nothing for a step dated today in London, even one an hour before midnight UTC in summer', () => {
    expect(pastNotice('acknowledge', {}, NOW)).toBeNull();
    expect(pastNotice('acknowledge', { at: '2027-01-07T00:10:00Z' }, NOW)).toBeNull();
    expect(pastNotice('acknowledge', { at: '2026-07-01T23:30:00Z' }, Date.parse('2026-07-02T10:00:00Z'))).toBeNull();
    expect(pastNotice('acknowledge', { at: '2026-07-01T22:30:00Z' }, Date.parse('2026-07-02T10:00:00Z'))).toMatchObject({ datedOn: '2026-07-01', lettersSent: false });
  });

  it('says the letter is not sent, as the workflow then holds it back; and sent, without past dates, when asked for', () => {
    for (const sendLetter of [undefined, true]) {
      const state = act(newCase('2027-01-04T10:00:00Z'), 'triage', { decision: 'stage1' }, '2027-01-04T11:00:00Z');
      const input = { at: '2027-01-05T09:00:00Z', ...(sendLetter ? { sendLetter } : {}) };
      const notice = pastNotice('acknowledge', input, NOW)!;
      expect(notice.datedOn).toBe('2027-01-05');
      expect(notice.lines[0]).toBe('This step is dated Tue 5 Jan 2027, before today (Thu 7 Jan 2027): it counts from that day, and every clock is worked out from it.');
      // The workflow's own step and what follows it (workflows/complaint/workflow.ts calls afterStep).
      const from = state.noticeSeq;
      plan(state, 'acknowledge', input, new Date(NOW).toISOString())();
      afterStep(state, { actor: 'officer-1', ...input }, from, NOW);
      const letters = state.outbox.filter((n) => n.id > from && n.kind === 'letter').map((n) => n.subject);
      expect(notice.lettersSent).toBe(sendLetter === true);
      expect(letters).toEqual(sendLetter ? ['stage1-acknowledgement'] : []);
      expect(notice.lines[1]).toBe(
        sendLetter
          ? 'Any letter this step sends goes today, and leaves out any date it would promise that has already gone.'
          : 'Any letter this step would send the complainant will not be sent. Tick “Send the letter” to send it.',
      );
    }
  });
});
