import type { LearningTheme, Satisfaction } from './commands-closure';
import type { ComplaintState } from './state';

/**
 * What a case leaves behind (BANES 5.1: "collate the learning at the
 * conclusion of each stage"; Luton 13.8: is it resolved to the
 * complainant's satisfaction?). Pure: the case view and the plans read it.
 */

export interface LearningRecord {
  stage: 'stage1' | 'stage2' | 'stage3';
  themes: LearningTheme[];
  /** What the service changes, in the staff's words. */
  changed: string;
  recordedAt: string;
  actor: string;
}

export interface SatisfactionRecord {
  answer: Satisfaction;
  recordedAt: string;
}

/**
 * The stages of a statutory case that have ended: by their response (Stage
 * 1's, the adjudication, the Director's final response), or closed as
 * resolved in Stage 2's early resolution.
 */
export function stagesEnded(state: ComplaintState): Array<LearningRecord['stage']> {
  if (state.procedure !== 'statutory') return [];
  const met = (key: string) => state.deadlines.some((d) => d.key === key && d.metAt);
  const ended: Array<LearningRecord['stage']> = [];
  if (met('stage1.respond')) ended.push('stage1');
  if (met('stage2.respond') || (state.outcome?.kind === 'resolved' && state.outcome.stage === 'stage2')) ended.push('stage2');
  if (met('stage3.finalResponse')) ended.push('stage3');
  return ended;
}

/** The stages ended with no learning recorded: owed, shown on the case view. */
export function learningOwed(state: ComplaintState): Array<LearningRecord['stage']> {
  const recorded = new Set((state.learning ?? []).map((l) => l.stage));
  return stagesEnded(state).filter((s) => !recorded.has(s));
}
