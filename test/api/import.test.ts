/**
 * Bulk import end to end on the dev server: 200 open cases at mixed stages,
 * imported from an older system's export (half as CSV, half as JSON), each
 * compared with the same case created through the API step by step with
 * backdated `at`s: the same deadlines (key, due date, state, when met,
 * explanation), stage and status. A second run starts nothing; a dry run
 * reports every bad row's problems and starts nothing; the CLI imports a file
 * with its progress on stderr.
 *
 * The dev server's clock is the real one, so the 200 cases are dated in
 * working days before the last working day before today; one case has fixed
 * 2026 dates and literal deadlines.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../api/csv';
import { registerIndependent } from '../helpers/register';
import { IMPORT_COLUMNS } from '../../api/imports';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { addDays, londonDateOf, startOfLondonDay, type IsoDate } from '../../domain/dates';
import { startApi, type ApiHarness } from '../helpers/dev-server';

let api: ApiHarness;
let token: string;
beforeAll(async () => {
  // Hundreds of step-by-step commands from one caller: above the default rate limit.
  api = await startApi({ rateLimitPerMinute: 1_000_000, temporalTimeoutMs: 60_000 });
  token = await api.token('complaints-manager');
  // The cases created step by step appoint their Independent People (ip-<n>) through the API: on the register (BANES 9.3).
  await registerIndependent(api.records, Object.fromEntries(Array.from({ length: SCENARIOS.length }, (_, i) => [`ip-${i}`, ['independent-person' as const]])));
});
afterAll(async () => {
  await api?.stop();
});

type Row = Record<string, string>;
interface Scenario {
  kind: string;
  row: Row;
  create: Record<string, unknown>;
  steps: Array<{ command: string; body: Record<string, unknown> }>;
}

const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
// Every step is on or before the last working day before today: in the past, whatever time the test runs.
const anchor = calendar.subtractWorkingDays(londonDateOf(Date.now()), 1);
const wd = (n: number): IsoDate => (n >= 0 ? calendar.subtractWorkingDays(anchor, n) : calendar.addWorkingDays(anchor, -n));
const at = (date: IsoDate, hour: number) => new Date(startOfLondonDay(date) + hour * 3_600_000).toISOString();

const TEAMS = ['Fostering', 'Children in Care', 'Disabled Children', 'Leaving Care'];
const KINDS = [
  'untriaged',
  'untriaged-overdue',
  'triaged',
  'acknowledged',
  'stage1-extended',
  'responded',
  'dates-only',
  'stage2-requested',
  'straight-to-stage2',
  'stage2-statement-agreed',
  'stage2-extended',
  'adjudicated',
  'stage3-panel-scheduled',
  'on-hold',
  'hold-released',
] as const;

/** Case `i`: its export row and the same history as API calls. */
function scenario(i: number): Scenario {
  const kind = KINDS[i % KINDS.length]!;
  const j = Math.floor(i / KINDS.length) % 4;
  const luton = i % 3 === 0;
  const team = TEAMS[i % TEAMS.length]!;
  const row: Row = {
    sourceId: `LEG-${String(i).padStart(4, '0')}`,
    channel: 'letter',
    complainantName: `Complainant ${i}`,
    complainantType: 'parent',
    summary: `Imported complaint ${i}, "quoted", with a comma`,
    team,
    ...(luton ? { policy: 'luton' } : {}),
  };
  const steps: Scenario['steps'] = [];
  const step = (column: string | undefined, command: string, when: string, body: Record<string, unknown> = {}, columns: Row = {}) => {
    if (column) row[column] = when;
    Object.assign(row, columns);
    steps.push({ command, body: { ...body, at: when } });
  };
  const days = {
    untriaged: 1 + (j % 2),
    'untriaged-overdue': 10 + j,
    triaged: 2 + j * 3,
    acknowledged: 3 + j * 2,
    'stage1-extended': 8 + j,
    responded: 6 + j * 2,
    'dates-only': 7 + j,
    'stage2-requested': 20 + j,
    // Recent, like the held cases: a step sent now with an earlier `at` finds clocks the present has already marked
    // missed (the Stage 1 acknowledgement here, the response for a hold) and leaves them missed, where a case that
    // really went through these steps then (as an import replays it) had them still running: cancelled, or paused.
    'straight-to-stage2': 1 + (j % 2),
    'stage2-statement-agreed': 30 + j,
    'stage2-extended': 30 + j,
    adjudicated: 45 + j,
    'stage3-panel-scheduled': 60 + j,
    'on-hold': 4 + (j % 2),
    'hold-released': 6 + (j % 2),
  }[kind];
  const r = days;
  row.receivedAt = at(wd(r), 10);
  const create = { receivedAt: row.receivedAt, channel: 'letter', complainant: { name: row.complainantName, type: 'parent' }, summary: row.summary, team, ...(luton ? { policy: 'luton' } : {}) };
  if (kind === 'untriaged' || kind === 'untriaged-overdue') return { kind, row, create, steps };

  if (kind === 'dates-only') {
    // Plain dates in the export: triaged on the day of receipt (so at receipt), the rest at 00:00 London.
    row.triagedAt = wd(r);
    row.acknowledgedAt = wd(r - 1);
    row.respondedAt = wd(r - 4);
    steps.push({ command: 'triage', body: { decision: 'stage1', at: row.receivedAt } });
    steps.push({ command: 'acknowledge', body: { at: at(wd(r - 1), 0) } });
    if (luton) {
      row.clarifiedAt = wd(r - 1);
      steps.push({ command: 'clarify', body: { at: at(wd(r - 1), 0) } });
    }
    steps.push({ command: 'respond', body: { at: at(wd(r - 4), 0) } });
    return { kind, row, create, steps };
  }
  if (kind === 'straight-to-stage2') {
    step('triagedAt', 'triage', at(wd(r), 11), { decision: 'stage2' }, { triageDecision: 'stage2' });
    step('stage2AcknowledgedAt', 'acknowledge', at(wd(r - 1), 9));
    return { kind, row, create, steps };
  }

  step('triagedAt', 'triage', at(wd(r), 11), { decision: 'stage1' });
  if (kind === 'triaged') return { kind, row, create, steps };
  step('acknowledgedAt', 'acknowledge', at(wd(r - 1), 9.5));
  if (luton) step('clarifiedAt', 'clarify', at(wd(r - 1), 14));
  if (kind === 'acknowledged') return { kind, row, create, steps };
  if (kind === 'stage1-extended') {
    const extra = { deadline: 'stage1.respond', workingDays: 5 + j, reason: 'records requested from the school' };
    step('stage1ExtendedAt', 'extend', at(wd(r - 7), 10), extra, { stage1ExtensionDays: String(extra.workingDays), stage1ExtensionReason: extra.reason });
    return { kind, row, create, steps };
  }
  if (kind === 'on-hold' || kind === 'hold-released') {
    const held = kind === 'on-hold' ? 1 : r - 2;
    step('heldAt', 'hold', at(wd(held), 12), { reason: 'court-proceedings' }, { holdReason: 'court-proceedings' });
    if (kind === 'hold-released') step('holdReleasedAt', 'release-hold', at(wd(1), 12));
    return { kind, row, create, steps };
  }
  if (kind === 'responded') {
    step('respondedAt', 'respond', at(wd(r - 5), 15));
    return { kind, row, create, steps };
  }
  step('respondedAt', 'respond', at(wd(r - 9), 15));
  step('stage2RequestedAt', 'escalate', at(wd(r - 12), 10));
  step('stage2AcknowledgedAt', 'acknowledge', at(wd(r - 13), 9));
  if (kind === 'stage2-requested') return { kind, row, create, steps };
  const investigators = { investigatingOfficer: { id: `io-${i}`, team: 'Quality Assurance' }, independentPerson: { id: `ip-${i}` } };
  step('investigatorsAppointedAt', 'appoint-investigators', at(wd(r - 14), 10), investigators, {
    investigatingOfficer: `io-${i}`,
    investigatingOfficerTeam: 'Quality Assurance',
    independentPerson: `ip-${i}`,
  });
  if (luton) step('contactedAt', 'contact', at(wd(r - 15), 10));
  step('statementAgreedAt', 'agree-statement', at(wd(r - 16), 11));
  if (kind === 'stage2-statement-agreed') return { kind, row, create, steps };
  if (kind === 'stage2-extended') {
    const extra = { deadline: 'stage2.respond', workingDays: 10 + j, reason: 'a witness is away', complainantAgreed: true };
    step('stage2ExtendedAt', 'extend', at(wd(r - 22), 10), extra, { stage2ExtensionDays: String(extra.workingDays), stage2ExtensionReason: extra.reason, stage2ExtensionAgreed: 'yes' });
    return { kind, row, create, steps };
  }
  step('reportsSubmittedAt', 'submit-reports', at(wd(r - 35), 16), { reports: ['investigating-officer', 'independent-person'] });
  step('adjudicatedAt', 'adjudicate', at(wd(r - 36), 12));
  if (kind === 'adjudicated') return { kind, row, create, steps };
  // Stage 3: requested, acknowledged, a panel 28 WD after the request (still to come), notice and papers sent.
  step('stage3RequestedAt', 'escalate', at(wd(r - 40), 10));
  step('stage3AcknowledgedAt', 'acknowledge', at(wd(r - 41), 9));
  const panelDate = calendar.addWorkingDays(wd(r - 40), 28);
  step('panelScheduledAt', 'schedule-panel', at(wd(r - 41), 15), { panelDate }, { panelDate });
  step('panelNotifiedAt', 'notify-panel', at(wd(r - 45), 10));
  step('papersSentAt', 'send-papers', at(wd(r - 46), 10));
  return { kind, row, create, steps };
}

/** A case with fixed 2026 dates (those of three-stages-http.test.ts): Stage 2, statement agreed on Tue 31 Mar. */
const FIXED: Scenario = (() => {
  const row: Row = {
    sourceId: 'FIXED-1',
    receivedAt: '2026-03-02T09:00:00Z',
    channel: 'letter',
    complainantName: 'Sam Carer',
    complainantType: 'foster-carer',
    summary: 'Placement support was withdrawn without notice.',
    team: 'Fostering',
    triagedAt: '2026-03-02T10:00:00Z',
    acknowledgedAt: '2026-03-03T09:00:00Z',
    respondedAt: '2026-03-13T15:00:00Z',
    stage2RequestedAt: '2026-03-20T10:00:00Z',
    stage2AcknowledgedAt: '2026-03-23T09:00:00Z',
    investigatorsAppointedAt: '2026-03-24T09:00:00Z',
    investigatingOfficer: 'io-7',
    investigatingOfficerTeam: 'Quality Assurance',
    independentPerson: 'ip-3',
    statementAgreedAt: '2026-03-31T10:00:00+01:00',
  };
  return {
    kind: 'fixed',
    row,
    create: { receivedAt: row.receivedAt, channel: 'letter', complainant: { name: row.complainantName, type: 'foster-carer' }, summary: row.summary, team: 'Fostering' },
    steps: [
      { command: 'triage', body: { decision: 'stage1', at: row.triagedAt } },
      { command: 'acknowledge', body: { at: row.acknowledgedAt } },
      { command: 'respond', body: { at: row.respondedAt } },
      { command: 'escalate', body: { at: row.stage2RequestedAt } },
      { command: 'acknowledge', body: { at: row.stage2AcknowledgedAt } },
      { command: 'appoint-investigators', body: { at: row.investigatorsAppointedAt, investigatingOfficer: { id: 'io-7', team: 'Quality Assurance' }, independentPerson: { id: 'ip-3' } } },
      { command: 'agree-statement', body: { at: row.statementAgreedAt } },
    ],
  };
})();

const SCENARIOS = [FIXED, ...Array.from({ length: 199 }, (_, i) => scenario(i))];

function toCsv(rows: Row[]): string {
  const columns = IMPORT_COLUMNS.filter((c) => rows.some((r) => r[c] !== undefined));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}

interface ImportAnswer {
  dryRun: boolean;
  summary: Record<string, number>;
  results: Array<{ row: number; sourceId?: string; status: string; reference?: string; stage?: string; problems?: Array<{ field: string; message: string }> }>;
}

async function importRows(rows: Row[], options: { dryRun?: boolean; csv?: boolean; source?: string } = {}): Promise<ImportAnswer> {
  const res = await fetch(`${api.baseUrl}/v1/imports?dryRun=${options.dryRun ?? false}${options.source ? `&source=${options.source}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': options.csv ? 'text/csv' : 'application/json' },
    body: options.csv ? toCsv(rows) : JSON.stringify({ rows }),
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body as ImportAnswer;
}

/**
 * fetch, again when the connection drops: on a loaded machine a kept-alive
 * socket may close as a request goes out. Safe here: reads, and keyed POSTs.
 */
async function fetchAgain(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** A POST with an Idempotency-Key, retried with the same key while the API answers 503 (a loaded machine): applied once. */
async function post(pathname: string, body: unknown, key: string): Promise<Record<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetchAgain(`${api.baseUrl}${pathname}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status === 503 && attempt < 5) continue;
    expect(res.status, `${pathname}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  }
}

interface View {
  stage: string;
  status: string;
  onHold: boolean;
  deadlines: Array<{ key: string; kind: string; due: string; state: string; metAt: string | null; explanation: string }>;
  events: Array<{ action: string; detail?: Record<string, unknown> }>;
}

async function view(reference: string): Promise<View> {
  const res = await fetchAgain(`${api.baseUrl}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as View;
}

/** What must match: the clocks (with their explanations), stage, status and hold. */
function clocks(v: View) {
  return {
    stage: v.stage,
    status: v.status,
    onHold: v.onHold,
    // An import restarts the progress-update clock on the day it is imported (the old system's updates are not known);
    // step by step, the updates of the past are the steps logged (domain/complaint/transitions/stage2-steps.ts).
    deadlines: [...v.deadlines].filter((d) => d.key !== 'stage2.progress').sort((a, b) => a.key.localeCompare(b.key)).map((d) => ({ key: d.key, kind: d.kind, due: d.due, state: d.state, metAt: d.metAt, explanation: d.explanation })),
  };
}

/** `size` at a time; the first failure stops new work (so no test runs on in the background). */
async function inPool<T>(items: T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (!failed && next < items.length) {
        const index = next++;
        try {
          await work(items[index]!, index);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
}

async function countCases(): Promise<number> {
  const { rows } = await api.records.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  return rows[0]!.n;
}

describe('importing open cases from an older system', () => {
  const imported: string[] = [];

  it('gives 200 cases at mixed stages the deadlines they get when created step by step through the API', async () => {
    expect(new Set(SCENARIOS.map((s) => s.kind)).size).toBe(KINDS.length + 1);
    const started = Date.now();
    // Half the file as CSV, half as JSON, in chunks of 50 as the CLI sends them.
    for (let offset = 0; offset < SCENARIOS.length; offset += 50) {
      const chunk = SCENARIOS.slice(offset, offset + 50).map((s) => s.row);
      const answer = await importRows(chunk, { csv: offset % 100 === 0 });
      for (const result of answer.results) {
        expect(result, JSON.stringify(result)).toMatchObject({ status: 'started', sourceId: chunk[result.row - 1]!.sourceId });
        imported[offset + result.row - 1] = result.reference!;
      }
    }
    const importSeconds = (Date.now() - started) / 1000;
    expect(new Set(imported).size).toBe(SCENARIOS.length);
    // Let the imported cases take their first pass before 200 more cases load the same worker.
    await inPool(imported, 4, async (reference) => void (await view(reference)));
    const settledSeconds = (Date.now() - started) / 1000;

    // The same cases through the API, one step at a time, each backdated to when it happened.
    const stepwise: string[] = [];
    await inPool(SCENARIOS, 4, async (s, index) => {
      const run = `${s.row.sourceId}-${started}`;
      const created = await post('/v1/complaints', s.create, run);
      const reference = created.reference as string;
      for (const [n, { command, body }] of s.steps.entries()) await post(`/v1/complaints/${reference}/commands/${command}`, body, `${run}-${n}`);
      stepwise[index] = reference;
    });
    const stepwiseSeconds = (Date.now() - started) / 1000 - settledSeconds;

    const mismatches: string[] = [];
    await inPool(SCENARIOS, 4, async (s, index) => {
      // The workflows settle their first pass on their own time: compare until they agree, or report the difference.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const [a, b] = await Promise.all([view(imported[index]!), view(stepwise[index]!)]);
        if (JSON.stringify(clocks(a)) === JSON.stringify(clocks(b))) return;
        if (Date.now() > deadline) {
          mismatches.push(`${s.row.sourceId} (${s.kind}): imported ${JSON.stringify(clocks(a))}\n   step by step ${JSON.stringify(clocks(b))}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    });
    expect(mismatches).toEqual([]);
    console.info(`imported 200 cases in ${importSeconds.toFixed(1)} s (first passes done at ${settledSeconds.toFixed(1)} s); created them step by step in ${stepwiseSeconds.toFixed(1)} s`);

    // The fixed case's dates, literally: 25 WD after Tue 31 Mar 2026, skipping Easter and 4 May → Fri 8 May, long past now.
    const fixed = await view(imported[0]!);
    expect(clocks(fixed).deadlines.map((d) => `${d.key} ${d.due} ${d.state}`)).toEqual([
      'stage1.acknowledge 2026-03-05 met',
      'stage1.escalate 2026-04-14 met',
      'stage1.respond 2026-03-16 met',
      'stage2.acknowledge 2026-03-25 met',
      'stage2.respond 2026-05-08 missed',
    ]);
    expect(fixed.events.find((e) => e.action === 'imported')!.detail).toMatchObject({
      source: 'legacy',
      lettersNotResent: 'stage1-acknowledgement,stage1-response,stage2-acknowledgement,stage2-appointed,stage2-statement-agreed',
    });
    expect(fixed.deadlines.find((d) => d.key === 'stage2.progress')).toMatchObject({ state: 'pending', explanation: expect.stringMatching(/^imported \(earlier updates not known\) /) });
    // Nothing the old system sent is sent again: the imported case's only correspondence is one breach alert, for the overdue response.
    const sent = await eventuallyCorrespondence(imported[0]!, (c) => c.length > 0);
    expect(sent.map((c) => [c.kind, c.recipientRole])).toEqual([['breach-alert', 'complaints-manager']]);

    // Mixed stages really are mixed.
    const stages = new Set<string>();
    for (const ref of imported.slice(0, 30)) stages.add((await view(ref)).stage);
    expect([...stages].sort()).toEqual(['stage1', 'stage2', 'stage3']);
  }, 600_000);

  it('starts nothing on a second run: every row is already imported, with the same reference', async () => {
    const before = await countCases();
    for (let offset = 0; offset < SCENARIOS.length; offset += 100) {
      const answer = await importRows(SCENARIOS.slice(offset, offset + 100).map((s) => s.row), { csv: offset === 100 });
      expect(answer.summary).toMatchObject({ rows: 100, started: 0, alreadyImported: 100, invalid: 0 });
      for (const result of answer.results) expect(result.reference).toBe(imported[offset + result.row - 1]);
    }
    expect(await countCases()).toBe(before);
  }, 120_000);

  it("reports every bad row's problems in a dry run, and starts and writes nothing", async () => {
    const before = await countCases();
    const good: Row = { ...scenario(3).row, sourceId: 'NEW-1' };
    const rows: Row[] = [
      good,
      { ...good, sourceId: 'NEW-2', complainantName: '', channel: 'pigeon' },
      { ...good, sourceId: 'NEW-3', receivedAt: at(addDays(londonDateOf(Date.now()), 3), 10) },
      // Asked for Stage 2 before the response was given or overdue.
      { ...good, sourceId: 'NEW-4', triagedAt: good.receivedAt!, stage2RequestedAt: at(wd(2), 10) },
      { ...good },
      { ...good, sourceId: 'NEW-6', heldAt: at(wd(1), 9), holdReason: 'safeguarding', respondedAt: at(wd(1), 10) },
      { ...good, sourceId: 'NEW-7', favouriteColour: 'blue' },
      SCENARIOS[5]!.row,
    ];
    const answer = await importRows(rows, { dryRun: true });
    const byRow = answer.results.map((r) => [r.status, (r.problems ?? []).map((p) => `${p.field}: ${p.message}`)]);
    expect(byRow[0]).toEqual(['would-start', []]);
    expect(byRow[1]![0]).toBe('invalid');
    expect((byRow[1]![1] as string[]).map((p) => p.split(':')[0]).sort()).toEqual(['channel', 'complainantName']);
    expect(byRow[2]).toEqual(['invalid', ['receivedAt: is in the future']]);
    expect(byRow[3]![0]).toBe('invalid');
    expect((byRow[3]![1] as string[])[0]).toMatch(/^stage2RequestedAt: the Stage 1 response is not given and not overdue/);
    expect(byRow[4]).toEqual(['invalid', ['sourceId: repeats row 1']]);
    expect(byRow[5]![0]).toBe('invalid');
    expect((byRow[5]![1] as string[])[0]).toMatch(/^respondedAt: the case is on hold \(safeguarding\)/);
    expect(byRow[6]![0]).toBe('invalid');
    expect((byRow[6]![1] as string[])[0]).toMatch(/favouriteColour/);
    expect(answer.results[7]).toMatchObject({ status: 'already-imported', reference: imported[5] });
    expect(answer.summary).toEqual({ rows: 8, started: 0, alreadyImported: 1, wouldStart: 1, invalid: 6 });

    // Nothing was started or filed: the reference a real run would use is free.
    const reference = answer.results[0]!.reference!;
    const res = await fetch(`${api.baseUrl}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(await api.records.getCase(reference)).toBeUndefined();
    expect(await countCases()).toBe(before);
  });

  it('refuses what is not an import: a malformed CSV, another media type, a role without the right', async () => {
    const bad = await fetch(`${api.baseUrl}/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: 'sourceId,summary\nA,"open\n' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'body', message: 'line 2: a quoted field is never closed' }] });
    // Found by the fuzzer: a "CSV" with no case columns and no rows was a successful import of nothing.
    const noColumns = await fetch(`${api.baseUrl}/v1/imports?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: '{}' });
    expect(noColumns.status).toBe(400);
    const [problem] = ((await noColumns.json()) as { errors: Array<{ field: string; message: string }> }).errors;
    expect(problem!.field).toBe('body');
    expect(problem!.message).toMatch(/^the header line lacks the required columns sourceId, receivedAt, channel, complainantName, complainantType/);
    const text = await fetch(`${api.baseUrl}/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
    const empty = await fetch(`${api.baseUrl}/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"rows":[]}' });
    expect(await empty.json()).toMatchObject({ status: 400, errors: [{ field: 'rows' }] });
    const officer = await fetch(`${api.baseUrl}/v1/imports?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await api.token('complaints-officer')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [SCENARIOS[1]!.row] }),
    });
    expect(officer.status).toBe(403);
  });

  it('answers a retried request with the same Idempotency-Key as the first time, and refuses the key for another body', async () => {
    const send = (rows: Row[]) =>
      fetch(`${api.baseUrl}/v1/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'import-retry-1' },
        body: JSON.stringify({ rows }),
      });
    const rows = [{ ...scenario(7).row, sourceId: 'RETRY-1' }];
    const first = await send(rows);
    const firstBody = (await first.json()) as ImportAnswer;
    expect(firstBody.results).toMatchObject([{ status: 'started', sourceId: 'RETRY-1' }]);
    const before = await countCases();
    const retry = await send(rows);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(firstBody);
    expect(await countCases()).toBe(before);
    const other = await send([{ ...rows[0]!, sourceId: 'RETRY-2' }]);
    expect(other.status).toBe(409);
  });

  it('imports a file with the CLI, progress on stderr, and starts nothing when run again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-import-'));
    try {
      const file = path.join(dir, 'export.csv');
      fs.writeFileSync(file, toCsv([0, 1, 2].map((i) => ({ ...scenario(i).row, sourceId: `CLI-${i}` }))));
      const run = (...extra: string[]) =>
        promisify(execFile)('npx', ['tsx', 'scripts/import.ts', file, '--api', api.baseUrl, '--source', 'cli-test', '--chunk', '2', ...extra], {
          env: { ...process.env, IMPORT_TOKEN: token },
        });
      const dry = await run('--dry-run');
      expect(dry.stdout.trim()).toBe('dry run: 3 rows; started 0, already imported 0, would start 3, with problems 0');
      const first = await run();
      expect(first.stderr).toContain('imported 2/3: started 2');
      expect(first.stderr).toContain('imported 3/3: started 3');
      expect(first.stdout.trim()).toBe('3 rows; started 3, already imported 0, would start 0, with problems 0');
      const again = await run();
      expect(again.stdout.trim()).toBe('3 rows; started 0, already imported 3, would start 0, with problems 0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

async function eventuallyCorrespondence(reference: string, done: (c: Awaited<ReturnType<ApiHarness['records']['listCorrespondence']>>) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const c = await api.records.listCorrespondence(reference);
    if (done(c) || Date.now() > deadline) return c;
    await new Promise((r) => setTimeout(r, 200));
  }
}
