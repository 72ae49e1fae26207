import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { formatLong, londonDateOf } from '../../domain/dates';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * The response letter with its findings and the action-plan-completed letter
 * through the API, the dev server, the records store and the outbox (Luton
 * 14.7, 17.1; BANES 9.4); and findings' new fields refused with a 400 when bad.
 */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, role: Role, payload?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role)}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    body: payload ? JSON.stringify(payload) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const letter = (ref: string, template: string) =>
  eventually(
    async () => ((await call('GET', `/v1/complaints/${ref}/correspondence`, 'complaints-manager')).body.correspondence as Array<{ template: string; body: string }>).filter((l) => l.template === template),
    (l) => l.length > 0,
  );

describe('letters that carry their content, through the API', () => {
  it('responds with findings: the letter lists them, with the sum and the action\'s date; the plan\'s completion is written once', async () => {
    // Dated now: the letters of steps dated today are sent.
    const created = await call('POST', '/v1/complaints', 'complaints-officer', {
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      channel: 'email',
      complainant: { name: 'Jo Letters', type: 'parent', email: 'jo@example.org' },
      summary: 'The review was late',
      team: `Fostering ${Date.now()}`,
    });
    expect(created.status).toBe(201);
    const ref = created.body.reference as string;
    expect((await call('POST', `/v1/complaints/${ref}/commands/triage`, 'complaints-officer', { decision: 'stage1' })).status).toBe(200);

    const findings = {
      heads: [{ head: '1', finding: 'upheld', category: 'delay-in-decision-or-service', remedies: [{ type: 'financial-redress', amountPence: 12345 }], reasons: 'The review was six weeks late.' }],
      recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 5, action: 'Book every review a month ahead' }],
    };
    const blank = await call('POST', `/v1/complaints/${ref}/commands/respond`, 'complaints-officer', { findings: { ...findings, heads: [{ ...findings.heads[0], reasons: ' ' }] } });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toContain('reasons');
    const long = await call('POST', `/v1/complaints/${ref}/commands/respond`, 'complaints-officer', { findings: { ...findings, recommendations: [{ ...findings.recommendations[0], action: 'x'.repeat(2_001) }] } });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('action');

    const responded = await call('POST', `/v1/complaints/${ref}/commands/respond`, 'complaints-officer', { findings });
    expect(responded.status).toBe(200);
    expect(responded.body.findings).toEqual([expect.objectContaining({ stage: 'stage1', findings: expect.objectContaining({ heads: [expect.objectContaining({ reasons: 'The review was six weeks late.' })] }) })]);

    const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
    const today = londonDateOf(Date.now());
    const [response] = await letter(ref, 'stage1-response');
    // The correspondence keeps the letter's plain text.
    expect(response!.body).toContain('- Part 1 (about delay in a decision or service): upheld. The review was six weeks late.');
    expect(response!.body).toContain('- Part 1: a payment of £123.45.');
    expect(response!.body).toContain(`- Book every review a month ahead: hos-1 will do this by ${formatLong(calendar.addWorkingDays(today, 5))}.`);

    const r1 = `${ref}-stage1-R1`;
    await eventually(async () => (await call('GET', `/v1/actions/${r1}`, 'complaints-manager')).status, (s) => s === 200);
    const done = await call('POST', `/v1/actions/${r1}/commands/complete`, 'complaints-manager', { evidence: { reference: 'DOC-9' } });
    expect(done.status).toBe(200);
    const [completed] = await letter(ref, 'action-plan-completed');
    expect(completed!.body).toContain(`at Stage 1, we told you what we would do. All of it is now done:\n\n- Book every review a month ahead: done on ${formatLong(londonDateOf(Date.parse(done.body.completedAt as string)))}`);
    // Once: nothing more comes.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await letter(ref, 'action-plan-completed')).toHaveLength(1);
  });
});
