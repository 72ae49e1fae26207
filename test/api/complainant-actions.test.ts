import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complainantAct } from '../../api/complainant/actions';
import { WorkingDayCalendar } from '../../domain/calendar';
import { londonDateOf } from '../../domain/dates';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * `complainantAct` against the real dev server, beside the staff API: the
 * complainant's request is an Update with the complainant as actor, the
 * staff's case view and chronology show it, a retried call with the same
 * key applies once, and staff can neither claim `by` nor skip the
 * complainant's answer to an extension.
 */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
type Json = any;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token('complaints-manager')}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

// Dated in London working days back from today, so the window to ask for Stage 2 is open whenever this runs.
const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
const today = londonDateOf(Date.now());
const wd = (n: number) => calendar.subtractWorkingDays(today, n);
const at = (n: number, hour = 10) => new Date(`${wd(n)}T${String(hour).padStart(2, '0')}:00:00Z`).toISOString();
const ME = { part: 'complainant', isComplainant: true } as const;

describe('the complainant acts beside the staff API (dev server)', () => {
  it('asks for Stage 2 once however often the call is retried with its key; staff see the complainant as actor', async () => {
    const created = await call('POST', '/v1/complaints', {
      receivedAt: at(8, 9),
      channel: 'online',
      complainant: { name: 'A Parent (fictional)', type: 'parent' },
      summary: 'Contact arrangements changed without notice',
      history: [
        { command: 'triage', at: at(8), decision: 'stage1' },
        { command: 'acknowledge', at: at(7) },
        { command: 'respond', at: at(3) },
      ],
    });
    expect(created.status).toBe(201);
    const ref = created.body.reference as string;
    const deps = { client: api.client, records: api.records };

    const [first, second] = await Promise.all([
      complainantAct(deps, ME, ref, 'escalate', { reasons: 'My points were not answered' }, 'stage2-please'),
      complainantAct(deps, ME, ref, 'escalate', { reasons: 'My points were not answered' }, 'stage2-please'),
    ]);
    // Asked today: the acknowledgement is due 3 working days from the day it counts as received.
    const ackDue = calendar.addWorkingDays(calendar.receiptDate(Date.now(), ENGLAND_STATUTORY_POLICY.receipt), 3);
    expect(first).toMatchObject({ reference: ref, outcome: 'next-stage-accepted', due: ackDue });
    expect(second).toEqual(first);
    const third = await complainantAct(deps, ME, ref, 'escalate', { reasons: 'My points were not answered' }, 'stage2-please');
    expect(third).toEqual(first);

    const staff = await call('GET', `/v1/complaints/${ref}`);
    expect(staff.body).toMatchObject({ stage: 'stage2', status: 'in-progress' });
    expect(staff.body.deadlines.find((d: Json) => d.key === 'stage2.acknowledge')).toMatchObject({ due: ackDue, state: 'pending' });
    expect(staff.body.events.filter((e: Json) => e.action === 'escalated')).toEqual([
      expect.objectContaining({ actor: 'complainant', detail: { to: 'stage2', reasonsGiven: true, by: 'complainant' } }),
    ]);
    const chronology = await eventually(
      () => call('GET', `/v1/complaints/${ref}/chronology`),
      (c) => c.status === 200 && c.body.entries.some((e: Json) => e.event?.action === 'escalated'),
    );
    expect(chronology.body.entries.find((e: Json) => e.event?.action === 'escalated')).toMatchObject({
      label: 'The complainant asked for Stage 2: the request is accepted',
      who: 'the complainant',
    });

    // Staff may not claim the complainant's hand, nor answer an extension that was never asked.
    const claimed = await call('POST', `/v1/complaints/${ref}/commands/withdraw`, { by: 'complainant' });
    expect(claimed.status).toBe(400);
    const unasked = await call('POST', `/v1/complaints/${ref}/commands/answer-extension`, { agree: true });
    expect(unasked).toMatchObject({ status: 409, body: { detail: 'the council has asked for no extension that awaits an answer' } });
  });
});
