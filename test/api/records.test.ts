import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { formatLong } from '../../domain/dates';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, role: Role, body?: unknown): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    // A service manager works the team of the cases here (the `teams` claim: the access rule, domain/access.ts).
    headers: { authorization: `Bearer ${await api.token(role, undefined, role === 'service-manager' ? [team] : undefined)}`, ...(body ? { 'content-type': 'application/json' } : {}), accept: path.endsWith('.html') ? 'text/html' : 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}

let team = `Leaving Care ${Date.now()}`;
function complaint(name: string, receivedAt: string) {
  return {
    receivedAt,
    channel: 'email',
    complainant: { name, type: 'care-leaver', email: `${name.split(' ')[0]!.toLowerCase()}@example.org` },
    summary: `Pathway plan not reviewed (${name})`,
    desiredOutcome: 'A review this month',
    team,
  };
}

describe('the system of record behind the API', () => {
  it('files personal data in the records store; the case view shows it to staff who need it, never to the auditor; every read is audited', async () => {
    const created = await call('POST', '/v1/complaints', 'complaints-officer', complaint('Robin Ash', '2026-11-16T09:00:00Z'));
    expect(created.status).toBe(201);
    const ref = created.body.reference as string;

    const staff = await call('GET', `/v1/complaints/${ref}`, 'service-manager');
    expect(staff.body).toMatchObject({ reference: ref, summary: 'Pathway plan not reviewed (Robin Ash)', channel: 'email' });
    expect(staff.body.people).toEqual([expect.objectContaining({ role: 'complainant', name: 'Robin Ash', type: 'care-leaver' })]);

    const auditor = await call('GET', `/v1/complaints/${ref}`, 'auditor');
    expect(auditor.status).toBe(200);
    expect(auditor.body.people).toBeUndefined();
    expect(auditor.text).not.toContain('Robin Ash');

    const access = await call('GET', `/v1/audit/access?reference=${ref}`, 'auditor');
    expect(access.body.access).toEqual([expect.objectContaining({ reference: ref, actor: 'service-manager-1', action: 'read' })]);
    expect((await call('GET', `/v1/audit/access?reference=${ref}`, 'complaints-officer')).status).toBe(403);
  });

  it('the workflow keeps the record: events and deadlines synced, letters in the outbox with reference, due date and the Ombudsman', async () => {
    // Dated today: the letter of a step dated an earlier day is sent only when asked for (sendLetter).
    const received = Date.now() - 60_000;
    const ref = (await call('POST', '/v1/complaints', 'complaints-officer', complaint('Sky Birch', new Date(received).toISOString()))).body.reference as string;
    await call('POST', `/v1/complaints/${ref}/commands/triage`, 'complaints-officer', { decision: 'stage1' });
    await call('POST', `/v1/complaints/${ref}/commands/acknowledge`, 'complaints-officer', {});

    const letters = await eventually(
      async () => (await call('GET', `/v1/complaints/${ref}/correspondence`, 'complaints-manager')).body.correspondence as Array<{ template: string; body: string; channel: string }>,
      (l) => l.some((x) => x.template === 'stage1-acknowledgement'),
    );
    const ack = letters.find((l) => l.template === 'stage1-acknowledgement')!;
    expect(ack.channel).toBe('outbox');
    expect(ack.body).toContain(ref);
    // The response is due 10 working days after receipt.
    const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
    expect(ack.body).toContain(`by ${formatLong(calendar.addWorkingDays(calendar.receiptDate(received, { nonWorkingDay: 'next-working-day' }), 10))}.`);
    expect(ack.body.trim().split('\n').slice(-6).join('\n')).toMatch(/Ombudsman/);
    expect(ack.body).toMatch(/advocate/i); // a care leaver is offered an independent advocate

    type Entry = { at: string; type: 'event' | 'correspondence'; event?: { action: string; actor: string } };
    const chronology = await eventually(
      async () => (await call('GET', `/v1/complaints/${ref}/chronology`, 'complaints-manager')).body.entries as Entry[],
      (e) => e.some((x) => x.event?.action === 'acknowledged') && e.some((x) => x.type === 'correspondence'),
    );
    expect(chronology.filter((e) => e.type === 'event').map((e) => e.event!.action)).toEqual(
      expect.arrayContaining(['case-recorded', 'received', 'triaged', 'acknowledged']),
    );
    expect(chronology.map((e) => e.at)).toEqual([...chronology.map((e) => e.at)].sort());
    const html = await fetch(`${api.baseUrl}/v1/complaints/${ref}/chronology`, {
      headers: { authorization: `Bearer ${await api.token('complaints-manager')}`, accept: 'text/html' },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain(`Chronology of complaint ${ref}`);
    expect(page).toContain('Letter to the complainant: acknowledgement of the complaint');
  });

  it('flags at creation a complainant no letter can reach, and files their letters as needing a channel, never as sent', async () => {
    // Logged by phone, with neither email nor postal address; steps dated now, so their letters are due now.
    const receivedAt = new Date(Date.now() - 60 * 60_000).toISOString();
    const created = await call('POST', '/v1/complaints', 'complaints-officer', {
      receivedAt,
      channel: 'phone',
      complainant: { name: 'Lee Phone', type: 'parent' },
      summary: 'No call back about contact',
      team,
    });
    expect(created.status).toBe(201);
    expect(created.body.contact).toEqual({ channel: null, warning: 'no email or postal address: letters cannot be sent until one is added' });
    const ref = created.body.reference as string;
    expect((await call('GET', `/v1/complaints/${ref}`, 'complaints-manager')).body.contact).toEqual(created.body.contact);
    // The auditor's summary has no contact details, nor the warning about them.
    expect((await call('GET', `/v1/complaints/${ref}`, 'auditor')).body.contact).toBeUndefined();

    await call('POST', `/v1/complaints/${ref}/commands/triage`, 'complaints-officer', { decision: 'stage1' });
    await call('POST', `/v1/complaints/${ref}/commands/acknowledge`, 'complaints-officer', {});
    type Letter = { template: string; channel: string; status: string; sentAt: string | null };
    const letters = await eventually(
      async () => (await call('GET', `/v1/complaints/${ref}/correspondence`, 'complaints-manager')).body.correspondence as Letter[],
      (l) => l.some((x) => x.template === 'stage1-acknowledgement'),
    );
    expect(letters.filter((l) => l.template === 'stage1-acknowledgement').map((l) => [l.channel, l.status, l.sentAt])).toEqual([['outbox', 'needs-channel', null]]);

    // One with an email is reached by email.
    const reachable = await call('POST', '/v1/complaints', 'complaints-officer', complaint('Ash Mail', receivedAt));
    expect(reachable.body.contact).toEqual({ channel: 'email' });
  });

  it('lists cases from the record with filters and cursor pagination', async () => {
    team = `Fostering ${Date.now()}`;
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) {
      refs.push((await call('POST', '/v1/complaints', 'complaints-officer', complaint(`Person ${i}`, `2026-11-1${i}T09:00:00Z`))).body.reference);
    }
    await call('POST', `/v1/complaints/${refs[0]}/commands/triage`, 'complaints-officer', { decision: 'stage1' });
    await call('POST', `/v1/complaints/${refs[0]}/commands/hold`, 'complaints-officer', { reason: 'safeguarding' });
    const held = await eventually(
      async () => (await call('GET', `/v1/complaints?team=${encodeURIComponent(team)}&onHold=true`, 'auditor')).body.cases as Array<{ reference: string }>,
      (c) => c.length === 1,
    );
    expect(held.map((c) => c.reference)).toEqual([refs[0]]);

    const page1 = await call('GET', `/v1/complaints?team=${encodeURIComponent(team)}&limit=2`, 'auditor');
    expect(page1.body.cases).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await call('GET', `/v1/complaints?team=${encodeURIComponent(team)}&limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`, 'auditor');
    const all = [...page1.body.cases, ...page2.body.cases].map((c: { reference: string }) => c.reference);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(refs));
    expect(JSON.stringify(page1.body)).not.toContain('Person 0');

    const bad = await call('GET', '/v1/complaints?onHold=perhaps&limit=0', 'auditor');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'onHold']);
    expect((await call('GET', '/v1/complaints?cursor=garbage', 'auditor')).status).toBe(400);
  });

  it('serves the annual report to managers, directors and auditors only, as JSON, CSV or a printable page', async () => {
    const ref = (await call('POST', '/v1/complaints', 'complaints-officer', complaint('Report Person', '2026-11-18T09:00:00Z'))).body.reference as string;
    await call('POST', `/v1/complaints/${ref}/commands/triage`, 'complaints-officer', { decision: 'stage1' });
    const report = await eventually(
      async () => (await call('GET', '/v1/reports/annual?from=2026-11-18&to=2026-11-18', 'auditor')).body,
      (r) => r?.stages?.stage1?.received >= 1,
    );
    expect(report.period).toEqual({ from: '2026-11-18', to: '2026-11-18' });
    expect(JSON.stringify(report)).not.toContain('Report Person');
    expect((await call('GET', '/v1/reports/annual?from=2026-11-18&to=2026-11-18', 'complaints-officer')).status).toBe(403);
    const bad = await call('GET', '/v1/reports/annual?from=2026-12-01&to=2026-11-01', 'director');
    expect(bad.status).toBe(400);
    const csv = await call('GET', '/v1/reports/annual?from=2026-11-18&to=2026-11-18&format=csv', 'director');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n').length).toBeGreaterThan(10);
    const html = await call('GET', '/v1/reports/annual?from=2026-11-18&to=2026-11-18&format=html', 'complaints-manager');
    expect(html.text).toContain('<svg');
  });
});
