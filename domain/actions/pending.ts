import type { ComplaintState } from '../complaint/state';
import { actionIdOf, type ActionInput, type ActionSource } from './commands';
import { actionStartOf } from './state';

/** The recommendations of a case whose action has not been started yet, in the order they were made. */
export function pendingActions(state: ComplaintState): Array<Omit<ActionInput, 'calendar' | 'noticeBlock'>> {
  const started = new Set(state.actionsStarted ?? []);
  const made: Array<{ source: ActionSource; recordedAt: string; actor: string; recommendations: Array<{ id: string; owner: string; dueInWorkingDays: number }> }> = [];
  for (const f of state.findings) {
    // The latest event at that instant, found without copying the chronology (this runs on every pass).
    const recordedBy = state.events.findLast((e) => e.at === f.recordedAt)?.actor ?? 'system';
    made.push({ source: f.stage, recordedAt: f.recordedAt, actor: recordedBy, recommendations: f.findings.recommendations });
  }
  const ombudsman = state.ombudsman;
  if (ombudsman?.decidedAt && ombudsman.recommendations?.length) {
    const recordedBy = state.events.find((e) => e.action === 'ombudsman-decision')?.actor ?? 'system';
    made.push({ source: 'ombudsman', recordedAt: ombudsman.decidedAt, actor: recordedBy, recommendations: ombudsman.recommendations });
  }
  const pending: Array<Omit<ActionInput, 'calendar' | 'noticeBlock'>> = [];
  for (const m of made) {
    for (const r of m.recommendations) {
      const actionId = actionIdOf(state.reference, m.source, r.id);
      if (started.has(actionId) || pending.some((p) => p.actionId === actionId)) continue;
      pending.push({
        actionId,
        reference: state.reference,
        source: m.source,
        recommendationId: r.id,
        owner: r.owner,
        dueInWorkingDays: r.dueInWorkingDays,
        from: actionStartOf(m.recordedAt),
        actor: m.actor,
      });
    }
  }
  return pending;
}
