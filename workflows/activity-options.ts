import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How every workflow calls its idempotent delivery and filing activities.
 * Heartbeats every few seconds: a worker that dies mid-delivery is noticed in
 * 15 s and the work retried elsewhere, which takes over its letter once the
 * dead attempt's claim lapses (a minute unrenewed: activities/delivery/correspondence.ts).
 * Retries for hours, then the caller records the failure: a case never fails for a letter.
 */
export function deliveryOptions(nonRetryable: readonly string[] = []): ActivityOptions {
  return {
    heartbeatTimeout: '15 seconds',
    startToCloseTimeout: '5 minutes',
    retry: {
      initialInterval: '5 seconds',
      backoffCoefficient: 2,
      maximumInterval: '10 minutes',
      maximumAttempts: 50,
      nonRetryableErrorTypes: ['TemplateError', 'CaseNotFound', ...nonRetryable],
    },
  };
}
