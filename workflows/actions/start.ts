import {
  ChildWorkflowCancellationType,
  log,
  ParentClosePolicy,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { londonDateOf } from '../../domain/dates';
import type { ComplaintState } from '../../domain/complaint/state';
import { actionIdOf, actionWorkflowId, type ActionInput, type ActionSource } from '../../domain/actions/commands';
import { actionWorkflow } from './workflow';

/** The recommendations of a case whose action has not been started yet, in the order they were made. */
export function pendingActions(state: ComplaintState): Array<Omit<ActionInput, 'calendar' | 'noticeBlock'>> {
  const started = new Set(state.actionsStarted ?? []);
  const made: Array<{ source: ActionSource; recordedAt: string; actor: string; recommendations: Array<{ id: string; owner: string; dueInWorkingDays: number }> }> = [];
  for (const f of state.findings) {
    const recordedBy = [...state.events].reverse().find((e) => e.at === f.recordedAt)?.actor ?? 'system';
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
        from: londonDateOf(Date.parse(m.recordedAt)),
        actor: m.actor,
      });
    }
  }
  return pending;
}

/**
 * Starts an action workflow for each recommendation not yet started, and
 * records it in the state (which continue-as-new carries), so none starts
 * twice. Each is abandoned on the case's close: it outlives the case. A start
 * that finds the action already there (a reset case, a replayed start) counts
 * as started.
 */
export async function startActionPlans(state: ComplaintState): Promise<void> {
  for (const action of pendingActions(state)) {
    const started = (state.actionsStarted ??= []);
    const input: ActionInput = { ...action, calendar: state.calendar, noticeBlock: started.length + 1 };
    try {
      await startChild(actionWorkflow, {
        workflowId: actionWorkflowId(action.actionId),
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        cancellationType: ChildWorkflowCancellationType.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      log.info('action already started', { actionId: action.actionId });
    }
    started.push(action.actionId);
  }
}
