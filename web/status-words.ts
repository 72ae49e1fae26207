import type { DueDate } from '../records/complainant-status';

/**
 * The status page's words, standard and easy read. Easy read speaks as the
 * RRC guidance for complainants speaks to a child: short sentences, "we" and
 * "you", one idea each.
 */
export type Voice = 'standard' | 'easy';

const STAGES: Record<string, { standard: string; easy: string }> = {
  stage1: { standard: 'Stage 1: the council looks at your complaint', easy: 'Stage 1: we are looking at your complaint' },
  stage2: { standard: 'Stage 2: an independent investigation', easy: 'Stage 2: two people are looking into your complaint, and one of them does not work for us' },
  stage3: { standard: 'Stage 3: a Review Panel', easy: 'Stage 3: a panel of three people will look at your complaint again' },
  closed: { standard: 'Closed', easy: 'Finished' },
};

export function stageInWords(stage: string, status: string, voice: Voice): string {
  if (status === 'awaiting-triage') return voice === 'easy' ? 'We have got your complaint and are deciding who will look at it' : 'Received: the council is deciding how to deal with it';
  if (status === 'escalation-decision-due') return voice === 'easy' ? 'A manager is deciding about your late request' : 'A manager is deciding whether to accept your late request';
  return (STAGES[stage] ?? STAGES.stage1!)[voice];
}

/** What a date is for, said to the complainant: the council's duties and the complainant's own windows. */
const NEXT: Record<string, { standard: string; easy: string }> = {
  'stage1.acknowledge': { standard: 'We will write to acknowledge your complaint', easy: 'We will write to say we have got your complaint' },
  'stage1.clarify': { standard: 'We will agree with you what the complaint is about and what you want', easy: 'We will check with you what your complaint is about' },
  'stage1.respond': { standard: 'We will send you our Stage 1 response', easy: 'We will tell you what we found' },
  'stage1.escalate': { standard: 'You can ask for Stage 2 until', easy: 'If you are still not happy, you can ask for Stage 2 until' },
  'stage2.acknowledge': { standard: 'We will write to confirm your Stage 2 request', easy: 'We will write to say we have got your Stage 2 request' },
  'stage2.contact': { standard: 'The Investigating Officer will contact you', easy: 'The person looking into your complaint will get in touch' },
  'stage2.respond': { standard: 'We will send you our Stage 2 response (the adjudication)', easy: 'We will tell you what the Stage 2 people found' },
  'stage2.progress': { standard: 'We will update you on the investigation', easy: 'We will tell you how it is going' },
  'stage2.escalate': { standard: 'You can ask for a Review Panel until', easy: 'If you are still not happy, you can ask for a panel until' },
  'stage3.acknowledge': { standard: 'We will write to confirm your request for a Review Panel', easy: 'We will write to say we have got your panel request' },
  'stage3.panel': { standard: 'The Review Panel will meet', easy: 'The panel will meet' },
  'stage3.notifyPanel': { standard: 'We will tell you the date and place of the panel', easy: 'We will tell you when and where the panel is' },
  'stage3.recommendations': { standard: "We will send you the panel's recommendations", easy: 'We will send you what the panel said' },
  'stage3.finalResponse': { standard: 'We will send you our final response', easy: 'We will send you our last answer' },
};

/** "We will send you our Stage 1 response by" (the page adds the date). */
export function dueInWords(d: DueDate, voice: Voice): string {
  const words = NEXT[d.key]?.[voice] ?? (voice === 'easy' ? `The ${d.label} is due` : `The ${d.label} is due`);
  return words.endsWith('until') ? words : `${words} by`;
}

/**
 * "10 working days: weekends and bank holidays don't count", from the
 * deadline's own explanation ("received Fri 18 Dec 2026; 10 working days →
 * Wed 6 Jan 2027"); null when it counts no working days.
 */
export function workingDaysInWords(d: DueDate, voice: Voice): string | null {
  const days = /(\d+) working days?/.exec(d.explanation ?? '')?.[1];
  if (!days) return null;
  const n = `${days} working day${days === '1' ? '' : 's'}`;
  return voice === 'easy' ? `We count ${n}. Weekends and bank holidays don't count.` : `${n}: weekends and bank holidays don't count.`;
}

/** The stage the complainant can ask for next, from the window's key. */
export function nextStageOf(windowKey: string | undefined, voice: Voice): { to: string; name: string; button: string } {
  if (windowKey === 'stage2.escalate') return { to: 'stage3', name: voice === 'easy' ? 'a panel' : 'a Review Panel', button: voice === 'easy' ? 'Ask for a panel' : 'Ask for a Review Panel' };
  return { to: 'stage2', name: 'Stage 2', button: 'Ask for Stage 2' };
}

export const HOLD_WORDS: Record<Voice, string> = {
  standard: 'Your complaint is paused. We will write to tell you when it restarts and your new date.',
  easy: 'We have stopped working on your complaint for now. We will write to tell you when we start again, and the new date.',
};

/** The council's missed duty, said plainly with the date it was due (the page adds nothing but the date). */
export function lateInWords(d: DueDate, date: string, voice: Voice): string {
  if (voice === 'easy') return `We are late. ${dueInWords(d, voice).replace(/ by$/, '')} by ${date}, and we have not done it yet. We are sorry.`;
  return `We are late: the ${d.label} was due by ${date}.`;
}
