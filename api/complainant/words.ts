/**
 * The complainant's own acts in one sentence, for staff ("The complainant
 * asked for Stage 2", the chronology) and for the complainant's pages ("You
 * asked for Stage 2"): the one translation of an event marked
 * `by: 'complainant'` (domain/complaint/complainant.ts). Past tense, so the
 * verb is the same for either subject.
 */
type Detail = Record<string, unknown>;

const STAGES: Record<string, string> = { stage2: 'Stage 2', stage3: 'a Review Panel (Stage 3)' };
const stage = (d: Detail) => STAGES[String(d.to)] ?? 'the next stage';

const ACTS: Record<string, (d: Detail) => string> = {
  escalated: (d) => `asked for ${stage(d)}: the request is accepted`,
  'escalation-requested-late': (d) => `asked for ${stage(d)} after the 20 working days to ask had ended: a manager will decide`,
  'extension-agreed': () => 'agreed to the extra time the council asked for',
  'extension-declined': () => 'did not agree to the extra time the council asked for: the date is unchanged',
  'advocacy-requested': () => 'asked for an independent advocate',
  'advocacy-accepted': () => 'accepted the offer of an independent advocate',
  'satisfaction-recorded': (d) => (d.satisfaction === 'satisfied' ? 'said the complaint was resolved to their satisfaction' : 'said the complaint was not resolved to their satisfaction'),
  withdrawn: () => 'withdrew the complaint',
};

/** "You asked for Stage 2: …" or "The complainant asked for Stage 2: …"; undefined for an event that is not the complainant's own act. */
export function complainantSentence(event: { action: string; detail?: Detail | null }, who: 'You' | 'The complainant'): string | undefined {
  if (event.detail?.by !== 'complainant') return undefined;
  const act = ACTS[event.action];
  if (!act) return undefined;
  const sentence = `${who} ${act(event.detail)}`;
  return who === 'You' ? sentence.replace('their satisfaction', 'your satisfaction') : sentence;
}
