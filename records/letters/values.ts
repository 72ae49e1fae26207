import { formatLong, isIsoDate, londonDateOf } from '../../domain/dates';
import type { Notice } from '../../domain/complaint/state';
import type { Values } from './templates';
import { DEADLINE_LABELS } from '../../domain/complaint/deadline-labels';

/** The Ombudsman's details when a notice does not carry them. */
export const OMBUDSMAN_DETAILS =
  'Local Government and Social Care Ombudsman, PO Box 4771, Coventry CV4 0EH; 0300 061 0614; www.lgo.org.uk';

/** Staff notices that have a template of their own; other reminders and alerts use `reminder` or `breach-alert`. */
const STAFF_TEMPLATES = new Set(['late-escalation-needs-decision', 'action-reminder', 'action-overdue', 'breach-corrected', 'extension-declined']);

/** The template for a notice: a letter's subject names it; staff notices use their kind's template. */
export function templateFor(notice: Pick<Notice, 'kind' | 'subject'>): string {
  if (notice.kind === 'letter' || STAFF_TEMPLATES.has(notice.subject)) return notice.subject;
  return notice.kind;
}

/** Each deadline in words (one home, in the domain: the workflow's cockpit names them too). */
export { DEADLINE_LABELS };

const STAGE_LABELS: Record<string, string> = { stage1: 'Stage 1', stage2: 'Stage 2', stage3: 'a Review Panel (Stage 3)' };
const NEXT_STAGE: Record<string, string> = { stage1: 'Stage 2', stage2: 'a Review Panel (Stage 3)' };

/** Why a complaint is not accepted, completing "…because {{reason}}". */
const NOT_ACCEPTED: Record<string, string> = {
  'court-proceedings': 'the matter is before a court; we can consider it once the proceedings have ended',
  disciplinary: 'it concerns a disciplinary matter, which is dealt with separately',
  criminal: 'it concerns a possible criminal matter, which is for the police',
  grievance: 'it is a staff grievance, which is dealt with separately',
  'independent-provider': 'it is about an independent provider, which has its own complaints procedure',
  'other-agency': 'it is about another agency (such as health or the police), which has its own complaints procedure',
  'all-stages-complete': 'it has already been through every stage of the procedure',
  'out-of-time': 'it was made more than 12 months after the matter arose',
  'unsuitable-representative': 'we have decided that the person acting for the child is not a suitable representative',
  anonymous: 'we cannot take it forward without knowing who is complaining',
  other: 'it falls outside the statutory procedure',
};

/** Why a case is on hold, completing "…on hold because {{reason}}": neutral wording, a third party may read it. */
const HOLD: Record<string, string> = {
  safeguarding: 'child protection procedures must be completed first',
  'court-proceedings': 'related court proceedings must finish first',
  other: 'another process must be completed first',
};

const ROLE_LABELS: Record<string, string> = {
  'complaints-officer': 'complaints officer',
  'complaints-manager': 'complaints manager',
  'service-manager': 'service manager',
  'investigating-officer': 'Investigating Officer',
  'adjudicating-officer': 'Adjudicating Officer',
  'panel-chair': 'panel Chair',
  director: 'Director',
};

/** Why we meet the complainant, completing "We would like to meet you about your complaint, …". */
const MEETING_PURPOSES: Record<string, string> = {
  clarify: 'to agree with you what your complaint is about and the outcome you want',
  'stage2-investigation': 'to talk with you about your complaint as part of the Stage 2 investigation',
  resolution: 'to see whether we can resolve your complaint together',
  'panel-preparation': 'to help you get ready for the Review Panel',
  other: 'to talk with you about your complaint',
};

/** Who a meeting's attendee is, in a letter. */
const ATTENDEE_ROLES: Record<string, string> = {
  ...ROLE_LABELS,
  'complaints-officer': 'Complaints Officer',
  'complaints-manager': 'Complaints Manager',
  'service-manager': 'Service Manager',
  'independent-person': 'Independent Person',
  advocate: 'advocate',
  other: 'also attending',
};

export interface LetterContext {
  reference: string;
  /** When the letter is sent: its date. */
  sentAt: Date;
  councilName: string;
  /** How letters name the team in a sentence ("contact the Complaints Team…"). */
  councilContact: string;
  recipientName: string;
  /** The team's phone, email and postal address (COUNCIL_COMPLAINTS_PHONE, _EMAIL, _ADDRESS), given in the sign-off. */
  complaintsPhone?: string;
  complaintsEmail?: string;
  complaintsAddress?: string;
}

/** The sign-off's signature: the team as named in a sentence, as a title ("the Complaints Team" → "Complaints Team"). */
export function signatureOf(councilContact: string): string {
  const name = councilContact.trim().replace(/^the\s+/i, '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The staff role a reminder or alert is for (`detail.to`, unless that names a stage). */
export function staffRoleOf(notice: Pick<Notice, 'detail'>): string {
  const to = notice.detail.to;
  return typeof to === 'string' && !(to in STAGE_LABELS) ? to : 'complaints-manager';
}

/**
 * The values a notice's template may use: the context, then every detail
 * value (dates written out), with codes turned into words.
 */
export function noticeValues(notice: Notice, context: LetterContext): Values {
  const values: Values = {
    reference: context.reference,
    date: formatLong(londonDateOf(context.sentAt)),
    councilName: context.councilName,
    councilContact: context.councilContact,
    signature: signatureOf(context.councilContact),
    complaintsPhone: context.complaintsPhone,
    complaintsEmail: context.complaintsEmail,
    complaintsAddress: context.complaintsAddress,
    recipientName: context.recipientName,
    ombudsman: OMBUDSMAN_DETAILS,
  };
  for (const [key, value] of Object.entries(notice.detail)) {
    if (Array.isArray(value)) values[key] = value.map((item) => itemInWords(item));
    else if (value !== null) values[key] = inWords({ [key]: value })[key];
  }
  const { detail } = notice;
  if (notice.kind !== 'letter' && notice.subject in DEADLINE_LABELS) values.deadline = DEADLINE_LABELS[notice.subject];
  if (typeof detail.deadline === 'string') values.deadline = DEADLINE_LABELS[detail.deadline] ?? detail.deadline;
  if (typeof detail.to === 'string' && detail.to in STAGE_LABELS) values.to = STAGE_LABELS[detail.to];
  if (typeof detail.stage === 'string' && detail.stage in STAGE_LABELS) {
    values.stage = STAGE_LABELS[detail.stage];
    values.nextStage = NEXT_STAGE[detail.stage];
  }
  if (notice.kind !== 'letter') values.role = ROLE_LABELS[staffRoleOf(notice)] ?? staffRoleOf(notice);
  if (typeof detail.reason === 'string') {
    const words =
      notice.subject === 'not-accepted' ? NOT_ACCEPTED[detail.reason] : notice.subject === 'case-on-hold' || notice.subject === 'part-deferred' ? HOLD[detail.reason] : undefined;
    if (words) values.reason = words;
  }
  if (notice.subject === 'part-deferred' && typeof detail.heads === 'string') Object.assign(values, headsInWords(detail.heads.split(',')));
  if (notice.subject === 'meeting-arranged') {
    if (typeof detail.purpose === 'string') values.purpose = MEETING_PURPOSES[detail.purpose] ?? MEETING_PURPOSES.other;
    if (Array.isArray(detail.attendees)) values.attendees = detail.attendees.map((a) => ({ ...inWords(a), role: ATTENDEE_ROLES[String(a.role)] ?? String(a.role) }));
  }
  return values;
}

/** A finding on a head of complaint, in words (Luton 17.1: the decision on each part). */
const FINDING_WORDS: Record<string, string> = { upheld: 'upheld', 'partially-upheld': 'partially upheld', 'not-upheld': 'not upheld' };

/** What a head of complaint was about, as the complaint categories name it. */
const CATEGORY_WORDS: Record<string, string> = {
  'assessment-care-management-review': 'an assessment, care management or review',
  'staff-attitude-behaviour': 'staff attitude or behaviour',
  'appropriateness-of-service': 'whether the service was right',
  'quality-of-service': 'the quality of a service',
  'delay-in-decision-or-service': 'delay in a decision or service',
  'unwelcome-or-disputed-decision': 'a decision that is disputed',
};

/** A remedy, completing "We will give you …" or a list item. */
const REMEDY_WORDS: Record<string, string> = {
  apology: 'an apology',
  action: 'action to put things right',
  'financial-redress': 'a payment',
  'service-change': 'a change to the service',
};

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/**
 * One item of a list (a response's heads, remedies, actions) as a letter
 * shows it: codes in plain words, a sum in pence as `amount` in pounds.
 */
function itemInWords(item: Record<string, string | number | boolean | null>): Record<string, string> {
  const words = inWords(item);
  if (typeof item.finding === 'string') words.finding = FINDING_WORDS[item.finding] ?? item.finding;
  if (typeof item.category === 'string') words.category = CATEGORY_WORDS[item.category] ?? item.category;
  if (typeof item.remedy === 'string') words.remedy = REMEDY_WORDS[item.remedy] ?? item.remedy;
  if (typeof item.amountPence === 'number') words.amount = POUNDS.format(item.amountPence / 100);
  return words;
}

/** Flat values as a letter shows them: dates written out, the rest as text. */
function inWords(item: Record<string, string | number | boolean | null>): Record<string, string> {
  const words: Record<string, string> = {};
  for (const [key, value] of Object.entries(item)) {
    if (value !== null) words[key] = typeof value === 'string' && isIsoDate(value) ? formatLong(value) : String(value);
  }
  return words;
}

/** Heads of complaint as a family reads them: "part 2", "parts 2 and 3a", and "Part 2 has" / "Parts 2 and 3a have". */
function headsInWords(heads: string[]): { heads: string; headsHave: string } {
  const list = heads.length === 1 ? heads[0]! : `${heads.slice(0, -1).join(', ')} and ${heads.at(-1)!}`;
  const plural = heads.length > 1;
  return { heads: `${plural ? 'parts' : 'part'} ${list}`, headsHave: `${plural ? 'Parts' : 'Part'} ${list} ${plural ? 'have' : 'has'}` };
}
