import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { londonDateOf } from '../../domain/dates';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../../temporal/schedules';
import { retentionCutoffDate } from '../../workflows/retention/cutoff';
import type { RetentionResult } from '../../workflows/retention/workflow';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { newCase, snapshot } from '../records/fixtures';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  // A schedule left by an earlier run on the same server would make "created" an "updated".
  await api.client.schedule.getHandle(RETENTION_SCHEDULE_ID).delete().catch(() => undefined);
});
afterAll(async () => {
  await api?.client.schedule.getHandle(RETENTION_SCHEDULE_ID).delete().catch(() => undefined);
  await api?.stop();
});

/** A case received and closed (resolved at Stage 1) at the given instants. */
async function closedCase(reference: string, receivedAt: string, closedAt: string): Promise<void> {
  const receivedOn = londonDateOf(Date.parse(receivedAt));
  await api.records.createCase(newCase(reference, { receivedAt }));
  await api.records.syncCase(
    snapshot(reference, {
      receivedAt: new Date(receivedAt).toISOString(),
      receivedOn,
      stage: 'closed',
      status: 'closed',
      outcome: { kind: 'resolved', stage: 'stage1' },
      closedAt: new Date(closedAt).toISOString(),
      deadlines: [{ key: 'stage1.respond', kind: 'duty', due: londonDateOf(Date.parse(closedAt)), state: 'met', metAt: new Date(closedAt).toISOString(), explanation: 'test' }],
      events: [
        { seq: 1, action: 'received', actor: 'officer-1', at: receivedAt, recordedAt: receivedAt },
        { seq: 2, action: 'triaged', actor: 'officer-1', at: receivedAt, recordedAt: receivedAt, detail: { decision: 'stage1' } },
        { seq: 3, action: 'responded', actor: 'manager-1', at: closedAt, recordedAt: closedAt, note: 'Spoke to Alex Parent' },
      ],
    }),
  );
}

async function runScheduleOnce(): Promise<RetentionResult> {
  const handle = api.client.schedule.getHandle(RETENTION_SCHEDULE_ID);
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger();
  const actions = await eventually(async () => (await handle.describe()).info.recentActions, (a) => a.length > before, 20_000);
  const started = actions[actions.length - 1]!.action;
  return api.client.workflow.getHandle(started.workflow.workflowId, started.workflow.firstExecutionRunId).result();
}

describe('the records-retention Schedule on the dev server', () => {
  it('is set up idempotently, daily at 02:30 London, skipping overlaps, catching up one day', async () => {
    const options = { taskQueue: api.taskQueue, policyId: 'england-statutory' };
    expect(await ensureRetentionSchedule(api.client, options)).toBe('created');
    expect(await ensureRetentionSchedule(api.client, options)).toBe('updated');

    const schedules: string[] = [];
    for await (const s of api.client.schedule.list()) schedules.push(s.scheduleId);
    expect(schedules.filter((id) => id === RETENTION_SCHEDULE_ID)).toHaveLength(1);

    const described = await api.client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    expect(described.spec.timezone).toBe('Europe/London');
    expect(described.spec.calendars).toHaveLength(1);
    expect(described.spec.calendars![0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(described.policies).toMatchObject({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 86_400_000 });
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: api.taskQueue, args: [{ policyId: 'england-statutory' }] });
  });

  it('when triggered, disposes of the personal data of a case closed over 6 years ago, keeps a recent one, and leaves the report as it was', async () => {
    const old = 'CSC-2019-RET001';
    const recent = 'CSC-2026-RET002';
    await closedCase(old, '2019-03-04T10:00:00Z', '2019-03-15T16:00:00Z');
    const now = Date.now();
    await closedCase(recent, new Date(now - 30 * 86_400_000).toISOString(), new Date(now - 86_400_000).toISOString());
    const periods = [
      { from: '2018-04-01', to: '2019-03-31' },
      { from: londonDateOf(now - 40 * 86_400_000), to: londonDateOf(now) },
    ];
    const reportsBefore = await Promise.all(periods.map((p) => api.records.report(p)));
    expect(reportsBefore[0]!.stages.stage1).toMatchObject({ received: 1, resolved: 1 });
    expect(reportsBefore[1]!.stages.stage1).toMatchObject({ received: 1, resolved: 1 });

    // Stored Idempotency-Key answers of a case kept: one older than ANSWERS_KEPT_DAYS, one fresh.
    const answer = (key: string) => ({ key, actor: 'officer-1', method: 'POST', path: `/v1/complaints/${recent}/commands/acknowledge`, status: 200, body: { reference: recent }, reference: recent });
    await api.records.rememberResponse(answer('stale-answer'));
    await api.records.rememberResponse(answer('fresh-answer'));
    await api.records.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '31 days' WHERE key = 'stale-answer'`);

    const dayBefore = londonDateOf(Date.now());
    const result = await runScheduleOnce();
    // The run's cut-off is today's London date six years back (allowing for a run that crosses midnight).
    expect([retentionCutoffDate(Date.parse(`${dayBefore}T12:00:00Z`), 6), retentionCutoffDate(Date.now(), 6)]).toContain(result.cutoffDate);
    expect(result).toMatchObject({ policyId: 'england-statutory', retentionYears: 6, disposed: 1 });

    const disposed = await api.records.getCase(old);
    expect(disposed).toMatchObject({ summary: null, desiredOutcome: null, complainantType: 'parent' });
    expect(disposed!.people).toEqual([]);
    const events = await api.records.listEvents(old);
    expect(events.find((e) => e.action === 'responded')).toMatchObject({ note: null, detail: null });
    expect(events.at(-1)).toMatchObject({ action: 'personal-data-disposed', actor: 'retention' });

    expect(await api.records.recallResponse('stale-answer', 'officer-1')).toBeUndefined();
    expect(await api.records.recallResponse('fresh-answer', 'officer-1')).toMatchObject({ reference: recent, status: 200 });

    const kept = await api.records.getCase(recent);
    expect(kept!.summary).toBe('Contact arrangements changed without notice');
    expect(kept!.people.map((p) => p.name)).toEqual(['Alex Parent', 'Sam Child']);

    expect(await Promise.all(periods.map((p) => api.records.report(p)))).toEqual(reportsBefore);

    // Run again: nothing left to dispose of, nothing written twice.
    expect(await runScheduleOnce()).toMatchObject({ disposed: 0 });
    expect((await api.records.listEvents(old)).filter((e) => e.action === 'personal-data-disposed')).toHaveLength(1);
  });
});
