import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintInput } from '../../domain/complaint/state';
import { EncryptionCodec } from '../../temporal/codec';
import { startApi, type ApiHarness } from '../helpers/dev-server';

/** The API gives every case it opens the configured spread window for its clock wakes (DEADLINE_WAKE_SPREAD). */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ wakeSpreadMs: 120_000 });
});
afterAll(async () => {
  await api?.stop();
});

async function startInput(reference: string): Promise<ComplaintInput> {
  const history = await api.client.workflow.getHandle(reference).fetchHistory();
  const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  const [decoded] = await new EncryptionCodec(api.payloadKeys).decode([payload]);
  return defaultPayloadConverter.fromPayload<ComplaintInput>(decoded!);
}

describe('the spread window of a new case', () => {
  it('is in the workflow input of a case created through the API', async () => {
    const res = await fetch(`${api.baseUrl}/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-officer')}` },
      body: JSON.stringify({ receivedAt: '2026-11-02T09:00:00Z', channel: 'email', complainant: { name: 'Spread Person (fictional)', type: 'parent' }, summary: 'Spread wakes' }),
    });
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    expect(await startInput(reference)).toMatchObject({ reference, wakeSpreadMs: 120_000 });
  });
});
