import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import { createActivities, type NoticeSink } from '../../activities';
import type { Notice } from '../../domain/complaint/state';
import { dataConverter } from '../../temporal/data-converter';
import { openCase, viewWhen } from '../helpers/cases';
import { scenario, type Scenario } from '../helpers/time-skipping';

/** Every notice delivered, with the test server's clock at delivery. */
function collectingSink(scenarioOf: () => Scenario, delivered: Array<{ notice: Notice; at: string }>): NoticeSink {
  return {
    async deliver(_reference, notice) {
      delivered.push({ notice, at: new Date(await scenarioOf().env.currentTimeMs()).toISOString() });
    },
  };
}

async function workerOn(s: Scenario, sink: NoticeSink): Promise<Worker> {
  return Worker.create({
    connection: s.env.nativeConnection,
    namespace: s.env.namespace ?? 'default',
    taskQueue: s.taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    dataConverter: dataConverter(undefined),
    activities: createActivities({ notices: sink }),
  });
}

describe('timers that fall due while no worker runs', () => {
  it('fire on the server on their date, and the worker that returns marks the deadline missed and sends each reminder and the breach alert once', async () => {
    // Received Fri 18 Dec 2026: acknowledgement due Wed 23 Dec (Christmas week), so the clock ends at 24 Dec 00:00 London (GMT).
    const delivered: Array<{ notice: Notice; at: string }> = [];
    const sink = collectingSink(() => s, delivered);
    const s: Scenario = await scenario('2026-12-18T10:00:00Z', { activities: createActivities({ notices: sink }), maxCachedWorkflows: 0 });
    const reference = `CSC-2026-${randomUUID().slice(0, 6).toUpperCase().replace(/[^0-9A-Z]/g, '7')}`;
    try {
      const handle = await s.worker.runUntil(async () => {
        const h = await openCase(s, { reference, receivedAt: '2026-12-18T09:30:00Z' });
        await viewWhen(h, (v) => v.deadlines.length === 1);
        // Idle: the workflow waits on its timer, nothing in flight.
        for (;;) {
          const { raw } = await h.describe();
          if (!raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        return h;
      });
      // The worker is gone. Time moves past the due date: the server fires the timers on their own.
      const sleeping = s.env.sleep(Date.parse('2026-12-24T09:00:00Z') - (await s.env.currentTimeMs()));
      const fired = await (async () => {
        for (let i = 0; i < 400; i++) {
          const history = await handle.fetchHistory();
          const timers = (history.events ?? []).filter((e) => e.timerFiredEventAttributes);
          if (timers.length > 0) return timers;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('no timer fired while the worker was down');
      })();
      // The first timer to fire is the reminder at 09:00 on Mon 21 Dec, two working days before the
      // due date, while no worker polls. (The test server's clock then waits for a worker to take that task.)
      const firedAt = new Date(Number(fired[0]!.eventTime!.seconds) * 1000).toISOString();
      expect(firedAt).toBe('2026-12-21T09:00:00.000Z');
      expect(fired).toHaveLength(1);
      expect(delivered.filter((d) => d.notice.kind !== 'letter')).toEqual([]);
      // Nobody has taken the task the timer made (a query would wait for a worker too).
      const events = (await handle.fetchHistory()).events ?? [];
      expect(events.findIndex((e) => e.timerFiredEventAttributes)).toBe(events.length - 2);
      expect(events.at(-1)?.workflowTaskScheduledEventAttributes).toBeTruthy();

      // The worker returns: the fired timers run, the deadline is missed, and each notice goes out once.
      const second = await workerOn(s, sink);
      await second.runUntil(async () => {
        await sleeping;
        const missed = await viewWhen(handle, (v) => v.deadlines[0]?.state === 'missed');
        expect(missed.deadlines[0]).toMatchObject({ key: 'stage1.acknowledge', due: '2026-12-23', state: 'missed', metAt: null });
        for (let i = 0; i < 200 && delivered.length < 3; i++) await new Promise((r) => setTimeout(r, 25));
        // Each once, in order, stamped with the test server's clock when delivered: the reminder
        // due while the worker was down goes out when it returns (the clock waited for it).
        expect(delivered.map((d) => [d.notice.kind, d.notice.subject, d.notice.detail.due, d.at.slice(0, 16)])).toEqual([
          ['reminder', 'stage1.acknowledge', '2026-12-23', '2026-12-21T09:00'],
          ['reminder', 'stage1.acknowledge', '2026-12-23', '2026-12-22T09:00'],
          ['breach-alert', 'stage1.acknowledge', '2026-12-23', '2026-12-24T00:00'],
        ]);
        expect(delivered[2]!.notice.detail).toMatchObject({ to: 'complaints-manager' });
      });
    } finally {
      await s.env.teardown();
    }
  });
});
