/**
 * A case through all three stages over HTTP only, each step by the person
 * whose part it is, asserting every statutory date on the way (2026, with
 * Easter and the May bank holidays). The same procedure runs on the dev
 * server (test/api/) and on the cluster (test/cluster/), where `url()` takes
 * each API instance in turn. The Independent Person and the panel must be on
 * the independence register first (BANES 9.3).
 */
import { expect } from 'vitest';
import type { Role } from '../../api/auth/roles';
import type { registerIndependent } from './register';

export interface HttpApi {
  /** The API's base URL (called once per request). */
  url(): string;
  token(role: Role, subject?: string, teams?: string[]): Promise<string>;
}

/** The independent people the case meets, with their parts on the register. */
export const THREE_STAGE_PEOPLE: Parameters<typeof registerIndependent>[1] = {
  'ip-3': ['independent-person'],
  'chair-1': ['panel-chair'],
  'member-2': ['panel-member'],
  'member-3': ['panel-member'],
};

interface View {
  reference: string;
  stage: string;
  status: string;
  outcome: { kind: string } | null;
  deadlines: Array<{ key: string; due: string; state: string; metAt: string | null; explanation: string }>;
  events: Array<{ action: string; actor: string; at: string }>;
}

/**
 * Each step by the person whose part it is: the Investigating Officer, the
 * Adjudicating Officer and the chair by the ids the case records for them,
 * the service manager through the team of the case (the access rule, domain/access.ts).
 */
const PEOPLE: Partial<Record<Role, { subject: string; teams?: string[] }>> = {
  'service-manager': { subject: 'service-manager-1', teams: ['Fostering'] },
  'investigating-officer': { subject: 'io-7' },
  'independent-person': { subject: 'ip-3' },
  'adjudicating-officer': { subject: 'ao-2' },
  'panel-chair': { subject: 'chair-1' },
};

async function command(api: HttpApi, reference: string, name: string, body: Record<string, unknown>, role: Role = 'complaints-officer'): Promise<View> {
  const res = await fetch(`${api.url()}/v1/complaints/${reference}/commands/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role, PEOPLE[role]?.subject, PEOPLE[role]?.teams)}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  expect(res.status, `${name}: ${JSON.stringify(json)}`).toBe(200);
  return json as View;
}

function deadline(view: View, key: string) {
  const found = view.deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no ${key} in ${view.deadlines.map((d) => d.key).join(', ')}`);
  return found;
}

/** Runs the case from receipt to the final response; returns its reference. */
export async function threeStagesOverHttp(api: HttpApi): Promise<string> {
  // A case logged after the fact: every step is recorded with when it really happened (2026).
  const created = await fetch(`${api.url()}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-officer')}` },
    body: JSON.stringify({
      receivedAt: '2026-03-02T09:00:00Z',
      channel: 'letter',
      complainant: { name: 'Sam Carer', type: 'foster-carer' },
      summary: 'Placement support was withdrawn without notice.',
      team: 'Fostering',
    }),
  });
  expect(created.status).toBe(201);
  let view = (await created.json()) as View;
  const ref = view.reference;
  // Received Mon 2 Mar 2026: acknowledge by Thu 5 Mar (3 WD).
  expect(deadline(view, 'stage1.acknowledge').due).toBe('2026-03-05');

  view = await command(api, ref, 'triage', { decision: 'stage1', at: '2026-03-02T10:00:00Z' });
  expect(deadline(view, 'stage1.respond').due).toBe('2026-03-16'); // 10 WD
  view = await command(api, ref, 'acknowledge', { at: '2026-03-03T09:00:00Z' });
  expect(deadline(view, 'stage1.acknowledge')).toMatchObject({ state: 'met', metAt: '2026-03-03T09:00:00.000Z' });
  view = await command(api, ref, 'respond', { at: '2026-03-13T15:00:00Z' }, 'service-manager');
  expect(deadline(view, 'stage1.respond').state).toBe('met');
  // 20 WD after Fri 13 Mar, skipping Good Friday (3 Apr) and Easter Monday (6 Apr) → Tue 14 Apr.
  expect(deadline(view, 'stage1.escalate').due).toBe('2026-04-14');
  expect(deadline(view, 'stage1.escalate').explanation).toBe(
    'Stage 1 response sent Fri 13 Mar 2026; 20 working days, skipping 3 Apr (Good Friday), 6 Apr (Easter Monday) → Tue 14 Apr 2026',
  );

  view = await command(api, ref, 'escalate', { at: '2026-03-20T10:00:00Z', reasons: 'Still no support plan' });
  expect(view.stage).toBe('stage2');
  expect(deadline(view, 'stage2.acknowledge').due).toBe('2026-03-25');
  view = await command(api, ref, 'acknowledge', { at: '2026-03-23T09:00:00Z' });
  view = await command(api, ref, 'appoint-investigators', {
    at: '2026-03-24T09:00:00Z',
    investigatingOfficer: { id: 'io-7', team: 'Quality Assurance' },
    independentPerson: { id: 'ip-3' },
  });
  view = await command(api, ref, 'assign', { person: { id: 'ao-2' }, part: 'adjudicating-officer' }, 'complaints-manager');
  view = await command(api, ref, 'agree-statement', { at: '2026-03-31T10:00:00+01:00' }, 'investigating-officer');
  // 25 WD after Tue 31 Mar, skipping Easter and the early May bank holiday (4 May) → Fri 8 May.
  expect(deadline(view, 'stage2.respond').due).toBe('2026-05-08');
  // Each investigator submits their own report (an IP cannot submit the IO's, nor the IO the IP's).
  view = await command(api, ref, 'submit-reports', { at: '2026-04-30T15:00:00+01:00', reports: ['independent-person'] }, 'independent-person');
  view = await command(api, ref, 'submit-reports', { at: '2026-04-30T16:00:00+01:00', reports: ['investigating-officer'] }, 'investigating-officer');
  view = await command(
    api,
    ref,
    'adjudicate',
    {
      at: '2026-05-06T12:00:00+01:00',
      findings: {
        heads: [
          { head: '1', finding: 'upheld', category: 'quality-of-service', remedies: [{ type: 'apology' }] },
          { head: '2', finding: 'not-upheld', category: 'unwelcome-or-disputed-decision' },
        ],
        recommendations: [{ id: 'R1', owner: 'hos-fostering', dueInWorkingDays: 20 }],
      },
    },
    'adjudicating-officer',
  );
  expect(deadline(view, 'stage2.respond')).toMatchObject({ state: 'met' });
  expect(deadline(view, 'stage2.escalate').due).toBe('2026-06-04'); // 20 WD, skipping the spring bank holiday (25 May)

  view = await command(api, ref, 'escalate', { at: '2026-05-11T10:00:00+01:00' });
  expect(view.stage).toBe('stage3');
  expect(deadline(view, 'stage3.acknowledge').due).toBe('2026-05-14');
  expect(deadline(view, 'stage3.panel').due).toBe('2026-06-23'); // 30 WD after Mon 11 May
  view = await command(api, ref, 'acknowledge', { at: '2026-05-12T09:00:00+01:00' });
  view = await command(api, ref, 'schedule-panel', {
    at: '2026-05-12T10:00:00+01:00',
    panelDate: '2026-06-19',
    members: [
      { id: 'chair-1', role: 'chair' },
      { id: 'member-2', role: 'member' },
      { id: 'member-3', role: 'member' },
    ],
  });
  // 10 WD before Fri 19 Jun → Fri 5 Jun, for the notice and the papers.
  expect(deadline(view, 'stage3.notifyPanel').due).toBe('2026-06-05');
  expect(deadline(view, 'stage3.papers').due).toBe('2026-06-05');
  view = await command(api, ref, 'notify-panel', { at: '2026-05-20T09:00:00+01:00' });
  view = await command(api, ref, 'send-papers', { at: '2026-06-01T09:00:00+01:00' });
  view = await command(api, ref, 'record-panel', { at: '2026-06-19T14:00:00+01:00' }, 'panel-chair');
  expect(deadline(view, 'stage3.panel').state).toBe('met');
  expect(deadline(view, 'stage3.panelReport').due).toBe('2026-06-26'); // 5 WD
  view = await command(api, ref, 'panel-report', { at: '2026-06-24T10:00:00+01:00' }, 'panel-chair');
  expect(deadline(view, 'stage3.finalResponse').due).toBe('2026-07-15'); // 15 WD
  view = await command(api, ref, 'final-response', { at: '2026-07-10T11:00:00+01:00' }, 'director');

  expect(view.stage).toBe('closed');
  expect(view.outcome).toEqual({ kind: 'completed' });
  const duties = view.deadlines.filter((d) => !d.key.endsWith('.escalate') && d.key !== 'stage2.progress');
  expect(duties.every((d) => d.state === 'met')).toBe(true);
  // No progress update was logged: due 10 WD after the statement (Tue 31 Mar, Easter skipped → Thu 16 Apr), missed; the adjudication did it late.
  expect(deadline(view, 'stage2.progress')).toMatchObject({ due: '2026-04-16', state: 'missed' });
  const actors = new Set(view.events.map((e) => e.actor));
  for (const who of ['complaints-officer-1', 'service-manager-1', 'io-7', 'ao-2', 'chair-1', 'director-1']) {
    expect(actors).toContain(who);
  }

  const read = await fetch(`${api.url()}/v1/complaints/${ref}`, { headers: { authorization: `Bearer ${await api.token('auditor')}` } });
  expect(((await read.json()) as View).outcome).toEqual({ kind: 'completed' });
  return ref;
}
