import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { eventually } from '../helpers/eventually';
import { cluster, clusterApi, control, expectEachLetterOnce, mailServer, pids, temporalClient, type ClusterApi } from './cluster';

let api: ClusterApi;
let client: Client;
beforeAll(async () => {
  api = await clusterApi();
  client = await temporalClient();
});
afterAll(async () => {
  await mailServer('release').catch(() => undefined);
  await client?.connection.close();
  await api?.close();
});

async function post(path: string, body: unknown, role: Role = 'complaints-manager') {
  const res = await fetch(`${api.url()}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token(role)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { reference: string };
  expect(res.status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

/** The worker process (worker-1, worker-2) polling under an identity (`pid@host`). */
async function workerOf(identity: string): Promise<string | undefined> {
  const pid = Number(identity.split('@')[0]);
  return Object.entries(await pids()).find(([name, p]) => name.startsWith('worker-') && p === pid)?.[0];
}

describe('an app worker killed (SIGKILL) while its letter activity is mid-send', () => {
  it('the other worker finishes the letter: the step applied once, the letter filed once and accepted by the mail server once', async () => {
    const mailsFor = async (reference: string) => (await mailServer('mails')).accepted.filter((m) => m.reference === reference);
    // The mail server reads the acknowledgement whole and then holds its answer: the delivery waits mid-send.
    await mailServer('hold');
    const { reference } = await post('/v1/complaints', {
      receivedAt: '2026-11-02T09:00:00Z',
      channel: 'email',
      complainant: { name: 'Kim Killed', type: 'parent', email: 'kim.killed@example.org', address: '3 Mill Lane, Newtown NT1 1AA' },
      summary: 'Worker killed mid-letter',
      team: `Worker killed ${Date.now()}`,
    }, 'complaints-officer');
    await post(`/v1/complaints/${reference}/commands/triage`, { decision: 'stage1', at: '2026-11-02T10:00:00Z' });
    await post(`/v1/complaints/${reference}/commands/acknowledge`, { at: '2026-11-03T09:00:00Z', sendLetter: true });
    await eventually(() => mailServer('mails'), (m) => m.waiting === 1, 120_000);

    // The worker running the delivery, by the identity Temporal recorded for its attempt.
    const handle = client.workflow.getHandle(reference);
    const pending = await eventually(
      async () => (await handle.describe()).raw.pendingActivities ?? [],
      (p) => p.some((a) => a.activityType?.name === 'deliverNotice' && Boolean(a.lastWorkerIdentity)),
      30_000,
    );
    const killedIdentity = pending.find((a) => a.activityType?.name === 'deliverNotice')!.lastWorkerIdentity!;
    const killed = await workerOf(killedIdentity);
    expect(killed, `${killedIdentity} among ${JSON.stringify(await pids())}`).toMatch(/^worker-\d$/);
    await control('kill', killed);

    // Its connection is gone before any answer: nothing was accepted from it.
    await eventually(() => mailServer('mails'), (m) => m.waiting === 0, 30_000);
    await mailServer('release');
    expect(await mailsFor(reference)).toEqual([]);

    // The other worker takes over once the dead attempt's heartbeat and then its claim on the letter lapse.
    const sent = await eventually(() => mailsFor(reference), (m) => m.length > 0, 300_000);
    expect(sent).toEqual([expect.objectContaining({ to: ['kim.killed@example.org'], messageId: expect.stringContaining(reference) })]);
    await expectEachLetterOnce(api.db, [reference], 60_000);
    const rows = await api.records.listCorrespondence(reference);
    expect(rows.filter((r) => r.kind === 'letter').map((r) => [r.channel, r.template, r.status])).toEqual([
      ['outbox', 'stage1-acknowledgement', 'queued'],
      ['smtp', 'stage1-acknowledgement', 'sent'],
    ]);
    // A moment later still only the one mail: nothing left to send it again.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await mailsFor(reference)).toHaveLength(1);

    // Each step once; the delivery completed by the surviving worker.
    const res = await fetch(`${api.url()}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${await api.token('complaints-manager')}` } });
    const actions = ((await res.json()) as { events: Array<{ action: string }> }).events.map((e) => e.action);
    for (const action of ['received', 'triaged', 'acknowledged']) expect(actions.filter((a) => a === action), actions.join(', ')).toHaveLength(1);
    const history = await handle.fetchHistory();
    const started = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes?.identity ? [e.activityTaskStartedEventAttributes.identity] : []));
    expect(started.at(-1)).not.toBe(killedIdentity);

    // The killed worker back, polling, for the files after this one.
    await control('start', killed);
    const { namespace, taskQueue } = cluster();
    const pid = (await pids())[killed!];
    await eventually(
      async () => (await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 })).pollers ?? [],
      (pollers) => pollers.some((p) => p.identity?.startsWith(`${pid}@`)),
      120_000,
    );
  }, 600_000);
});
