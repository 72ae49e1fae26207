import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { getPolicy } from '../../domain/policy';
import { retentionCutoffDate } from './cutoff';

export interface RetentionInput {
  /** The council policy whose retentionYears applies (config DEFAULT_POLICY). */
  policyId: string;
}

export interface RetentionResult {
  policyId: string;
  retentionYears: number;
  /** Cases closed before this London date had their personal data disposed of. */
  cutoffDate: string;
  /** Cases disposed of by this run (a case already disposed of is not counted again). */
  disposed: number;
}

const { disposePersonalData } = proxyActivities<Activities>({
  // One transaction over every due case; idempotent, so a retry after a lost worker disposes of nothing twice.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 10 },
});

/**
 * The daily retention run (Schedule 'records-retention'): disposes of the
 * personal data of cases closed longer ago than the policy's retentionYears,
 * keeping the anonymous facts the annual report counts. The cut-off comes
 * from the workflow's (deterministic) clock: the London date the run starts.
 */
export async function retentionWorkflow(input: RetentionInput): Promise<RetentionResult> {
  let retentionYears: number;
  try {
    retentionYears = getPolicy(input.policyId).retentionYears;
  } catch (error) {
    // An unknown policy will not become known on retry: fail the run, not the task.
    throw ApplicationFailure.nonRetryable(`retention: ${(error as Error).message}`, 'UnknownPolicy');
  }
  const cutoffDate = retentionCutoffDate(Date.now(), retentionYears);
  const { disposed } = await disposePersonalData({ cutoffDate });
  return { policyId: input.policyId, retentionYears, cutoffDate, disposed };
}
