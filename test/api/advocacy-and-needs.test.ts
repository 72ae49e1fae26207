import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { WorkingDayCalendar } from '../../domain/calendar';
import { londonDateOf } from '../../domain/dates';
import { defaultCalendarData } from '../../domain/holidays';
import { caseViewQuery } from '../../workflows/complaint/messages';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * Advocacy tracked as steps (s.26A Children Act 1989) and communication needs
 * (Luton 3.3, 13.4, 13.7) on real cases through the API on the dev server.
 */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
type Json = any;

async function call(method: string, path: string, role: Role, body?: unknown) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

// Dated in London working days back from today, so the complainant's window is still open whenever this runs.
const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
const today = londonDateOf(Date.now());
const wd = (n: number) => calendar.subtractWorkingDays(today, n);
const at = (n: number, hour = 10) => new Date(`${wd(n)}T${String(hour).padStart(2, '0')}:00:00Z`).toISOString();

const OWED =
  'An offer of an independent advocate is owed to the child the complaint is about (s.26A Children Act 1989): record it with the advocacy command (event offered, to child).';

describe('advocacy (s.26A), as steps with dates', () => {
  it("shows an offer owed to the child of an adult's complaint until one is recorded; tracks the answer; an advocate may join after closing", async () => {
    const created = await call('POST', '/v1/complaints', 'complaints-manager', {
      receivedAt: at(8, 9),
      channel: 'letter',
      complainant: { name: 'A Grandparent (fictional)', type: 'grandparent' },
      child: { name: 'Sam (fictional)' },
      summary: 'Contact arrangements changed without notice',
      history: [{ command: 'triage', at: at(8), decision: 'stage1' }],
    });
    expect(created.status).toBe(201);
    const ref = created.body.reference as string;
    const advocacy = (body: Record<string, unknown>) => call('POST', `/v1/complaints/${ref}/commands/advocacy`, 'complaints-manager', body);

    let view = (await call('GET', `/v1/complaints/${ref}`, 'complaints-manager')).body;
    expect(view.advocacy.warnings).toEqual([OWED]);
    expect(view.advocacy.child).toEqual({ to: 'child', offeredAt: null, answer: null, answeredAt: null, hasAdvocate: false, service: null });

    const early = await advocacy({ event: 'accepted', to: 'child', at: at(7) });
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe('no offer of advocacy to the child is recorded: record the offer first (event offered)');
    // An organisation, never a person's name in a free field.
    expect((await advocacy({ event: 'offered', to: 'child', service: 'Jo <script>' })).status).toBe(400);

    expect((await advocacy({ event: 'offered', to: 'child', at: at(7), service: 'NYAS' })).status).toBe(200);
    view = (await call('GET', `/v1/complaints/${ref}`, 'complaints-manager')).body;
    expect(view.advocacy.warnings).toEqual([]);
    expect((await advocacy({ event: 'accepted', to: 'child', at: at(6) })).status).toBe(200);
    expect((await advocacy({ event: 'advocate-joined', to: 'child', at: at(5), service: 'NYAS' })).status).toBe(200);
    expect((await advocacy({ event: 'declined', to: 'child', at: at(5) })).body.detail).toBe(
      `the child already accepted the offer made at ${at(7)}: record a new offer first`,
    );
    expect((await advocacy({ event: 'offered', to: 'complainant', at: at(5) })).status).toBe(200);
    expect((await advocacy({ event: 'declined', to: 'complainant', at: at(5, 11) })).status).toBe(200);

    // Closed as resolved after the response: the complainant's window stays open, and an advocate may still join.
    expect((await call('POST', `/v1/complaints/${ref}/commands/respond`, 'complaints-manager', { at: at(3) })).status).toBe(200);
    const closed = await call('POST', `/v1/complaints/${ref}/commands/close`, 'complaints-manager', { at: at(2), outcome: 'resolved' });
    expect(closed.body.status).toBe('closed');
    const joined = await advocacy({ event: 'advocate-joined', to: 'complainant', at: at(1), service: 'Citizens Advice' });
    expect(joined.status).toBe(200);
    expect(joined.body.status).toBe('closed');
    expect(joined.body.advocacy.steps).toEqual([
      { event: 'offered', to: 'child', at: at(7), service: 'NYAS' },
      { event: 'accepted', to: 'child', at: at(6) },
      { event: 'advocate-joined', to: 'child', at: at(5), service: 'NYAS' },
      { event: 'offered', to: 'complainant', at: at(5) },
      { event: 'declined', to: 'complainant', at: at(5, 11) },
      { event: 'advocate-joined', to: 'complainant', at: at(1), service: 'Citizens Advice' },
    ]);
    expect(joined.body.advocacy.child).toEqual({ to: 'child', offeredAt: at(7), answer: 'accepted', answeredAt: at(6), hasAdvocate: true, service: 'NYAS' });
    expect(joined.body.advocacy.complainant).toEqual({ to: 'complainant', offeredAt: at(5), answer: 'declined', answeredAt: at(5, 11), hasAdvocate: true, service: 'Citizens Advice' });
    const chronology = await eventually(
      async () => (await call('GET', `/v1/complaints/${ref}/chronology`, 'complaints-manager')).body.entries as Array<{ label: string; details: string[] }>,
      (entries) => entries.some((e) => e.label === 'An advocate joined, for the complainant'),
    );
    expect(chronology.find((e) => e.label === 'Independent advocate offered to the child')?.details).toEqual(['Advocacy service: NYAS']);
  });

  it('owes no offer to a child when a young person complains for themselves', async () => {
    const created = await call('POST', '/v1/complaints', 'complaints-manager', {
      receivedAt: at(1, 9),
      channel: 'online',
      complainant: { name: 'A Young Person (fictional)', type: 'young-person' },
      summary: 'My placement moved without telling me',
    });
    expect(created.body.reference).toBeTruthy();
    expect((await call('GET', `/v1/complaints/${created.body.reference}`, 'complaints-manager')).body.advocacy.warnings).toEqual([]);
  });
});

describe('communication needs', () => {
  it('are stored, changed, carried by each letter made after, and kept out of workflow state, search attributes and logs', async () => {
    const written: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map(String).join(' '));
        original(...args);
      });
    }
    const arrangements = 'Step-free room; no calls before 10:00 (fictional)';
    const created = await call('POST', '/v1/complaints', 'complaints-manager', {
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      channel: 'letter',
      complainant: { name: 'A Parent (fictional)', type: 'parent', address: '1 High Street, Newtown NT1 1AA' },
      summary: 'Contact arrangements changed without notice',
      communicationNeeds: { format: 'large-print', language: 'pl', interpreter: true, arrangements },
    });
    expect(created.status).toBe(201);
    const ref = created.body.reference as string;
    const first = { format: 'large-print', language: 'pl', interpreter: true, bsl: false, arrangements };
    expect((await call('GET', `/v1/complaints/${ref}`, 'complaints-manager')).body.communicationNeeds).toEqual(first);
    expect((await call('POST', `/v1/complaints/${ref}/commands/triage`, 'complaints-manager', { decision: 'stage1' })).status).toBe(200);
    expect((await call('POST', `/v1/complaints/${ref}/commands/acknowledge`, 'complaints-manager', {})).status).toBe(200);

    type Letter = { noticeId: number; template: string; channel: string; body: string; bodyHtml: string; communicationNeeds: unknown };
    const letters = () => call('GET', `/v1/complaints/${ref}/correspondence`, 'complaints-manager').then((r) => r.body.correspondence as Letter[]);
    const acknowledged = (await eventually(letters, (l) => l.some((x) => x.template === 'stage1-acknowledgement'))).find((x) => x.template === 'stage1-acknowledgement')!;
    expect(acknowledged.communicationNeeds).toEqual(first);
    expect(acknowledged.body.split('\n\n')[0]).toBe(
      `FOR STAFF, NOT THE COMPLAINANT: communication needs apply: send it in large print; translate it (language: pl); an interpreter is needed; arrangements: ${arrangements}. Make that copy and take this line off before posting.`,
    );
    expect(acknowledged.body.split('\n\n')[1]).toBe('Complaints Team\nTest Council'); // then the letter as printed
    expect(acknowledged.bodyHtml).toContain('<p class="staff-only"><strong>FOR STAFF, NOT THE COMPLAINANT: communication needs apply: send it in large print;');

    // Changed: only letters made after it carry the change.
    expect((await call('PUT', `/v1/complaints/${ref}/communication-needs`, 'complaints-manager', { format: 'tiny' })).status).toBe(400);
    expect((await call('PUT', `/v1/complaints/${ref}/communication-needs`, 'investigating-officer', { format: 'standard' })).status).toBe(404);
    const changed = await call('PUT', `/v1/complaints/${ref}/communication-needs`, 'complaints-manager', { format: 'standard', bsl: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ reference: ref, communicationNeeds: { format: 'standard', interpreter: false, bsl: true } });
    expect((await call('POST', `/v1/complaints/${ref}/commands/extend`, 'complaints-manager', { deadline: 'stage1.respond', workingDays: 5, reason: 'An advocate is being arranged' })).status).toBe(200);
    const after = await eventually(letters, (l) => l.some((x) => x.template === 'extension'));
    const extension = after.find((x) => x.template === 'extension')!;
    expect(extension.communicationNeeds).toEqual({ format: 'standard', interpreter: false, bsl: true });
    expect(extension.body.split('\n\n')[0]).toBe(
      'FOR STAFF, NOT THE COMPLAINANT: communication needs apply: British Sign Language is needed. Make that copy and take this line off before posting.',
    );
    expect(after.find((x) => x.template === 'stage1-acknowledgement')!.communicationNeeds).toEqual(first);
    // Standard needs and nothing else: no line for staff.
    await call('PUT', `/v1/complaints/${ref}/communication-needs`, 'complaints-manager', { format: 'standard' });
    expect((await call('POST', `/v1/complaints/${ref}/commands/respond`, 'complaints-manager', {})).status).toBe(200);
    const response = (await eventually(letters, (l) => l.some((x) => x.template === 'stage1-response'))).find((x) => x.template === 'stage1-response')!;
    expect(response.body.startsWith('Complaints Team\nTest Council\n\nA Parent (fictional)')).toBe(true);

    // Never in the workflow: its state (the view it answers), search attributes and memo; and never in a log line.
    const handle = api.client.workflow.getHandle(ref);
    const inWorkflow = JSON.stringify(await handle.query(caseViewQuery));
    const described = await handle.describe();
    const operators = JSON.stringify([described.searchAttributes, described.typedSearchAttributes, described.memo]);
    for (const text of [inWorkflow, operators, written.join('\n')]) {
      for (const needle of ['large-print', 'Step-free', 'interpreter', 'bsl', '"pl"', 'communicationNeeds']) expect(text).not.toContain(needle);
    }
  });
});
