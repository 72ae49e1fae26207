import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TRANSITION_REFUSED } from '../../workflows/complaint/workflow';

/** The reason a workflow validator gave for refusing an update; fails if it was accepted or failed otherwise. */
export async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === TRANSITION_REFUSED) {
      return error.cause.message;
    }
    throw error;
  }
  throw new Error('the update was accepted, but a refusal was expected');
}
