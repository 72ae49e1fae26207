import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';
import { caseViewQuery, commandUpdates } from '../../workflows/complaint/messages';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { eventually } from '../helpers/eventually';

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

function workers(address: string, taskQueue: string, sink: string) {
  const start = async (delayMs: number) => {
    // One process (node with tsx as its loader), so SIGKILL reaches the worker itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/durability/worker-process.ts'], {
      cwd: ROOT as string,
      env: { ...process.env, TEMPORAL_ADDRESS: address, TASK_QUEUE: taskQueue, BUNDLE: inject('workflowBundlePath'), SINK_FILE: sink, NOTICE_DELAY_MS: String(delayMs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
    return child;
  };
  const kill = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  return { start, kill };
}

const STEPS = (handle: { executeUpdate: WorkflowHandle<typeof complaintWorkflow>['executeUpdate'] }): Array<() => Promise<unknown>> => [
  () => handle.executeUpdate(commandUpdates.hold, { args: [{ actor: 'officer-1', reason: 'safeguarding' }] }),
  () => handle.executeUpdate(commandUpdates['release-hold'], { args: [{ actor: 'officer-1' }] }),
  () => handle.executeUpdate(commandUpdates.respond, { args: [{ actor: 'manager-1' }] }),
];

describe('a worker killed with SIGKILL and started again', () => {
  it('mid-activity and mid-workflow-task, on the dev server: the case ends the same, with exactly one letter per step', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-kill-'));
    const sink = path.join(dir, 'letters.jsonl');
    const taskQueue = `killable-${Date.now()}`;
    const address = inject('devServerAddress');
    const client = new Client({ connection: await Connection.connect({ address }) });
    const { start, kill } = workers(address, taskQueue, sink);
    let worker = await start(5_000);
    try {
      const reference = `CSC-2026-K${Date.now().toString(36).slice(-5).toUpperCase()}`;
      const handle = await client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue,
        workflowTaskTimeout: '2s',
        args: [{ reference, receivedAt: new Date(Date.now() - 60_000).toISOString(), policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData(), actor: 'officer-1' }],
      });
      await handle.executeUpdate(commandUpdates.triage, { args: [{ actor: 'officer-1', decision: 'stage1' }] });
      // The acknowledgement letter is delivered by an activity that takes 5 s: kill the worker inside it.
      await handle.executeUpdate(commandUpdates.acknowledge, { args: [{ actor: 'officer-1' }] });
      await eventually(async () => lines(`${sink}.attempts`).length, (n) => n === 1, 20_000);
      await kill(worker);
      await new Promise((r) => setTimeout(r, 6_000));
      expect(lines(sink)).toEqual([]); // the killed attempt never finished

      worker = await start(0);
      // The dead attempt stops heartbeating; after the heartbeat timeout the retry goes to the new worker.
      await eventually(async () => lines(sink).length, (n) => n === 1, 40_000);
      expect(lines(`${sink}.attempts`)).toHaveLength(2);

      // Mid-workflow-task: each command's task may be cut short by a kill at a random moment.
      for (const step of STEPS(handle)) {
        const pending = step();
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
        await kill(worker);
        worker = await start(0);
        await pending;
      }

      const view = await eventually(() => handle.query(caseViewQuery), (v) => v.status === 'awaiting-escalation', 30_000);
      expect(view.events.map((e) => e.action)).toEqual(['received', 'triaged', 'acknowledged', 'held', 'hold-released', 'responded']);
      // Letters: acknowledgement, on hold, resumed, Stage 1 response: each exactly once, in order.
      const letters = await eventually(async () => lines(sink).map((l) => JSON.parse(l) as { id: number; subject: string }), (l) => l.length === 4, 30_000);
      expect(letters.map((l) => l.subject)).toEqual(['stage1-acknowledgement', 'case-on-hold', 'case-resumed', 'stage1-response']);
      expect(new Set(letters.map((l) => l.id)).size).toBe(4);
      await handle.terminate('test over');
    } finally {
      await kill(worker).catch(() => undefined);
      await client.connection.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
