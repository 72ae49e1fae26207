import { z } from 'zod';
import type { stepSchema } from './commands';

/**
 * The people side of the procedure: advocacy under s.26A Children Act 1989,
 * tracked as steps (offered, accepted or declined, an advocate joining or
 * leaving), for the complainant or for the child the complaint is about.
 * No names: an advocacy service is an organisation.
 */

// requested: the complainant asks for an advocate themselves (the complainant's own action, domain/access.ts).
export const ADVOCACY_EVENTS = ['offered', 'accepted', 'declined', 'advocate-joined', 'advocate-left', 'requested'] as const;
export const ADVOCACY_PARTIES = ['complainant', 'child'] as const;
export type AdvocacyEvent = (typeof ADVOCACY_EVENTS)[number];
export type AdvocacyParty = (typeof ADVOCACY_PARTIES)[number];

/** The schemas are built from the common step schema passed in: commands.ts imports this file, so it may not import commands.ts's values back. */
export function peopleCommandSchemas(step: ReturnType<typeof stepSchema>) {
  const advocacy = step.extend({
  event: z.enum(ADVOCACY_EVENTS).describe('The step: an offer of an independent advocate, its answer, an advocate joining or leaving, or a request for one.'),
  to: z.enum(ADVOCACY_PARTIES).describe('Whose advocacy: the complainant, or the child or young person the complaint is about.'),
  service: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9 &'().,!-]+$/, 'an advocacy service (an organisation, not a person), such as NYAS')
    .optional()
    .meta({ description: "The advocacy service (an organisation, never the advocate's name).", examples: ['NYAS'] }),
  });
  return {
    advocacy: advocacy.meta({
    description:
      "Records a step of advocacy (s.26A Children Act 1989): an independent advocate offered, accepted or declined, or an advocate joining or leaving, for the complainant or the child. Allowed at any stage, and on a closed case.",
      examples: [{ event: 'offered', to: 'child', service: 'NYAS' }],
    }),
  } as const;
}
