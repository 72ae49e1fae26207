import type { ActionState } from './state';

/**
 * The action as its workflow hands it to the records store after each change
 * (`ActionRecords.record`, records/actions.ts): the workflow builds it, the
 * store files it, so the type lives with the procedure, not with either side.
 */

/** What the action's workflow stores after each change. Events are those not yet stored, each with its 1-based position. */
export interface ActionSnapshot {
  actionId: string;
  workflowId: string;
  reference: string;
  source: string;
  recommendationId: string;
  owner: string;
  due: string;
  explanation: string;
  status: 'open' | 'done';
  completedAt: string | null;
  completedBy: string | null;
  evidenceNoteId: string | null;
  escalations: Array<{ to: string; due: string; at: string }>;
  events: Array<{ seq: number; action: string; actor: string; at: string; recordedAt: string; detail?: Record<string, string | number> }>;
}

/** The action's snapshot after a change: the events after `sinceSeq` only (those already stored are not sent again). */
export function actionSnapshot(state: ActionState, workflowId: string, sinceSeq: number): ActionSnapshot {
  return {
    actionId: state.input.actionId,
    workflowId,
    reference: state.input.reference,
    source: state.input.source,
    recommendationId: state.input.recommendationId,
    owner: state.owner,
    due: state.due,
    explanation: state.explanation,
    status: state.status,
    completedAt: state.completed?.at ?? null,
    completedBy: state.completed?.by ?? null,
    evidenceNoteId: state.completed?.noteId ?? null,
    escalations: state.escalations,
    events: state.events.map((e, i) => ({ seq: i + 1, ...e })).filter((e) => e.seq > sinceSeq),
  };
}
