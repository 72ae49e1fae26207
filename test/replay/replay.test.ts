import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

const HISTORIES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');

/** Each workflow kind of the bundle, by the prefix of its histories' names (record-kinds.ts); the rest are complaints. */
const KINDS: Array<{ prefix: string; workflowType: string }> = [
  { prefix: 'conduct-', workflowType: 'conductWorkflow' },
  { prefix: 'actions-', workflowType: 'actionWorkflow' },
  { prefix: 'calendar-change-', workflowType: 'calendarChangeWorkflow' },
  { prefix: 'retention-', workflowType: 'retentionWorkflow' },
];

function workflowTypeOf(name: string): string {
  return KINDS.find((k) => name.startsWith(k.prefix))?.workflowType ?? 'complaintWorkflow';
}

function recorded(): Array<{ version: string; name: string; file: string; workflowType: string }> {
  return fs
    .readdirSync(HISTORIES)
    .filter((version) => fs.statSync(path.join(HISTORIES, version)).isDirectory())
    .flatMap((version) =>
      fs
        .readdirSync(path.join(HISTORIES, version))
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ version, name: f.replace(/\.json$/, ''), file: path.join(HISTORIES, version, f), workflowType: workflowTypeOf(f) })),
    );
}

describe('replay of stored histories from every released workflow version', () => {
  const histories = recorded();

  it('has histories to replay, of every workflow kind', () => {
    expect(histories.length).toBeGreaterThanOrEqual(4);
    const kinds = new Set(histories.map((h) => h.workflowType));
    expect([...kinds].sort()).toEqual(['actionWorkflow', 'calendarChangeWorkflow', 'complaintWorkflow', 'conductWorkflow', 'retentionWorkflow']);
  });

  it.each(histories.map((h) => [`${h.version}/${h.name}`, h] as const))('%s replays without non-determinism', async (_label, h) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(h.file, 'utf8')));
    // The file's name says its kind; the replay runs the workflow type its history started.
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name).toBe(h.workflowType);
    const result = await Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: h.name },
      [{ workflowId: h.name, history }],
    );
    let replayed = 0;
    for await (const r of result) {
      replayed++;
      expect(r.error, r.error?.message).toBeUndefined();
    }
    expect(replayed).toBe(1);
  });
});
