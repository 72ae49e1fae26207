import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { londonDateOf } from '../../domain/dates';
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
async function body(res: Response): Promise<any> {
  return res.json();
}

interface As {
  role?: Role;
  subject?: string;
  /** The token's `teams` claim: a service manager reaches the cases of their teams. */
  teams?: string[];
  key?: string;
}

async function post(path: string, payload: unknown, as: As = {}) {
  return fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await api.token(as.role ?? 'complaints-officer', as.subject, as.teams)}`,
      ...(as.key ? { 'idempotency-key': as.key } : {}),
    },
    body: JSON.stringify(payload),
  });
}

async function get(path: string, as: As = {}) {
  return fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await api.token(as.role ?? 'complaints-officer', as.subject, as.teams)}` } });
}

const heads = [{ head: '1', finding: 'upheld', category: 'quality-of-service' }];

describe('actions API on the dev server', () => {
  let reference: string;
  let r1: string;
  let r2: string;

  beforeAll(async () => {
    // Received Mon 5 Jan 2026, findings with R1 on Tue 6 Jan 2026: R1 was due Tue 13 Jan 2026 and is long overdue.
    const created = await post('/v1/complaints', {
      receivedAt: '2026-01-05T10:00:00Z',
      channel: 'letter',
      complainant: { name: 'Sam Example', type: 'parent' },
      summary: 'The agreed review of the placement never happened.',
      team: 'Children in Care',
    });
    expect(created.status).toBe(201);
    reference = (await body(created)).reference;
    r1 = `${reference}-stage1-R1`;
    r2 = `${reference}-stage1-R2`;
    expect((await post(`/v1/complaints/${reference}/commands/triage`, { decision: 'stage1', at: '2026-01-05T11:00:00Z' })).status).toBe(200);
    const first = await post(`/v1/complaints/${reference}/commands/record-findings`, {
      stage: 'stage1',
      at: '2026-01-06T10:00:00Z',
      findings: { heads, recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 5 }] },
    });
    expect(first.status).toBe(200);
    // R2 is recorded today, so it is open and not overdue whenever this runs.
    const second = await post(`/v1/complaints/${reference}/commands/record-findings`, {
      stage: 'stage1',
      findings: { heads, recommendations: [{ id: 'R2', owner: 'hos-2', dueInWorkingDays: 20 }] },
    });
    expect(second.status).toBe(200);
  });

  it('lists the actions from the records store, by owner, by overdue and in pages; the overdue one has escalated twice', async () => {
    const listed = await eventually(
      async () => body(await get(`/v1/actions?reference=${reference}`)),
      (l) => l.actions.length === 2 && l.actions.every((a: { tracked: boolean }) => a.tracked) && l.actions[0].escalations.length === 2,
    );
    const today = londonDateOf(Date.now());
    const r2Due = new WorkingDayCalendar(defaultCalendarData('england-and-wales')).addWorkingDays(today, 20);
    expect(listed.actions).toEqual([
      {
        id: r1,
        reference,
        source: 'stage1',
        recommendationId: 'R1',
        owner: 'hos-1',
        due: '2026-01-13',
        explanation: 'Stage 1 response recorded Tue 6 Jan 2026; 5 working days → Tue 13 Jan 2026',
        status: 'open',
        overdue: true,
        completedAt: null,
        completedBy: null,
        // The end of Tue 13 Jan, and the end of 10 working days after it (Tue 27 Jan): both long past, both sent at once.
        escalations: [
          { to: 'complaints-manager', due: '2026-01-13', at: expect.any(String) },
          { to: 'director', due: '2026-01-13', at: expect.any(String) },
        ],
        tracked: true,
      },
      expect.objectContaining({ id: r2, owner: 'hos-2', due: r2Due, status: 'open', overdue: false, escalations: [] }),
    ]);

    expect((await body(await get('/v1/actions?owner=hos-1'))).actions.map((a: { id: string }) => a.id)).toContain(r1);
    expect((await body(await get('/v1/actions?owner=hos-1'))).actions.map((a: { id: string }) => a.id)).not.toContain(r2);
    expect((await body(await get(`/v1/actions?overdue=true&reference=${reference}`, { role: 'auditor' }))).actions.map((a: { id: string }) => a.id)).toEqual([r1]);
    expect((await body(await get(`/v1/actions?overdue=false&reference=${reference}`))).actions.map((a: { id: string }) => a.id)).toEqual([r2]);

    const page1 = await body(await get(`/v1/actions?reference=${reference}&limit=1`));
    expect(page1.actions.map((a: { id: string }) => a.id)).toEqual([r1]);
    const page2 = await body(await get(`/v1/actions?reference=${reference}&limit=1&cursor=${page1.nextCursor}`));
    expect(page2).toEqual({ actions: [expect.objectContaining({ id: r2 })], nextCursor: null });

    const badCursor = await get('/v1/actions?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.status).toBe(400);
    expect((await body(badCursor)).errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    const badOverdue = await get('/v1/actions?overdue=yes');
    expect(badOverdue.status).toBe(400);
    expect((await body(badOverdue)).errors[0].field).toBe('overdue');

    // The escalations went out as staff alerts, rendered from their templates, to the manager and the director.
    const sent = await body(await get(`/v1/complaints/${reference}/correspondence`));
    const alerts = sent.correspondence.filter((c: { template: string }) => c.template === 'action-overdue');
    expect(alerts.map((c: { recipientRole: string }) => c.recipientRole).sort()).toEqual(['complaints-manager', 'director']);
    expect(alerts[0].body).toContain('Tue 13 Jan 2026');
  });

  it('checks roles, input and state, and keeps a keyed retry to one change', async () => {
    await eventually(async () => (await body(await get(`/v1/actions/${r2}`))).tracked, (t) => t === true);
    expect((await post(`/v1/actions/${r2}/commands/extend`, { workingDays: 3, reason: 'panel' }, { role: 'complaints-officer' })).status).toBe(403);
    expect((await post(`/v1/actions/${r1}/commands/complete`, { evidence: { reference: 'DOC-1' } }, { role: 'auditor', subject: 'hos-1' })).status).toBe(403);
    // An Investigating Officer with no part in the case (and not the owner) is not told the action exists.
    expect((await post(`/v1/actions/${r1}/commands/complete`, { evidence: { reference: 'DOC-1' } }, { role: 'investigating-officer' })).status).toBe(404);
    expect((await post(`/v1/actions/${r1}/commands/finish`, {}, { role: 'complaints-manager' })).status).toBe(404);
    expect((await post(`/v1/actions/${reference}-stage1-R9/commands/complete`, { evidence: { reference: 'x' } }, { role: 'complaints-manager' })).status).toBe(404);

    const noEvidence = await post(`/v1/actions/${r1}/commands/complete`, { evidence: {} }, { role: 'complaints-manager' });
    expect(noEvidence.status).toBe(400);
    expect((await body(noEvidence)).errors).toEqual([{ field: 'evidence', message: 'give a reference or a summary of the evidence' }]);
    const badDays = await post(`/v1/actions/${r2}/commands/extend`, { workingDays: 0, reason: 'x' }, { role: 'complaints-manager' });
    expect(badDays.status).toBe(400);
    expect((await body(badDays)).errors[0].field).toBe('workingDays');

    const before = (await body(await get(`/v1/actions/${r2}`))).due;
    const extended = await post(`/v1/actions/${r2}/commands/extend`, { workingDays: 3, reason: 'waiting for the placement panel' }, { role: 'complaints-manager', key: 'extend-r2' });
    expect(extended.status).toBe(200);
    const view = await body(extended);
    const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
    expect(view.due).toBe(calendar.addWorkingDays(before, 3));
    expect(view.explanation).toMatch(/; extended on .* by 3 working days → /);
    const retried = await post(`/v1/actions/${r2}/commands/extend`, { workingDays: 3, reason: 'waiting for the placement panel' }, { role: 'complaints-manager', key: 'extend-r2' });
    expect(retried.status).toBe(200);
    expect((await body(retried)).due).toBe(view.due);
    const reused = await post(`/v1/actions/${r2}/commands/extend`, { workingDays: 4, reason: 'other' }, { role: 'complaints-manager', key: 'extend-r2' });
    expect(reused.status).toBe(409);
    expect((await body(reused)).type).toBe('/problems/idempotency-key-reused');

    const same = await post(`/v1/actions/${r2}/commands/reassign`, { owner: 'hos-2', reason: 'no change' }, { role: 'service-manager', teams: ['Children in Care'] });
    expect(same.status).toBe(409);
    expect((await body(same)).detail).toBe('the action is already owned by hos-2');
    expect((await post(`/v1/actions/${r2}/commands/reassign`, { owner: 'hos-4', reason: 'hos-2 moved team' }, { role: 'service-manager', teams: ['Children in Care'] })).status).toBe(200);
    // A service manager of another team does not reach the case: no such action.
    expect((await post(`/v1/actions/${r2}/commands/reassign`, { owner: 'hos-5', reason: 'x' }, { role: 'service-manager', teams: ['Fostering'] })).status).toBe(404);

    const detail = await eventually(
      async () => body(await get(`/v1/actions/${r2}`, { role: 'complaints-manager' })),
      (d) => d.owner === 'hos-4' && d.events.some((e: { action: string }) => e.action === 'reassigned'),
    );
    // One extension despite the retry; each step with its reason from the records store.
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['started', 'extended', 'reassigned']);
    expect(detail.events.map((e: { note: string | null }) => e.note)).toEqual([null, 'waiting for the placement panel', 'hos-2 moved team']);
    expect(detail.due).toBe(view.due);
  });

  it("outlives its case's workflow (abandoned, not terminated, when the case's workflow closes)", async () => {
    await api.client.workflow.getHandle(reference).terminate('the case workflow ends; its actions must not');
    for (const id of [r1, r2]) expect((await api.client.workflow.getHandle(`action-${id}`).describe()).status.name, id).toBe('RUNNING');
  });

  it('lets the owner complete with evidence, kept in the records store and withheld from the auditor; a second completion is refused', async () => {
    const done = await post(
      `/v1/actions/${r1}/commands/complete`,
      { evidence: { reference: 'DOC-2026-114', summary: 'Placement review held and minuted.' } },
      { role: 'investigating-officer', subject: 'hos-1' },
    );
    expect(done.status).toBe(200);
    expect(await body(done)).toMatchObject({ status: 'done', completedBy: 'hos-1', overdue: false });

    const manager = await eventually(async () => body(await get(`/v1/actions/${r1}`, { role: 'complaints-manager' })), (d) => d.status === 'done');
    expect(manager).toMatchObject({ status: 'done', overdue: false, completedBy: 'hos-1', evidence: { reference: 'DOC-2026-114', summary: 'Placement review held and minuted.', recordedBy: 'hos-1' } });
    expect(manager.events.map((e: { action: string }) => e.action)).toEqual(['started', 'escalated', 'escalated', 'completed']);
    const auditor = await body(await get(`/v1/actions/${r1}`, { role: 'auditor' }));
    expect(auditor.evidence).toMatchObject({ reference: 'DOC-2026-114', summary: null });
    expect(JSON.stringify(auditor)).not.toContain('minuted');

    const again = await post(`/v1/actions/${r1}/commands/complete`, { evidence: { reference: 'DOC-2' } }, { role: 'complaints-manager' });
    expect(again.status).toBe(409);
    expect((await body(again)).detail).toMatch(/^the action was completed at /);
    expect((await body(await get(`/v1/actions?overdue=true&reference=${reference}`))).actions).toEqual([]);
  });

  it('documents its paths in the OpenAPI document', async () => {
    const doc = await body(await fetch(`${api.baseUrl}/openapi.json`));
    for (const p of ['/v1/actions', '/v1/actions/{id}', '/v1/actions/{id}/commands/complete', '/v1/actions/{id}/commands/reassign', '/v1/actions/{id}/commands/extend']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
