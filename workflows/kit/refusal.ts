import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { TransitionRefused } from '../../domain/refusal';

/**
 * Failure type of every command a workflow refuses, whatever its kind: the
 * state does not allow it, or its input is invalid (the API's 409). Declared
 * here once; the rules throw the pure TransitionRefused (domain/refusal.ts).
 */
export const TRANSITION_REFUSED = 'TransitionRefused';

/** Runs a plan; a refusal becomes the non-retryable ApplicationFailure above, anything else stays a bug. */
export function planOrRefuse<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof TransitionRefused) throw ApplicationFailure.nonRetryable(error.message, TRANSITION_REFUSED);
    throw error;
  }
}

/** A command's input parsed by its zod schema (the API's own); invalid input is refused with every problem named. */
export function parseInput<S extends z.ZodType>(name: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`invalid ${name} input: ${problems}`, TRANSITION_REFUSED);
  }
  return parsed.data as z.output<S>;
}
