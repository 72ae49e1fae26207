import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

const HISTORIES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');

function recorded(): Array<{ version: string; name: string; file: string }> {
  return fs
    .readdirSync(HISTORIES)
    .filter((version) => fs.statSync(path.join(HISTORIES, version)).isDirectory())
    .flatMap((version) =>
      fs
        .readdirSync(path.join(HISTORIES, version))
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ version, name: f.replace(/\.json$/, ''), file: path.join(HISTORIES, version, f) })),
    );
}

describe('replay of stored histories from every released workflow version', () => {
  const histories = recorded();

  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(4);
  });

  it.each(histories.map((h) => [`${h.version}/${h.name}`, h] as const))('%s replays without non-determinism', async (_label, h) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(h.file, 'utf8')));
    const result = await Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: h.name },
      [{ workflowId: h.name, history }],
    );
    for await (const r of result) {
      expect(r.error, r.error?.message).toBeUndefined();
    }
  });
});
