import {
  ChildWorkflowCancellationType,
  log,
  ParentClosePolicy,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ComplaintState } from '../../domain/complaint/state';
import { actionWorkflowId, type ActionInput } from '../../domain/actions/commands';
import { pendingActions } from '../../domain/actions/pending';
import { actionWorkflow } from './workflow';

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
