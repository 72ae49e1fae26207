import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { registerIndependent } from '../helpers/register';

/**
 * The end of Stage 3 over HTTP: the panel's recommendations with
 * its report, sent to the complainant (Luton 20.1), and the Director's final
 * response refused with a specific 400 or 409 until it decides on each with
 * the Stage 2 Independent Person (Luton 20.4, 20.8).
 */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  // The Independent Person and the panel are on the independence register (BANES 9.3), from outside the council.
  await registerIndependent(api.records, { 'ip-3': ['independent-person'], 'chair-1': ['panel-chair'], 'member-2': ['panel-member'], 'member-3': ['panel-member'] });
});
afterAll(async () => {
  await api?.stop();
});

interface View {
  stage: string;
  outcome: { kind: string } | null;
  deadlines: Array<{ key: string; due: string; state: string; metAt: string | null }>;
  stage3: { recommendations?: unknown; decisions?: unknown; consideredWith?: string } | null;
}

const PEOPLE: Partial<Record<Role, { subject: string; teams?: string[] }>> = {
  'investigating-officer': { subject: 'io-7' },
  'independent-person': { subject: 'ip-3' },
  'adjudicating-officer': { subject: 'ao-2' },
  'panel-chair': { subject: 'chair-1' },
};

async function post(reference: string, name: string, body: Record<string, unknown>, role: Role = 'complaints-officer'): Promise<Response> {
  return fetch(`${api.baseUrl}/v1/complaints/${reference}/commands/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role, PEOPLE[role]?.subject, PEOPLE[role]?.teams)}` },
    body: JSON.stringify(body),
  });
}

async function command(reference: string, name: string, body: Record<string, unknown>, role?: Role): Promise<View> {
  const res = await post(reference, name, body, role);
  const json = await res.json();
  expect(res.status, `${name}: ${JSON.stringify(json)}`).toBe(200);
  return json as View;
}

const deadline = (view: View, key: string) => view.deadlines.find((d) => d.key === key);

/** A case logged straight to Stage 2 (Mon 2 Mar 2026), every step on time, the panel met Fri 19 Jun 2026. */
async function panelMet(): Promise<string> {
  const created = await fetch(`${api.baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-officer')}` },
    body: JSON.stringify({ receivedAt: '2026-03-02T09:00:00Z', channel: 'letter', complainant: { name: 'Sam Carer', type: 'foster-carer' }, summary: 'Support withdrawn.', team: 'Fostering' }),
  });
  expect(created.status).toBe(201);
  const ref = ((await created.json()) as { reference: string }).reference;
  await command(ref, 'triage', { decision: 'stage2', at: '2026-03-02T10:00:00Z' });
  await command(ref, 'acknowledge', { at: '2026-03-03T09:00:00Z' });
  await command(ref, 'appoint-investigators', { at: '2026-03-04T09:00:00Z', investigatingOfficer: { id: 'io-7', team: 'Quality Assurance' }, independentPerson: { id: 'ip-3' } });
  await command(ref, 'assign', { person: { id: 'ao-2' }, part: 'adjudicating-officer' }, 'complaints-manager');
  await command(ref, 'agree-statement', { at: '2026-03-31T10:00:00+01:00' }, 'investigating-officer');
  await command(ref, 'submit-reports', { at: '2026-04-30T15:00:00+01:00', reports: ['independent-person'] }, 'independent-person');
  await command(ref, 'submit-reports', { at: '2026-04-30T16:00:00+01:00', reports: ['investigating-officer'] }, 'investigating-officer');
  await command(ref, 'adjudicate', { at: '2026-05-06T12:00:00+01:00' }, 'adjudicating-officer');
  await command(ref, 'escalate', { at: '2026-05-11T10:00:00+01:00' });
  await command(ref, 'acknowledge', { at: '2026-05-12T09:00:00+01:00' });
  await command(ref, 'schedule-panel', {
    at: '2026-05-12T10:00:00+01:00',
    panelDate: '2026-06-19',
    members: [
      { id: 'chair-1', role: 'chair' },
      { id: 'member-2', role: 'member' },
      { id: 'member-3', role: 'member' },
    ],
  });
  await command(ref, 'notify-panel', { at: '2026-05-20T09:00:00+01:00' });
  await command(ref, 'send-papers', { at: '2026-06-01T09:00:00+01:00' });
  await command(ref, 'record-panel', { at: '2026-06-19T14:00:00+01:00' }, 'panel-chair');
  return ref;
}

async function problem(res: Response): Promise<{ detail: string; errors?: Array<{ field: string; message: string }> }> {
  return (await res.json()) as { detail: string; errors?: Array<{ field: string; message: string }> };
}

describe('the end of Stage 3 over HTTP', () => {
  it("takes the panel's recommendations, sends them, and refuses a final response that does not decide on each with the Stage 2 Independent Person", async () => {
    const ref = await panelMet();
    const recommendations = [
      { id: 'P1', text: 'Review the support plan with the carers.' },
      { id: 'P2', text: 'Apologise for the delay.' },
    ];
    // The same recommendation twice in the report: 400, naming it.
    const twice = await post(ref, 'panel-report', { at: '2026-06-24T10:00:00+01:00', recommendations: [recommendations[0], recommendations[0]] }, 'panel-chair');
    expect(twice.status).toBe(400);
    expect((await problem(twice)).errors).toEqual([expect.objectContaining({ field: 'recommendations.1', message: 'recommendation P1 is listed twice' })]);

    // Wed 24 Jun 2026: the complainant told within 5 WD → Wed 1 Jul; the Director within 15 WD → Wed 15 Jul.
    let view = await command(ref, 'panel-report', { at: '2026-06-24T10:00:00+01:00', recommendations }, 'panel-chair');
    expect(deadline(view, 'stage3.recommendations')).toMatchObject({ due: '2026-07-01', state: 'pending' });
    expect(deadline(view, 'stage3.finalResponse')).toMatchObject({ due: '2026-07-15', state: 'pending' });
    expect(view.stage3?.recommendations).toEqual(recommendations);

    // Sending them is the complaints staff's step, not the Director's.
    expect((await post(ref, 'share-recommendations', { at: '2026-06-25T10:00:00+01:00' }, 'director')).status).toBe(403);
    view = await command(ref, 'share-recommendations', { at: '2026-06-25T10:00:00+01:00' });
    expect(deadline(view, 'stage3.recommendations')).toMatchObject({ state: 'met', metAt: '2026-06-25T09:00:00.000Z' });

    const at = '2026-07-10T11:00:00+01:00';
    const ip = { id: 'ip-3' };
    // 400: no reasons where the Director does not accept (Luton 20.8); the same recommendation decided twice.
    const noReasons = await post(ref, 'final-response', { at, independentPerson: ip, decisions: [{ recommendation: 'P1', decision: 'accepted' }, { recommendation: 'P2', decision: 'not-accepted' }] }, 'director');
    expect(noReasons.status).toBe(400);
    expect((await problem(noReasons)).errors).toEqual([
      expect.objectContaining({ field: 'decisions.1.reasons', message: "recommendation P2 is not-accepted: the Director's reasons for departing from the panel are required" }),
    ]);
    const repeated = await post(ref, 'final-response', { at, independentPerson: ip, decisions: [{ recommendation: 'P1', decision: 'accepted' }, { recommendation: 'P1', decision: 'accepted' }] }, 'director');
    expect(repeated.status).toBe(400);
    expect((await problem(repeated)).errors).toEqual([expect.objectContaining({ field: 'decisions.1', message: 'recommendation P1 is decided twice: give one decision each' })]);

    // 409: a recommendation left undecided; another Independent Person than Stage 2's.
    const missing = await post(ref, 'final-response', { at, independentPerson: ip, decisions: [{ recommendation: 'P1', decision: 'accepted' }] }, 'director');
    expect(missing.status).toBe(409);
    expect((await problem(missing)).detail).toBe("the Director's decision on every recommendation of the panel is required: none is given for P2");
    const decisions = [
      { recommendation: 'P1', decision: 'accepted' },
      { recommendation: 'P2', decision: 'accepted-in-part', reasons: 'We apologise for the delay; it was not the team that caused it.' },
    ];
    const wrongIp = await post(ref, 'final-response', { at, independentPerson: { id: 'ip-9' }, decisions }, 'director');
    expect(wrongIp.status).toBe(409);
    expect((await problem(wrongIp)).detail).toBe("ip-9 is not the Independent Person appointed at Stage 2 (ip-3), who considers the panel's recommendations with the Director");

    view = await command(ref, 'final-response', { at, independentPerson: ip, decisions }, 'director');
    expect(view.stage).toBe('closed');
    expect(view.outcome).toEqual({ kind: 'completed' });
    expect(view.stage3).toMatchObject({ decisions, consideredWith: 'ip-3' });
    expect(deadline(view, 'stage3.finalResponse')).toMatchObject({ state: 'met', metAt: '2026-07-10T10:00:00.000Z' });
  });
});
