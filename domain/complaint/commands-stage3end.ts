import { z } from 'zod';
import { lazy } from '../lazy';
import type { finalResponseSchema, stepSchema } from './commands';

/**
 * The end of Stage 3: the panel's report with its recommendations (Luton
 * 19.10, 19.12), the recommendations sent to the complainant within 5
 * working days (Luton 20.1), and the Director's decision on each, taken with
 * the Stage 2 Independent Person (Luton 20.4), with reasons where it departs
 * from the panel (Luton 20.8).
 *
 * The panel's words are kept as written: they go into the letters. A panel
 * may make no recommendations (it may find Stage 2 sound), so the list may be
 * empty; a report recorded without the list at all (cases and clients from
 * before it) runs as before, with a final response that encloses the
 * Director's answer instead of listing it.
 */

/** At most this many recommendations, each at most this long: every update's answer carries them. */
const MAX_RECOMMENDATIONS = 20;
const MAX_TEXT = 4_000;

const recommendationId = lazy(() =>
  z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9.-]+$/, 'a recommendation number such as P1')
    .meta({ description: "The panel's number for the recommendation.", examples: ['P1'] }),
);

export const panelRecommendationSchema = lazy(() =>
  z.object({
    id: recommendationId(),
    text: z.string().trim().min(1).max(MAX_TEXT).meta({ description: "The recommendation in the panel's own words, as the complainant will read it.", examples: ['Review the contact plan with the family within a month'] }),
  }),
);
export type PanelRecommendation = z.infer<ReturnType<typeof panelRecommendationSchema>>;

export const PANEL_DECISIONS = ['accepted', 'accepted-in-part', 'not-accepted'] as const;
export type PanelDecisionKind = (typeof PANEL_DECISIONS)[number];

export const panelDecisionSchema = lazy(() =>
  z
    .object({
      recommendation: recommendationId(),
      decision: z.enum(PANEL_DECISIONS).describe("The Director's decision on the recommendation."),
      reasons: z
        .string()
        .trim()
        .min(1)
        .max(MAX_TEXT)
        .optional()
        .meta({ description: 'Why the Director departs from the panel, as written to the complainant: required unless the recommendation is accepted (Luton 20.8).', examples: ['The plan was reviewed in March; a second review now would delay the move'] }),
    })
    .superRefine((d, ctx) => {
      if (d.decision !== 'accepted' && d.reasons === undefined) {
        ctx.addIssue({ code: 'custom', path: ['reasons'], message: `recommendation ${d.recommendation} is ${d.decision}: the Director's reasons for departing from the panel are required` });
      }
    }),
);
export type PanelDecision = z.infer<ReturnType<typeof panelDecisionSchema>>;

/** A list that names each recommendation at most once. */
function once<T>(idOf: (item: T) => string, twice: (id: string) => string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    for (const [index, item] of items.entries()) {
      const id = idOf(item);
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: twice(id) });
      seen.add(id);
    }
  };
}

const EXAMPLE_RECOMMENDATIONS = [
  { id: 'P1', text: 'Review the contact plan with the family within a month' },
  { id: 'P2', text: 'Apologise for the cancelled visits' },
];

/** The schemas, built from commands.ts's own (it imports this file, so this file may not import its values back). */
export function stage3EndCommandSchemas(step: ReturnType<typeof stepSchema>, finalResponse: ReturnType<typeof finalResponseSchema>) {
  const panelReport = step.extend({
    recommendations: z
      .array(panelRecommendationSchema())
      .max(MAX_RECOMMENDATIONS)
      .superRefine(once((r) => r.id, (id) => `recommendation ${id} is listed twice`))
      .optional()
      .meta({
        description:
          "The panel's recommendations, each with its number and words (an empty list when it made none). Given, they go to the complainant (share-recommendations, within 5 working days) and the Director must decide on each.",
        examples: [EXAMPLE_RECOMMENDATIONS],
      }),
  });
  const decided = finalResponse.extend({
    decisions: z
      .array(panelDecisionSchema())
      .max(MAX_RECOMMENDATIONS)
      .superRefine(once((d) => d.recommendation, (id) => `recommendation ${id} is decided twice: give one decision each`))
      .optional()
      .describe("The Director's decision on every recommendation of the panel's report, each exactly once."),
    independentPerson: z
      .object({ id: step.shape.actor })
      .optional()
      .describe('The Independent Person appointed at Stage 2, who considered the recommendations with the Director (Luton 20.4): required when the case had one.'),
  });
  return {
    'panel-report': panelReport.meta({
      description:
        "Records the panel's written report with its recommendations: the Director's response falls due 15 working days later, and the recommendations must reach the complainant within 5 (Luton 20.1).",
      examples: [{ recommendations: EXAMPLE_RECOMMENDATIONS }],
    }),
    'share-recommendations': step.meta({
      description: "Sends the complainant the panel's recommendations, saying they now go to the Director and by when the Director will answer (Luton 20.1).",
      examples: [{}],
    }),
    'final-response': decided.meta({
      description:
        "Records the Director's final response: a decision on each of the panel's recommendations, with reasons where it departs from them, taken with the Stage 2 Independent Person; the letter lists them and closes the case.",
      examples: [
        {
          independentPerson: { id: 'ip.baker' },
          decisions: [
            { recommendation: 'P1', decision: 'accepted' },
            { recommendation: 'P2', decision: 'not-accepted', reasons: 'The family had an apology in writing at Stage 2' },
          ],
        },
      ],
    }),
  };
}
