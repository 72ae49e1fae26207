import { WorkingDayCalendar } from '../domain/calendar';
import { londonDateOf } from '../domain/dates';
import type { ComplaintState } from '../domain/complaint/state';
import type { CaseSnapshot } from './types';

/**
 * The snapshot `Records.syncCase` stores, built from the workflow's state.
 * Pure (no Node, no I/O), so the workflow may build it itself and pass it to
 * its records activity. An event's seq is its 1-based position in
 * `state.events`, which only grows; `sinceSeq` leaves out events already
 * synced, to keep activity payloads small on long cases.
 */
export function snapshotFromState(state: ComplaintState, options: { sinceSeq?: number } = {}): CaseSnapshot {
  const calendar = new WorkingDayCalendar(state.calendar);
  const since = options.sinceSeq ?? 0;
  const decision = [...state.events].reverse().find((e) => e.action === 'ombudsman-decision');
  const remedies = typeof decision?.detail?.remedies === 'string' && decision.detail.remedies ? decision.detail.remedies.split(',') : [];
  const compliance = state.deadlines.find((d) => d.key === 'ombudsman.compliance');
  return {
    reference: state.reference,
    receivedAt: state.receivedAt,
    procedure: state.procedure,
    stage: state.stage,
    status: state.status,
    outcome: state.outcome ? { ...state.outcome } : null,
    team: state.team ?? null,
    onHold: state.hold !== undefined,
    receivedOn: state.receivedOn,
    policyId: state.policy.id,
    calendarVersion: state.calendar.version,
    closedAt: state.closedAt ?? null,
    deadlines: state.deadlines.map((d) => ({
      key: d.key,
      kind: d.kind,
      due: d.due,
      state: d.state,
      metAt: d.metAt ?? null,
      missedAt: d.missedAt ?? null,
      explanation: d.explanation,
    })),
    events: state.events
      .map((e, i) => ({ seq: i + 1, ...e }))
      .filter((e) => e.seq > since),
    findings: state.findings.map((f) => ({
      stage: f.stage,
      recordedAt: f.recordedAt,
      heads: f.findings.heads.map((h) => ({
        head: h.head,
        finding: h.finding,
        category: h.category,
        remedies: h.remedies.map((r) => ({ type: r.type, ...(r.amountPence !== undefined ? { amountPence: r.amountPence } : {}) })),
      })),
      // A recommendation is due the given number of working days after the findings were recorded.
      actions: f.findings.recommendations.map((r) => ({
        id: r.id,
        owner: r.owner,
        due: calendar.addWorkingDays(londonDateOf(Date.parse(f.recordedAt)), r.dueInWorkingDays),
      })),
    })),
    ombudsman: state.ombudsman
      ? {
          referredAt: state.ombudsman.referredAt,
          ...(state.ombudsman.reference ? { reference: state.ombudsman.reference } : {}),
          ...(state.ombudsman.decision ? { decision: state.ombudsman.decision } : {}),
          ...(state.ombudsman.decidedAt ? { decidedAt: state.ombudsman.decidedAt } : {}),
          ...(state.ombudsman.complianceDate ? { complianceDate: state.ombudsman.complianceDate } : {}),
          ...(compliance?.metAt ? { compliedAt: compliance.metAt } : {}),
          remedies,
        }
      : null,
  };
}
