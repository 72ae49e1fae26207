import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startApi, type ApiHarness } from '../helpers/dev-server';

let api: ApiHarness;
let raw: Client; // no codec: sees what the Temporal server stores
beforeAll(async () => {
  api = await startApi();
  raw = new Client({ connection: await Connection.connect({ address: inject('devServerAddress') }) });
});
afterAll(async () => {
  await raw?.connection.close();
  await api?.stop();
});

const SECRETS = {
  name: 'Zebedee Quinton-Marsh',
  child: 'Philomena Quinton-Marsh',
  address: '17 Larkspur Gardens, Oakham',
  summary: 'Bruising noticed at contact on Tuesday',
  note: 'Mother disclosed a new partner called Desmond',
  reason: 'Police investigation ongoing into Desmond',
};

async function post(path: string, body: unknown, role = 'complaints-manager' as const) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role)}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('personal data is ciphertext on the Temporal server', () => {
  it('no name, address, summary, note or reason appears anywhere in the raw history, search attributes or memo', async () => {
    const created = await post('/v1/complaints', {
      receivedAt: '2026-11-02T09:00:00Z',
      channel: 'phone',
      complainant: { name: SECRETS.name, type: 'parent', address: SECRETS.address },
      child: { name: SECRETS.child },
      summary: SECRETS.summary,
      team: 'Safeguarding',
    });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;
    expect((await post(`/v1/complaints/${reference}/commands/triage`, { decision: 'stage1', note: SECRETS.note })).status).toBe(200);
    expect((await post(`/v1/complaints/${reference}/commands/hold`, { reason: 'court-proceedings', detail: SECRETS.reason, note: SECRETS.note })).status).toBe(200);
    // Through the API (with the codec), staff see their note.
    const view = (await post(`/v1/complaints/${reference}/commands/release-hold`, { note: SECRETS.note })).body;
    expect(JSON.stringify(view)).toContain(SECRETS.note);

    const history = await raw.workflow.getHandle(reference).fetchHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    for (const secret of Object.values(SECRETS)) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64').slice(0, 16))), `${secret} (base64)`).toBe(false);
    }
    // Payloads are sealed with the key they name.
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const metadata = started.input!.payloads![0]!.metadata!;
    expect(Buffer.from(metadata.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(metadata['encryption-key-id']!).toString()).toBe('test-1');

    const description = await raw.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: reference } });
    const info = description.workflowExecutionInfo!;
    const attributes = Buffer.from(temporal.api.common.v1.SearchAttributes.encode(info.searchAttributes ?? {}).finish());
    const memo = Buffer.from(temporal.api.common.v1.Memo.encode(info.memo ?? {}).finish());
    for (const secret of Object.values(SECRETS)) {
      expect(attributes.includes(Buffer.from(secret))).toBe(false);
      expect(memo.includes(Buffer.from(secret))).toBe(false);
    }
    // The operators' attributes are there, in plain words, and hold nothing personal.
    expect(Object.keys(info.searchAttributes?.indexedFields ?? {})).toEqual(
      expect.arrayContaining(['ComplaintStage', 'ComplaintStatus', 'ComplaintTeam', 'NextDeadlineKey', 'NextDeadlineDue', 'OnHold', 'Overdue']),
    );
  });

  it('the codec endpoint decodes for a complaints manager only, explains itself to anyone else, and answers the Temporal UI origin only', async () => {
    const created = await post('/v1/complaints', {
      receivedAt: '2026-11-02T09:00:00Z',
      channel: 'email',
      complainant: { name: SECRETS.name, type: 'parent' },
      summary: SECRETS.summary,
    });
    const reference = created.body.reference as string;
    await post(`/v1/complaints/${reference}/commands/acknowledge`, { note: SECRETS.note });
    const history = await raw.workflow.getHandle(reference).fetchHistory();
    const update = history.events!.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!;
    const payload = update.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads![0]!;
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
          data: Buffer.from(payload.data!).toString('base64'),
        },
      ],
    };
    const decode = async (role: 'complaints-manager' | 'complaints-officer' | null, origin?: string) =>
      fetch(`${api.baseUrl}/codec/decode`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(role ? { authorization: `Bearer ${await api.token(role)}` } : {}),
          ...(origin ? { origin } : {}),
        },
        body: JSON.stringify(body),
      });
    const ok = await decode('complaints-manager', 'http://127.0.0.1:8233');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    const decoded = (await ok.json()) as { payloads: Array<{ data: string }> };
    expect(Buffer.from(decoded.payloads[0]!.data, 'base64').toString()).toContain(SECRETS.note);
    // Anyone else, signed in or not (the dev server's UI sends no token), gets a notice in place of each encrypted payload.
    for (const [role, notice] of [
      [null, /^Encrypted: personal data\. Sign in as complaints-manager to see it/],
      ['complaints-officer', /^Encrypted: personal data\. Your roles \(complaints-officer\) may not see it; decoding needs one of: complaints-manager\.$/],
    ] as const) {
      const withheld = await decode(role, 'http://127.0.0.1:8233');
      expect(withheld.status).toBe(200);
      expect(withheld.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
      const answer = (await withheld.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
      expect(Buffer.from(answer.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
      const shown = JSON.parse(Buffer.from(answer.payloads[0]!.data, 'base64').toString()) as string;
      expect(shown).toMatch(notice);
      expect(JSON.stringify(answer)).not.toContain(Buffer.from(SECRETS.note).toString('base64').slice(0, 12));
    }
    // A token that is not valid is refused, and encoding needs the role.
    const forged = await fetch(`${api.baseUrl}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' }, body: JSON.stringify(body) });
    expect(forged.status).toBe(401);
    const encode = await fetch(`${api.baseUrl}/codec/encode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(encode.status).toBe(401);

    // The UI's preflight from its origin (the headers it sends) is answered; another origin's is not.
    const preflight = (origin: string) =>
      fetch(`${api.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
      });
    const ui = await preflight('http://127.0.0.1:8233');
    expect(ui.status).toBe(204);
    expect(ui.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(ui.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ui.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/content-type.*x-namespace/);
    expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
    const elsewhere = await decode('complaints-manager', 'https://elsewhere.example');
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});
