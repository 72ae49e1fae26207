import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { formatLong } from '../../domain/dates';
import { EncryptionCodec } from '../../temporal/codec';
import { SAVED_VIEWS } from '../../temporal/saved-views';
import { caseViewQuery } from '../../workflows/complaint/messages';
import { eventually } from '../helpers/eventually';
import { startApi, type ApiHarness } from '../helpers/dev-server';

// The operators' cockpit in the Temporal UI (domain/complaint/cockpit.ts): the
// summary, the current details and the timers' labels are payloads, so the
// server stores them encrypted and only the codec opens them.
let api: ApiHarness;
let raw: Client; // no codec: sees what the Temporal server stores
beforeAll(async () => {
  // No grace period for past steps: a new case waits on its deadlines at once (the grace period's own label: test/unit/cockpit.test.ts).
  api = await startApi({ graceMinutes: 0 });
  raw = new Client({ connection: await Connection.connect({ address: inject('devServerAddress') }) });
});
afterAll(async () => {
  await raw?.connection.close();
  await api?.stop();
});

const METADATA_QUERY = '__temporal_workflow_metadata';
const ENCRYPTED = 'binary/encrypted';
const encodingOf = (p: Payload | null | undefined) => Buffer.from(p?.metadata?.encoding ?? []).toString();
const decoded = async (p: Payload) => defaultPayloadConverter.fromPayload<string>((await new EncryptionCodec(api.payloadKeys).decode([p]))[0]!);

async function create(receivedAt: string): Promise<string> {
  const res = await fetch(`${api.baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-officer')}` },
    body: JSON.stringify({ receivedAt, channel: 'letter', complainant: { name: 'Cockpit Testcase', type: 'parent' }, summary: 'Contact arrangements changed', team: 'Children in Care' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/** The first timer the case started, once it has (the main loop's wait after its first pass). */
async function firstTimer(reference: string) {
  const history = await eventually(
    () => raw.workflow.getHandle(reference).fetchHistory(),
    (h) => h.events!.some((e) => e.timerStartedEventAttributes),
  );
  return history.events!.find((e) => e.timerStartedEventAttributes)!;
}

describe("the Temporal UI's cockpit, through the payload codec", () => {
  it('a case starts with its summary and keeps its current details, both encrypted on the server', async () => {
    // Received Mon 2 Nov 2026 (GMT): acknowledgement due Thu 5 Nov (3 WD), its reminders before that.
    const reference = await create('2026-11-02T09:00:00Z');

    // Static summary and details: ciphertext as stored, the reference once decoded.
    const description = await raw.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: reference } });
    const metadata = description.executionConfig!.userMetadata!;
    expect(encodingOf(metadata.summary)).toBe(ENCRYPTED);
    expect(encodingOf(metadata.details)).toBe(ENCRYPTED);
    expect(Buffer.from(metadata.summary!.data!).includes(Buffer.from(reference))).toBe(false);
    const described = await api.client.workflow.getHandle(reference).describe();
    expect(await described.staticSummary()).toBe(`Children's complaint · ${reference}`);
    expect(await described.staticDetails()).toMatch(/^Children Act 1989 statutory complaints procedure\./);

    // Current details: the UI reads them with the metadata query, whose answer is a payload, so encrypted too.
    const answer = await raw.workflowService.queryWorkflow({ namespace: 'default', execution: { workflowId: reference }, query: { queryType: METADATA_QUERY } });
    const result = answer.queryResult!.payloads![0]!;
    expect(encodingOf(result)).toBe(ENCRYPTED);
    expect(Buffer.from(result.data!).includes(Buffer.from('Stage 1'))).toBe(false);
    const details = (await api.client.workflow.getHandle(reference).query<{ currentDetails?: string }>(METADATA_QUERY)).currentDetails;
    // Untriaged, logged weeks late: no stage clock to count yet, and the acknowledgement overdue since Thu 5 Nov.
    expect(details).toBe('Awaiting triage · OVERDUE: acknowledgement of the complaint was due Thu 5 Nov 2026');
  });

  it('a case received today: the timer names its next reminder, and the details follow a command at once', async () => {
    const reference = await create(new Date().toISOString());
    const handle = api.client.workflow.getHandle(reference);
    const view = await handle.query(caseViewQuery);
    const ack = view.deadlines.find((d) => d.key === 'stage1.acknowledge')!;
    // The timer's label: what it waits for, encrypted in the history, plain through the codec.
    const timer = await firstTimer(reference);
    expect(encodingOf(timer.userMetadata?.summary)).toBe(ENCRYPTED);
    expect(Buffer.from(timer.userMetadata!.summary!.data!).includes(Buffer.from('acknowledgement'))).toBe(false);
    const label = await decoded(timer.userMetadata!.summary!);
    // The earliest wake of a new case is a reminder or the acknowledgement's due date, both of stage1.acknowledge.
    expect(label).toMatch(/^(reminder|deadline): acknowledgement of the complaint due .+ \(stage1\.acknowledge\)$/);
    expect(label).toContain(formatLong(ack.due));

    // Triage to Stage 1: the next pass counts the response clock from receipt.
    const res = await fetch(`${api.baseUrl}/v1/complaints/${reference}/commands/triage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager')}` },
      body: JSON.stringify({ decision: 'stage1' }),
    });
    expect(res.status).toBe(200);
    const details = await eventually(
      async () => (await handle.query<{ currentDetails?: string }>(METADATA_QUERY)).currentDetails ?? '',
      (d) => d.startsWith('Stage 1'),
    );
    const respond = (await handle.query(caseViewQuery)).deadlines.find((d) => d.key === 'stage1.respond')!;
    expect(details).toMatch(new RegExp(`^Stage 1 · day \\d+ of 10 working days on \\w{3} \\d{1,2} \\w{3} \\d{4} · next: acknowledgement of the complaint due ${formatLong(ack.due)}$`));
    expect(respond.due > ack.due).toBe(true);
  });

  it('the summary decodes through the codec endpoint for a complaints manager, as the UI asks, and the decode is access-logged', async () => {
    const reference = await create('2026-11-02T09:00:00Z');
    const description = await raw.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: reference } });
    const summary = description.executionConfig!.userMetadata!.summary!;
    const res = await fetch(`${api.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager')}`, origin: 'http://127.0.0.1:8233' },
      body: JSON.stringify({
        payloads: [{ metadata: Object.fromEntries(Object.entries(summary.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(summary.data!).toString('base64') }],
      }),
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { payloads: Array<{ data: string }> };
    expect(JSON.parse(Buffer.from(out.payloads[0]!.data, 'base64').toString())).toBe(`Children's complaint · ${reference}`);
    // And the decode is on the access log, as any other: the payload names the case.
    const log = await api.records.listAccess({ reference });
    expect(log.some((e) => e.view === 'codec')).toBe(true);
  });

  it("the saved views' queries run on the dev server's SQLite visibility too", async () => {
    // An untriaged case logged late: overdue, so the Overdue view finds it; every other query is answered (on PostgreSQL: test/cluster/saved-views.test.ts).
    const reference = await create('2026-11-02T09:00:00Z');
    for (const view of SAVED_VIEWS) {
      const refs = await eventually(
        async () => {
          const found: string[] = [];
          for await (const wf of api.client.workflow.list({ query: `${view.query} AND WorkflowId = "${reference}"` })) found.push(wf.workflowId);
          return found;
        },
        (found) => found.length === (view.name === 'Overdue' ? 1 : 0),
        view.name === 'Overdue' ? 30_000 : 1_000,
      );
      expect(refs, view.name).toEqual(view.name === 'Overdue' ? [reference] : []);
    }
  });
});
