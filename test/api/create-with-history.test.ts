import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, role: Role, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role)}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

const paper = {
  receivedAt: '2026-10-01T09:00:00Z',
  channel: 'letter',
  complainant: { name: 'Morgan Paper', type: 'parent', address: '1 High Street' },
  summary: 'A paper complaint logged weeks after it arrived.',
};

describe('creating a case with its past steps (dev server)', () => {
  it('replays the history at its dates: duties met, no alert, and only the letter asked for, without a date gone', async () => {
    const created = await call('POST', '/v1/complaints', 'complaints-officer', {
      ...paper,
      history: [
        { command: 'triage', at: '2026-10-01T10:00:00Z', decision: 'stage1' },
        { command: 'acknowledge', at: '2026-10-02T10:00:00Z', sendLetter: true },
        { command: 'respond', at: '2026-10-14T10:00:00Z' },
      ],
    });
    expect(created.status).toBe(201);
    const view = created.body;
    // Received Thu 1 Oct 2026: acknowledge by Tue 6 Oct, respond by Thu 15 Oct; responded Wed 14 Oct → window to Wed 11 Nov.
    expect(view.deadlines.map((d: { key: string; due: string; state: string }) => [d.key, d.due, d.state])).toEqual([
      ['stage1.acknowledge', '2026-10-06', 'met'],
      ['stage1.respond', '2026-10-15', 'met'],
      // The window ran out on 11 Nov; within the grace period a request logged for it still counts, so the case stays open.
      ['stage1.escalate', '2026-11-11', 'missed'],
    ]);
    expect(view.events.map((e: { action: string }) => e.action)).toEqual(['received', 'triaged', 'acknowledged', 'responded', 'imported']);
    expect(view.events.at(-1).detail).toMatchObject({ source: 'history', lettersNotResent: 'stage1-response' });
    expect(view.events[2].actor).toBe(view.events[1].actor);

    const ref = view.reference as string;
    const sent = await eventually(
      async () => (await call('GET', `/v1/complaints/${ref}/correspondence`, 'complaints-manager')).body.correspondence as Array<{ kind: string; template: string; body: string }>,
      (c) => c.length > 0,
    );
    // Within the grace period the case is not judged: the lapsed window waits, nothing alerts.
    await new Promise((r) => setTimeout(r, 2_000));
    const after = (await call('GET', `/v1/complaints/${ref}/correspondence`, 'complaints-manager')).body.correspondence as typeof sent;
    expect(after.map((c) => `${c.kind}:${c.template}`)).toEqual(['letter:stage1-acknowledgement']);
    expect(sent[0]!.body).toContain(`Your reference number is ${ref}.`);
    expect(sent[0]!.body).not.toMatch(/15 Oct|within 10 working days/);
    expect((await call('GET', `/v1/complaints/${ref}`, 'complaints-officer')).body).toMatchObject({ stage: 'stage1', status: 'awaiting-escalation' });
  });

  it('answers a history the procedure refuses, or a step with a wrong field, with a 400 naming the step', async () => {
    const refused = await call('POST', '/v1/complaints', 'complaints-officer', { ...paper, history: [{ command: 'respond', at: '2026-10-14T10:00:00Z' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'history.0', message: 'respond: the complaint has not been triaged yet' }]);

    const wrong = await call('POST', '/v1/complaints', 'complaints-officer', {
      ...paper,
      history: [{ command: 'triage', at: '2026-10-01T10:00:00Z', decision: 'stage9' }, { command: 'fly', at: '2026-10-02T10:00:00Z' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['history.1.command']);

    const badStep = await call('POST', '/v1/complaints', 'complaints-officer', { ...paper, history: [{ command: 'triage', at: '2026-10-01T10:00:00Z', decision: 'stage9' }] });
    expect(badStep.status).toBe(400);
    expect(badStep.body.errors.map((e: { field: string }) => e.field)).toEqual(['history.0.decision']);
  });

  it("refuses a past step the caller's roles may not take (403 naming it) and starts nothing; a manager may log it", async () => {
    const history = [
      { command: 'triage', at: '2026-10-01T10:00:00Z', decision: 'stage1' },
      { command: 'respond', at: '2026-10-14T10:00:00Z' },
      { command: 'close', at: '2026-10-20T10:00:00Z', outcome: 'resolved' },
    ];
    const summary = 'A closed paper complaint, logged with its past.';
    const filed = async () => (await api.records.db.query('SELECT 1 FROM cases WHERE summary = $1', [summary])).rows.length;
    const officer = await call('POST', '/v1/complaints', 'complaints-officer', { ...paper, summary, history });
    expect(officer.status).toBe(403);
    expect(officer.body.detail).toBe('history.2: the close command needs one of the roles: complaints-manager');
    expect(await filed()).toBe(0);

    const manager = await call('POST', '/v1/complaints', 'complaints-manager', { ...paper, summary, history });
    expect(manager.status).toBe(201);
    expect(manager.body).toMatchObject({ stage: 'closed', outcome: { kind: 'resolved', stage: 'stage1' } });
    expect(await filed()).toBe(1);
  });
});
