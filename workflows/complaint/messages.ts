import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { CaseView } from './state';

/**
 * Messages of the complaint workflow. The API imports these definitions and
 * the zod schemas of their inputs, never their string names.
 */

/** Common to every transition: who did it, when it happened, an optional note. */
export const stepInputSchema = z.object({
  /** The staff member (token subject) recorded as the actor. */
  actor: z.string().min(1).max(200),
  /** When the step happened (ISO 8601 with offset); defaults to now. */
  at: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(10_000).optional(),
});
export type StepInput = z.infer<typeof stepInputSchema>;

/**
 * Acknowledge the complaint (stage1.acknowledge). Result: the case view.
 * Refused when the case is not at Stage 1, already acknowledged, or `at` is
 * in the future or before receipt.
 */
export const acknowledgeUpdate = defineUpdate<CaseView, [StepInput]>('acknowledge');

/** The case view: deadlines with their explanations, and events. */
export const caseViewQuery = defineQuery<CaseView>('caseView');
