import { calendarOf } from './clocks';
import { pinnedVersion } from '../policy-versions';
import { actionStartOf, firstDue } from '../actions/state';
import { deadlineFacts, type CaseEvent, type ComplaintState } from './state';
import type { CaseParty } from '../access';
import { partiesOf } from './parties';

/**
 * The workflow's side of a case, as the records store files it
 * (`Records.syncCase`), and the pure function that builds it from the
 * workflow's state. Pure (no Node, no I/O), so the workflow builds it itself
 * and passes it to its records activity.
 */

/** A deadline as filed: the clock's key, its due date and state, and why that date. */
export interface SnapshotDeadline {
  key: string;
  kind: 'duty' | 'window';
  due: string;
  state: string;
  metAt: string | null;
  missedAt?: string | null;
  explanation: string;
}

/** A workflow event with its 1-based position in the workflow's event list: the idempotency key. */
export type SnapshotEvent = CaseEvent & { seq: number };

export interface SnapshotFindings {
  stage: 'stage1' | 'stage2' | 'stage3';
  recordedAt: string;
  heads: Array<{
    head: string;
    finding: 'upheld' | 'partially-upheld' | 'not-upheld';
    category: string;
    remedies: Array<{ type: string; amountPence?: number }>;
  }>;
  /** Recommendations as actions, each due on a date the caller computed. */
  actions: Array<{ id: string; owner: string; due: string }>;
}

export interface SnapshotOmbudsman {
  referredAt: string;
  reference?: string;
  decision?: string;
  decidedAt?: string;
  remedies?: string[];
  complianceDate?: string;
  compliedAt?: string;
}

/** The workflow's side of a case, as `syncCase` stores it. Build it with `snapshotFromState`. */
export interface CaseSnapshot {
  reference: string;
  /** Receipt as the workflow holds it: enough to file a case that was not logged through the API (an import, a test). */
  receivedAt: string;
  procedure: string;
  stage: string;
  status: string;
  outcome: Record<string, unknown> | null;
  team: string | null;
  onHold: boolean;
  receivedOn: string;
  policyId: string;
  /** The version of the policy the case started on (absent from workers before versions: 1). */
  policyVersion?: number;
  calendarVersion: string;
  closedAt: string | null;
  deadlines: SnapshotDeadline[];
  /** All events, or only those since the last sync: either way each is stored once. */
  events: SnapshotEvent[];
  findings: SnapshotFindings[];
  ombudsman: SnapshotOmbudsman | null;
  /** Who has a part in the case, by staff id (parties.ts): the records store filters listings by it. */
  parties: CaseParty[];
  /** The themes of the learning recorded per stage, and the complainant's latest satisfaction (absent from workers before them). */
  learning?: Array<{ stage: 'stage1' | 'stage2' | 'stage3'; themes: string[]; recordedAt: string }>;
  satisfaction?: string | null;
}

/**
 * The snapshot from the workflow's state. An event's seq is its 1-based
 * position in `state.events`, which only grows; `sinceSeq` leaves out events
 * already synced, to keep activity payloads small on long cases.
 */
export function snapshotFromState(state: ComplaintState, options: { sinceSeq?: number } = {}): CaseSnapshot {
  // The case's own calendar, built once per case (clocks.ts), and no pass over the whole chronology: a sync's
  // work stays the same on the 200th transition as on the first.
  const calendar = calendarOf(state);
  const since = options.sinceSeq ?? 0;
  const decision = state.ombudsman ? state.events.findLast((e) => e.action === 'ombudsman-decision') : undefined;
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
    policyVersion: pinnedVersion(state.policy),
    calendarVersion: state.calendar.version,
    closedAt: state.closedAt ?? null,
    deadlines: state.deadlines.map(deadlineFacts),
    events: state.events.slice(since).map((e, i) => ({ seq: since + i + 1, ...e })),
    findings: state.findings.map((f) => ({
      stage: f.stage,
      recordedAt: f.recordedAt,
      heads: f.findings.heads.map((h) => ({
        head: h.head,
        finding: h.finding,
        category: h.category,
        remedies: h.remedies.map((r) => ({ type: r.type, ...(r.amountPence !== undefined ? { amountPence: r.amountPence } : {}) })),
      })),
      // The action's first due date, as its own workflow counts it (domain/actions/state.ts).
      actions: f.findings.recommendations.map((r) => ({
        id: r.id,
        owner: r.owner,
        due: firstDue(calendar, actionStartOf(f.recordedAt), r.dueInWorkingDays, f.stage).due,
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
    parties: partiesOf(state),
    learning: (state.learning ?? []).map((l) => ({ stage: l.stage, themes: [...l.themes], recordedAt: l.recordedAt })),
    satisfaction: state.satisfaction?.answer ?? null,
  };
}
