import { z } from 'zod';
import { lazy } from '../lazy';

/**
 * The independence register (BANES 2022-23 9.3: a register of "appropriately
 * appointed and trained independent investigators and Stage 3 Panel
 * Members"), and the rules it answers: who may take which independent part.
 * The API reads the register and passes its answer to the command; the
 * workflow applies the same rule to that answer and records it on the step,
 * never reading the database itself (determinism). One home for the rule:
 * `independenceRefusal`.
 */

export const REGISTER_PARTS = ['investigating-officer', 'independent-person', 'panel-member', 'panel-chair'] as const;
export type RegisterPart = (typeof REGISTER_PARTS)[number];

/** What the register said of one person for one part when the command was sent. */
export const registerAnswerSchema = lazy(() =>
  z.object({
    id: z.string().min(1).max(100).describe('The staff or contractor id named in the command.'),
    part: z.enum(REGISTER_PARTS).describe('The part they are named for.'),
    registered: z.boolean().describe('On the register for this part.'),
    ofCouncil: z.boolean().nullable().describe('Recorded as an officer or elected member of this council (null: not on the register).'),
    checkedAt: z.iso.datetime({ offset: true }).describe('When the API read the register.'),
  }),
);
export type RegisterAnswer = z.infer<ReturnType<typeof registerAnswerSchema>>;

/** The command field the API fills from the register (never the client's: api/routes/complaints.ts omits it from the body). */
export const registerField = lazy(() =>
  z
    .array(registerAnswerSchema())
    .max(4)
    .optional()
    .describe("The independence register's answer for each person named, as the API found it: set by the API, never by a client."),
);

/** The register's entry for a person, as the rule reads it (records/register.ts stores more). */
export interface RegisterFacts {
  parts: readonly RegisterPart[];
  ofCouncil: boolean;
}

export interface IndependenceRefusal {
  /** Stable code of the rule: `not-registered` (BANES 9.3), `luton-16.3`, `rutland-10.1`. */
  rule: 'not-registered' | 'luton-16.3' | 'rutland-10.1';
  reason: string;
}

const PART_WORDS: Record<RegisterPart, string> = {
  'investigating-officer': 'an Investigating Officer',
  'independent-person': 'an Independent Person',
  'panel-member': 'a Review Panel member',
  'panel-chair': 'a Review Panel Chair',
};

/** The answer the API passes on: the register's entry (or none) for `id` in `part`. */
export function registerAnswer(id: string, part: RegisterPart, entry: RegisterFacts | undefined, checkedAt: string): RegisterAnswer {
  return { id, part, registered: entry?.parts.includes(part) ?? false, ofCouncil: entry ? entry.ofCouncil : null, checkedAt };
}

/**
 * Why the register's answer refuses the person, or undefined. An Independent
 * Person must not be an officer or member of the authority (Luton 16.3); the
 * Review Panel is "3 people from outside the council" (Rutland 10.1); both
 * must be on the register for that part (BANES 9.3). An Investigating Officer
 * may be an officer of the council from outside the service (Luton 15.1, the
 * team check in stage2.ts): their answer is recorded, never refused.
 */
export function independenceRefusal(answer: RegisterAnswer): IndependenceRefusal | undefined {
  if (answer.part === 'investigating-officer') return undefined;
  if (answer.registered && answer.ofCouncil) {
    return answer.part === 'independent-person'
      ? { rule: 'luton-16.3', reason: `the Independent Person must not be an officer or member of the council (Luton 16.3): the register records ${answer.id} as one` }
      : { rule: 'rutland-10.1', reason: `the Review Panel must be people from outside the council (Rutland 10.1): the register records ${answer.id} as an officer or member of the council` };
  }
  if (!answer.registered) {
    return {
      rule: 'not-registered',
      reason: `${answer.id} is not on the independence register as ${PART_WORDS[answer.part]} (BANES 9.3): a complaints manager adds them with PUT /v1/register/${answer.id}, giving their parts and whether they are an officer or member of the council`,
    };
  }
  return undefined;
}

/** The first refusal among the answers, or undefined. */
export function firstRefusal(answers: readonly RegisterAnswer[] | undefined): IndependenceRefusal | undefined {
  for (const answer of answers ?? []) {
    const refusal = independenceRefusal(answer);
    if (refusal) return refusal;
  }
  return undefined;
}
