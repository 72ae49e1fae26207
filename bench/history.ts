// The history of a full three-stage case, as Temporal stores it (payloads
// encrypted, as the product runs): how many events, how big, and the largest
// payload in it.
import proto from '@temporalio/proto';
import { fmt, machineLoad, progress, startHarness, THREE_STAGE_RECEIVED_AT, THREE_STAGE_STEPS } from './harness';

// A CommonJS module: its namespace comes through the default export under Node's ESM loader.
const { temporal } = proto;

interface Found { bytes: number; eventId: number; eventType: string; where: string }

function isPayload(value: unknown): value is { data?: Uint8Array | null; metadata?: Record<string, Uint8Array> | null } {
  return typeof value === 'object' && value !== null && 'metadata' in value && 'data' in value && (value as { data: unknown }).data instanceof Uint8Array;
}

/** Every payload under `value`, with its size as stored (data and metadata). */
function payloads(value: unknown, where: string, out: Array<{ bytes: number; where: string }>): void {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  if (isPayload(value)) {
    const metadata = Object.entries(value.metadata ?? {}).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
    out.push({ bytes: (value.data?.length ?? 0) + metadata, where });
    return;
  }
  for (const [key, child] of Object.entries(value)) payloads(child, `${where}.${key}`, out);
}

export async function historySection(): Promise<string[]> {
  const load = machineLoad();
  const h = await startHarness({ encrypt: true });
  try {
    progress('history: a case through all three stages…');
    const reference = await h.createCase(0, THREE_STAGE_RECEIVED_AT);
    for (const [name, body] of THREE_STAGE_STEPS) await h.command(reference, name, body);
    const handle = h.client.workflow.getHandle(reference);
    // Let the letters owed by the last step go out before reading the history.
    for (let quietChecks = 0, i = 0; quietChecks < 3 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const { raw } = await handle.describe();
      quietChecks = (raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask ? quietChecks + 1 : 0;
    }
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const totalBytes = temporal.api.history.v1.History.encode(history).finish().length;
    let largest: Found = { bytes: 0, eventId: 0, eventType: '', where: '' };
    let payloadCount = 0;
    let payloadBytes = 0;
    const byType = new Map<string, number>();
    for (const event of events) {
      const type = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType);
      const name = type.replace(/^EVENT_TYPE_/, '');
      byType.set(name, (byType.get(name) ?? 0) + 1);
      const found: Array<{ bytes: number; where: string }> = [];
      payloads(event, '', found);
      for (const p of found) {
        payloadCount++;
        payloadBytes += p.bytes;
        if (p.bytes > largest.bytes) largest = { bytes: p.bytes, eventId: Number(event.eventId), eventType: name, where: p.where.replace(/^\./, '') };
      }
    }
    const common = [...byType.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
    return [
      "## A full case's history",
      '',
      `Run ${new Date().toISOString()}; ${load}. One case created through the API and taken through all three stages (${THREE_STAGE_STEPS.length} commands, the steps of test/api/three-stages-http.test.ts) to its final response; its history read when the last letter had gone, payloads encrypted as the product stores them.`,
      '',
      '| measured | value |',
      '|---|---|',
      `| events | ${events.length} |`,
      `| history size (encoded) | ${(totalBytes / 1024).toFixed(1)} KiB |`,
      `| payloads | ${payloadCount}, ${(payloadBytes / 1024).toFixed(1)} KiB in all |`,
      `| largest payload | ${largest.bytes.toLocaleString('en-GB')} bytes (${fmt(largest.bytes / 1024)} KiB): event ${largest.eventId}, ${largest.eventType}, \`${largest.where}\` |`,
      `| most common events | ${common.map(([t, n]) => `${t} ${n}`).join(', ')} |`,
      '',
      "The case view an Update answers with grows with the case's events, so the largest payload is a late step's answer. Temporal's own limits are 2 MiB a payload and 50 MiB (and 51,200 events) a history; the workflow continues as new at 2,000 events.",
      '',
    ];
  } finally {
    await h.stop();
  }
}
