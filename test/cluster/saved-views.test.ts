import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { SAVED_VIEWS, savedViewUrl } from '../../temporal/saved-views';
import { OverdueKey } from '../../workflows/complaint/search-attributes';
import { launchChromium } from '../helpers/browser';
import { registerIndependent } from '../helpers/register';
import { THREE_STAGE_PEOPLE } from '../helpers/three-stages';
import { eventually } from '../helpers/eventually';
import { cluster, clusterApi, temporalClient, type ClusterApi } from './cluster';

// The README's saved views (temporal/saved-views.ts), each run as written
// against SQL visibility on PostgreSQL, and opened as a link in the real UI.
let api: ClusterApi;
let client: Client;
beforeAll(async () => {
  api = await clusterApi();
  client = await temporalClient();
  await registerIndependent(api.records, THREE_STAGE_PEOPLE);
});
afterAll(async () => {
  await client?.connection.close();
  await api?.close();
});

const team = `Saved views ${Date.now()}`;
const PEOPLE: Partial<Record<Role, string>> = { 'investigating-officer': 'io-7', 'independent-person': 'ip-3', 'adjudicating-officer': 'ao-2' };

async function step(reference: string, name: string, body: object, role: Role = 'complaints-manager'): Promise<void> {
  const res = await fetch(`${api.url()}/v1/complaints/${reference}/commands/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token(role, PEOPLE[role])}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
}

async function create(receivedAt: string): Promise<string> {
  const res = await fetch(`${api.url()}/v1/complaints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token('complaints-officer')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ receivedAt, channel: 'letter', complainant: { name: 'Saved View (fictional)', type: 'parent' }, summary: 'Saved views test', team }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/** Received Mon 2 Mar 2026, escalated to Stage 2 on Fri 20 Mar, statement agreed Tue 31 Mar: adjudication due Fri 8 May 2026 (25 WD). */
async function stage2Case(): Promise<string> {
  const ref = await create('2026-03-02T09:00:00Z');
  await step(ref, 'triage', { decision: 'stage1', at: '2026-03-02T10:00:00Z' });
  await step(ref, 'acknowledge', { at: '2026-03-03T09:00:00Z' });
  await step(ref, 'respond', { at: '2026-03-13T15:00:00Z' });
  await step(ref, 'escalate', { at: '2026-03-20T10:00:00Z' });
  await step(ref, 'acknowledge', { at: '2026-03-23T09:00:00Z' });
  await step(ref, 'appoint-investigators', { at: '2026-03-24T09:00:00Z', investigatingOfficer: { id: 'io-7', team: 'Quality Assurance' }, independentPerson: { id: 'ip-3' } });
  await step(ref, 'assign', { person: { id: 'ao-2' }, part: 'adjudicating-officer' });
  await step(ref, 'agree-statement', { at: '2026-03-31T10:00:00+01:00' });
  // Progress updates in time (every 10 WD): the last, Mon 27 Apr, makes the next due Tue 12 May, after the adjudication's date.
  await step(ref, 'progress-update', { at: '2026-04-14T10:00:00+01:00', progress: 'Reading the records' });
  await step(ref, 'progress-update', { at: '2026-04-27T10:00:00+01:00', progress: 'Meeting the staff involved' });
  return ref;
}

/** The View's references among this file's cases, once SQL visibility has caught up to `expected`. */
async function found(query: string, expected: string[]): Promise<string[]> {
  return eventually(
    async () => {
      const refs: string[] = [];
      for await (const wf of client.workflow.list({ query: `${query} AND ComplaintTeam = "${team}"` })) refs.push(wf.workflowId);
      return refs.sort();
    },
    (refs) => JSON.stringify(refs) === JSON.stringify([...expected].sort()),
    60_000,
  );
}

describe("the README's saved views on SQL visibility", () => {
  it('each view finds exactly the cases it names, by its query and through its link in the Temporal UI', async () => {
    // Untriaged since Mon 2 Nov 2026: its acknowledgement (Thu 5 Nov) overdue.
    const overdue = await create('2026-11-02T09:00:00Z');
    // Put on hold the day after receipt, before anything fell due.
    const held = await create('2026-11-02T09:00:00Z');
    await step(held, 'triage', { decision: 'stage1', at: '2026-11-02T10:00:00Z' });
    await step(held, 'hold', { reason: 'safeguarding', at: '2026-11-03T10:00:00Z' });
    // Stage 2 with its adjudication (Fri 8 May 2026) not sent.
    const stage2Late = await stage2Case();
    // Adjudicated Wed 6 May, Review Panel asked for Mon 11 May 2026 and acknowledged: the panel due within 30 WD, by Tue 23 Jun, never held.
    const panelLate = await stage2Case();
    await step(panelLate, 'submit-reports', { at: '2026-04-30T15:00:00+01:00', reports: ['independent-person'] }, 'independent-person');
    await step(panelLate, 'submit-reports', { at: '2026-04-30T16:00:00+01:00', reports: ['investigating-officer'] }, 'investigating-officer');
    await step(panelLate, 'adjudicate', { at: '2026-05-06T12:00:00+01:00', findings: { heads: [{ head: '1', finding: 'not-upheld', category: 'unwelcome-or-disputed-decision' }] } }, 'adjudicating-officer');
    await step(panelLate, 'escalate', { at: '2026-05-11T10:00:00+01:00' });
    await step(panelLate, 'acknowledge', { at: '2026-05-12T09:00:00+01:00' });

    // Each case's oldest overdue duty is the one its view names.
    const oldest = async (ref: string) => (await client.workflow.getHandle(ref).describe()).typedSearchAttributes.get(OverdueKey);
    expect(await eventually(() => oldest(stage2Late), (k) => k === 'stage2.respond', 60_000)).toBe('stage2.respond');
    expect(await eventually(() => oldest(panelLate), (k) => k === 'stage3.panel', 60_000)).toBe('stage3.panel');

    const expected: Record<string, string[]> = {
      Overdue: [overdue, stage2Late, panelLate],
      'On hold': [held],
      'Stage 2 past 25 working days': [stage2Late],
      'Panel not held within 30 working days': [panelLate],
    };
    expect(SAVED_VIEWS.map((v) => v.name).sort()).toEqual(Object.keys(expected).sort());
    for (const view of SAVED_VIEWS) expect(await found(view.query, expected[view.name]!), view.name).toEqual([...expected[view.name]!].sort());

    // The README's links, opened in the UI, list the view's cases (the UI asks the same visibility store).
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      for (const view of SAVED_VIEWS) {
        await page.goto(savedViewUrl(cluster().uiUrl!, cluster().namespace, `${view.query} AND ComplaintTeam = "${team}"`));
        const listed = await eventually(
          async () => page.locator('main').innerText(),
          (text) => expected[view.name]!.every((ref) => text.includes(ref)),
          60_000,
        );
        const others = [overdue, held, stage2Late, panelLate].filter((ref) => !expected[view.name]!.includes(ref));
        for (const ref of others) expect(listed, `${view.name} lists ${ref}`).not.toContain(ref);
      }
    } finally {
      await browser.close();
    }
  });
});
