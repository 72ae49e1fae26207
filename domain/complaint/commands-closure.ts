import { z } from 'zod';
import { lazy } from '../lazy';
import type { stepSchema as StepSchema } from './commands';

/**
 * The commands of what a case leaves behind and how it comes back: learning
 * at the end of each stage (BANES 5.1, Kingston §6), the complainant's
 * answer to "is it resolved to your satisfaction?" (Luton 13.8), and a
 * complaint refused for court proceedings taken up again when they end
 * (Luton 5.3). No personal data: themes are codes, the learning text is the
 * staff's own words about the service.
 */

const isoDate = lazy(() => z.iso.date());

/**
 * Themes of learning, from what the councils' reports say services changed:
 * BANES 2022-23 5.2 (contact planning, placement guidelines), 5.4 (bias,
 * minutes, confidentiality and data protection), 5.8 (pathway planning,
 * advocacy, timely notice of meetings, recording of complaints, out-of-hours
 * access, equality training), Kingston 2017/18 §6 (the Ombudsman's learning).
 */
export const LEARNING_THEMES = [
  'communication',
  'recording',
  'timeliness',
  'assessment',
  'planning',
  'placement',
  'contact',
  'advocacy',
  'information-sharing',
  'training',
  'equality-diversity',
  'policy-procedure',
  'commissioning',
  'staff-conduct',
  'other',
] as const;
export type LearningTheme = (typeof LEARNING_THEMES)[number];

export const LEARNING_STAGES = ['stage1', 'stage2', 'stage3'] as const;

/** Luton 13.8: whether the complainant said it was resolved to their satisfaction. */
export const SATISFACTION = ['satisfied', 'not-satisfied', 'not-asked', 'no-answer'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];
export const satisfactionField = lazy(() => z.enum(SATISFACTION).describe("The complainant's answer to \"is it resolved to your satisfaction?\" (Luton 13.8)."));

function doc<S extends z.ZodType>(schema: S, description: string, example: Record<string, unknown>): S {
  return schema.meta({ description, examples: [example] });
}

/**
 * The schemas, spread into COMMAND_SCHEMAS (commands.ts), which passes its
 * step schema in: importing it here would make the two modules a cycle.
 */
export function closureCommandSchemas(step: ReturnType<typeof StepSchema>) {
  const recordLearningSchema = step.extend({
    stage: z.enum(LEARNING_STAGES).describe('The stage the learning comes from (the one just ended).'),
    themes: z
      .array(z.enum(LEARNING_THEMES))
      .min(1)
      .max(LEARNING_THEMES.length)
      .refine((t) => new Set(t).size === t.length, 'each theme once')
      .meta({ description: 'What the learning is about, from the fixed list the annual report counts.', examples: [['communication', 'recording']] }),
    changed: z
      .string()
      .trim()
      .min(1)
      .max(2_000)
      .meta({ description: "What the service changes, in the staff's own words (no names).", examples: ['Team meeting on recording contact decisions; template updated'] }),
  });
  const recordSatisfactionSchema = step.extend({ satisfaction: satisfactionField() });
  const takeUpAgainSchema = step.extend({
    proceedingsEndedOn: isoDate().meta({ description: 'The London date the court proceedings ended (not in the future).', examples: ['2027-02-10'] }),
  });
  return {
    'record-learning': doc(recordLearningSchema, 'Records the learning from a stage that has ended: its themes and what the service changes (BANES 5.1). Counted by theme and stage in the annual report.', {
      stage: 'stage1',
      themes: ['communication', 'recording'],
      changed: 'Team meeting on recording contact decisions; template updated',
    }),
    'record-satisfaction': doc(recordSatisfactionSchema, 'Records, on a closed case, whether the complainant said it was resolved to their satisfaction (Luton 13.8); a later answer replaces an earlier one.', {
      satisfaction: 'satisfied',
    }),
    'take-up-again': doc(takeUpAgainSchema, 'Takes up again a complaint not accepted because of court proceedings, once they have ended (Luton 5.3): it reopens at Stage 1 with its clocks from today, and the complainant is told.', {
      proceedingsEndedOn: '2027-02-10',
    }),
  } as const;
}
