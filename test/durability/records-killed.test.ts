import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { openPostgres, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';
import { caseViewQuery, commandUpdates } from '../../workflows/complaint/messages';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { eventually } from '../helpers/eventually';
import { newCase } from '../records/fixtures';
import { startPostgres, type TestPostgres } from '../setup/postgres';

let pg: TestPostgres;
let db: Db;
beforeAll(async () => {
  pg = await startPostgres();
  db = await openPostgres(pg.url);
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
  await pg?.stop();
});

/** Worker processes filing into the test's PostgreSQL database; a sync pauses before COMMIT while `<dir>/pause` exists. */
function workers(address: string, taskQueue: string, dir: string) {
  const start = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/durability/worker-process.ts'], {
      cwd: ROOT as string,
      env: { ...process.env, TEMPORAL_ADDRESS: address, TASK_QUEUE: taskQueue, BUNDLE: inject('workflowBundlePath'), RECORDS_DATABASE_URL: pg.url, SYNC_PAUSE_DIR: dir },
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

const eventRows = (reference: string) =>
  db.query<{ seq: number; action: string; rows: number }>(
    `SELECT seq, min(action) AS action, count(*)::int AS rows FROM events WHERE reference = $1 AND seq IS NOT NULL GROUP BY seq ORDER BY seq`,
    [reference],
  );

describe('a worker killed with SIGKILL inside a records sync transaction', () => {
  it('rolls the sync back; the retry on a new worker leaves exactly one row per event and one letter per step', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-records-kill-'));
    const taskQueue = `records-killable-${Date.now()}`;
    const address = inject('devServerAddress');
    const client = new Client({ connection: await Connection.connect({ address }) });
    const { start, kill } = workers(address, taskQueue, dir);
    const records = new Records(db);
    let worker = await start();
    try {
      const reference = `CSC-2026-R${Date.now().toString(36).slice(-5).toUpperCase()}`;
      const receivedAt = new Date(Date.now() - 60_000).toISOString();
      await records.createCase(newCase(reference, { receivedAt }));
      const handle = await client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue,
        workflowTaskTimeout: '2s',
        args: [{ reference, receivedAt, policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData(), actor: 'officer-1' }],
      });
      await handle.executeUpdate(commandUpdates.triage, { args: [{ actor: 'officer-1', decision: 'stage1' }] });
      await eventually(async () => (await eventRows(reference)).rows.length, (n) => n === 2, 20_000);

      // The acknowledgement's sync does its writes, then waits before COMMIT: kill the worker there.
      fs.writeFileSync(path.join(dir, 'pause'), '');
      const acknowledged = handle.executeUpdate(commandUpdates.acknowledge, { args: [{ actor: 'officer-1' }] });
      await eventually(async () => fs.existsSync(path.join(dir, 'waiting')), Boolean, 20_000);
      // Inside the transaction: a session idle in it (a letter's claim may briefly be another), its rows invisible to everyone else.
      const open = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`);
      expect(open.rows[0]!.n).toBeGreaterThanOrEqual(1);
      expect((await eventRows(reference)).rows.map((r) => r.action)).toEqual(['received', 'triaged']);
      await kill(worker);
      fs.rmSync(path.join(dir, 'pause'));
      // The server sees the socket close and rolls the transaction back.
      await eventually(async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`)).rows[0]!.n, (n) => n === 0, 10_000);
      expect((await eventRows(reference)).rows.map((r) => r.action)).toEqual(['received', 'triaged']);

      worker = await start();
      // The dead attempt stops heartbeating; after the heartbeat timeout the sync is retried on the new worker.
      await acknowledged;
      await eventually(async () => (await eventRows(reference)).rows.length, (n) => n === 3, 60_000);

      for (const step of [
        () => handle.executeUpdate(commandUpdates.hold, { args: [{ actor: 'officer-1', reason: 'safeguarding' }] }),
        () => handle.executeUpdate(commandUpdates['release-hold'], { args: [{ actor: 'officer-1' }] }),
        () => handle.executeUpdate(commandUpdates.respond, { args: [{ actor: 'manager-1' }] }),
      ]) {
        await step();
      }
      const view = await eventually(() => handle.query(caseViewQuery), (v) => v.status === 'awaiting-escalation', 30_000);
      const actions = ['received', 'triaged', 'acknowledged', 'held', 'hold-released', 'responded'];
      expect(view.events.map((e) => e.action)).toEqual(actions);

      const rows = await eventually(async () => (await eventRows(reference)).rows, (r) => r.length === actions.length, 30_000);
      expect(rows).toEqual(actions.map((action, i) => ({ seq: i + 1, action, rows: 1 })));
      // The case's own columns came with the retried sync too.
      expect(await records.getCase(reference)).toMatchObject({ stage: 'stage1', status: 'awaiting-escalation' });

      // Letters: acknowledgement, on hold, resumed, Stage 1 response: each exactly once.
      const letters = await eventually(
        async () => (await records.listCorrespondence(reference)).filter((c) => c.kind === 'letter'),
        // The outbox settles a letter as queued (stored for printing), never left 'sending'.
        (l) => l.length === 4 && l.every((c) => c.status === 'queued'),
        30_000,
      );
      expect(letters.map((l) => l.template)).toEqual(['stage1-acknowledgement', 'case-on-hold', 'case-resumed', 'stage1-response']);
      expect(new Set(letters.map((l) => l.noticeId)).size).toBe(4);
      await handle.terminate('test over');
    } finally {
      await kill(worker).catch(() => undefined);
      await client.connection.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
