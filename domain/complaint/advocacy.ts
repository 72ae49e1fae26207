import type { AdvocacyEvent, AdvocacyParty } from './commands-people';

/**
 * Advocacy under s.26A Children Act 1989, tracked as steps (the `advocacy`
 * command, transitions/advocacy.ts): each offer, answer, and advocate joining
 * or leaving, with its date, for the complainant or for the child the
 * complaint is about. An organisation's name at most: no person's name.
 */
export interface AdvocacyStep {
  event: AdvocacyEvent;
  to: AdvocacyParty;
  /** When it happened (ISO instant). */
  at: string;
  /** The advocacy service (an organisation). */
  service?: string;
}

/** Where each party stands, from its steps: the case view's `advocacy`. */
export interface AdvocacyStanding {
  to: AdvocacyParty;
  offeredAt: string | null;
  answer: 'accepted' | 'declined' | null;
  answeredAt: string | null;
  /** An advocate is working with them now. */
  hasAdvocate: boolean;
  service: string | null;
  /** When they last asked for an advocate themselves (absent when never). */
  requestedAt?: string;
}

export function advocacyStanding(steps: readonly AdvocacyStep[], to: AdvocacyParty): AdvocacyStanding {
  const standing: AdvocacyStanding = { to, offeredAt: null, answer: null, answeredAt: null, hasAdvocate: false, service: null };
  for (const step of steps.filter((s) => s.to === to)) {
    if (step.service) standing.service = step.service;
    if (step.event === 'requested') standing.requestedAt = step.at;
    else if (step.event === 'offered') Object.assign(standing, { offeredAt: step.at, answer: null, answeredAt: null });
    else if (step.event === 'accepted' || step.event === 'declined') Object.assign(standing, { answer: step.event, answeredAt: step.at });
    else standing.hasAdvocate = step.event === 'advocate-joined';
  }
  return standing;
}

/**
 * Complainant types who are adults complaining about a child (api/schemas.ts
 * COMPLAINANT_TYPES): the child the complaint is about is owed an offer of
 * advocacy of their own (s.26A; RRC guidance: "If you are a child or young
 * person, the local authority can provide someone like an advocate").
 */
export const ADULT_ABOUT_CHILD_TYPES: ReadonlySet<string> = new Set([
  'parent',
  'parental-responsibility',
  'foster-carer',
  'formal-carer',
  'special-guardian',
  'adopter',
  'grandparent',
  'other-relative',
  'relative',
]);

/** The warning the case view shows while an offer is owed to the child, or undefined. `other` owes one when a child is named. */
export function owedAdvocacyWarning(complainantType: string | null | undefined, hasChild: boolean, steps: readonly AdvocacyStep[]): string | undefined {
  const adultAboutChild = ADULT_ABOUT_CHILD_TYPES.has(complainantType ?? '') || (complainantType === 'other' && hasChild);
  if (!adultAboutChild || steps.some((s) => s.to === 'child' && s.event === 'offered')) return undefined;
  return 'An offer of an independent advocate is owed to the child the complaint is about (s.26A Children Act 1989): record it with the advocacy command (event offered, to child).';
}
