import { z } from 'zod';
import type { stepSchema as StepSchema } from './commands';

/**
 * A Stage 2 extension the council asks for (BANES 8.6, Kingston "Stage Two": Stage
 * 2 may run past 25 working days, up to 65, only with the complainant's agreement): staff
 * propose it, the complainant is asked by letter and answers. `extend` with
 * `complainantAgreed` stays for an agreement staff already have in hand.
 */
export function complainantCommandSchemas(step: ReturnType<typeof StepSchema>) {
  const requestExtension = step.extend({
    workingDays: z.number().int().min(1).max(40).meta({ description: 'Working days the council asks to add to the Stage 2 response (within the policy\'s 65-day limit).', examples: [10] }),
    reason: z.string().trim().min(1).max(2_000).meta({ description: 'Why, as the letter asking the complainant puts it.', examples: ['The Independent Person needs to speak to two more people'] }),
  });
  const answerExtension = step.extend({
    agree: z.boolean().describe('The complainant agrees to the extension the council asked for (true), or declines it (false).'),
  });
  return {
    'request-extension': requestExtension.meta({
      description: "Asks the complainant, by letter, to agree to more time for the Stage 2 response: nothing changes until they answer (answer-extension).",
      examples: [{ workingDays: 10, reason: 'The Independent Person needs to speak to two more people' }],
    }),
    'answer-extension': answerExtension.meta({
      description: "The complainant's answer to an extension the council asked for: agreed, the new date applies and a letter gives it; declined, the clock stays and staff are alerted.",
      examples: [{ agree: true }],
    }),
  } as const;
}
