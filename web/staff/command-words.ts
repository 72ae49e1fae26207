/**
 * The command forms' words (command-form.ts): labels, option texts and hints
 * in plain words for the fields of the complaint's commands, by field name,
 * not by command, so a new command's fields are named by the names they share
 * and any other name reads as words ("matterOccurredOn": "Matter occurred on").
 */

/** Labels in plain words, by field name (or `<parent>.<name>` where the parent changes its sense). */
const LABELS: Record<string, string> = {
  at: 'When it happened',
  note: 'Note (staff only)',
  sendLetter: 'Send the letter even though the step is dated an earlier day',
  backdateReason: 'Reason for backdating (complaints manager)',
  decision: 'Decision',
  reason: 'Reason',
  reasons: 'Reasons',
  notAcceptedReason: 'Why it is not accepted',
  matterOccurredOn: 'When the grounds for the complaint arose',
  goodReasonForDelay: 'Good reason for the delay',
  deadline: 'Deadline to extend',
  workingDays: 'Working days to add',
  complainantAgreed: 'The complainant agreed',
  lateAcceptedReason: 'Reason for accepting a late request (complaints manager)',
  investigatingOfficer: 'Investigating Officer',
  independentPerson: 'Independent Person',
  id: 'Staff id',
  team: 'Team',
  name: 'Name as letters show it',
  replacementReason: 'Reason for the replacement',
  reports: 'Reports received',
  findings: 'Findings',
  heads: 'Findings on each head of complaint',
  head: 'Head of complaint',
  finding: 'Finding',
  category: 'Category',
  remedies: 'Remedies',
  type: 'Remedy',
  amountPence: 'Amount in pence (financial redress only)',
  recommendations: 'Recommendations',
  'recommendations.id': 'Recommendation number',
  owner: 'Owner (staff id)',
  dueInWorkingDays: 'Due in working days',
  action: 'What will be done',
  stage: 'Stage',
  panelDate: 'Panel date',
  members: 'Panel members',
  role: 'Role',
  detail: 'Detail (staff only)',
  outcome: 'Outcome',
  satisfaction: 'Is it resolved to the complainant’s satisfaction?',
  ombudsmanReference: 'Ombudsman’s reference',
  complianceDate: 'Date to comply by',
  person: 'Member of staff',
  part: 'Their part in the case',
  remove: 'Take them off the case in this part',
  event: 'Step',
  to: 'Whose advocacy',
  service: 'Advocacy service',
  progress: 'Progress',
  meetingId: 'Meeting id',
  purpose: 'Purpose',
  date: 'Date',
  time: 'Time (London, 24-hour)',
  complainantAskedForDay: 'The complainant asked for this day',
  attendees: 'Attendees',
  venue: 'Venue',
  specialArrangements: 'Special arrangements',
  summary: 'Summary (staff only)',
  rearrangedTo: 'New date and time',
  themes: 'Themes',
  changed: 'What the service changes',
  proceedingsEndedOn: 'When the court proceedings ended',
  agree: 'Does the complainant agree?',
  text: 'Recommendation as the panel wrote it',
  recommendation: 'Recommendation number',
  decisions: 'Decisions on the panel’s recommendations',
  'investigatingOfficer.id': 'Investigating Officer’s staff id',
  'investigatingOfficer.team': 'Investigating Officer’s team',
  'investigatingOfficer.name': 'Investigating Officer’s name as letters show it',
  'independentPerson.id': 'Independent Person’s staff id',
  'independentPerson.team': 'Independent Person’s team',
  'independentPerson.name': 'Independent Person’s name as letters show it',
  'rearrangedTo.date': 'New date',
  'rearrangedTo.time': 'New time (London, 24-hour)',
  'decisions.decision': 'The Director’s decision',
};

/** One row of a repeat, in words. */
export const ITEMS: Record<string, string> = {
  heads: 'finding',
  remedies: 'remedy',
  recommendations: 'recommendation',
  members: 'member',
  attendees: 'attendee',
  decisions: 'decision',
};

/** Option words where a value's own words are not plain enough. */
const OPTIONS: Record<string, string> = {
  stage1: 'Stage 1',
  stage2: 'Stage 2',
  stage3: 'Stage 3',
  'stage1.respond': 'Stage 1 response',
  'stage2.respond': 'Stage 2 response',
  'stage3.panel': 'Review Panel date',
  'stage3.finalResponse': 'Director’s final response',
  corporate: 'Corporate procedure',
  'investigating-officer': 'Investigating Officer',
  'independent-person': 'Independent Person',
  'adjudicating-officer': 'Adjudicating Officer',
  'assigned-officer': 'Assigned officer',
  'financial-redress': 'Financial redress',
  'stage2-investigation': 'Stage 2 investigation',
  'all-stages-complete': 'All stages already complete',
  'assessment-care-management-review': 'Assessment, care management or review',
  'staff-attitude-behaviour': 'Attitude or behaviour of staff',
  'delay-in-decision-or-service': 'Delay in decision or service',
  'unwelcome-or-disputed-decision': 'Unwelcome or disputed decision',
  'equality-diversity': 'Equality and diversity',
  'policy-procedure': 'Policy and procedure',
};

export function words(value: string): string {
  const text = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-.]/g, ' ')
    .replace(/\bstage(\d)\b/gi, 'Stage $1')
    .toLowerCase()
    .replace(/\bstage (\d)\b/g, 'Stage $1');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A form's own labels, by the same keys as LABELS, read before them: a field that means something else on that form. */
export type Labels = Readonly<Record<string, string>>;

export function labelOf(path: readonly string[], own?: Labels): string {
  const keys = path.filter((p) => !/^\d+$/.test(p));
  const key = keys.at(-1) ?? '';
  const parent = keys.at(-2);
  const from = (table: Labels) => (parent !== undefined ? table[`${parent}.${key}`] : undefined) ?? table[key];
  return (own ? from(own) : undefined) ?? from(LABELS) ?? words(key);
}

/** A schema's description as a hint: the API's status codes left out, the body's field names in the form's words. */
export function plainHint(description: string): string {
  return description
    .replace(/\s*\((?:\d{3}\b[^)]*|[^)]*\b\d{3})\)/g, '')
    .replace(/\b[a-z]+[A-Z]\w*\b/g, (name) => (LABELS[name] ? `“${LABELS[name]}”` : name));
}

export function optionText(value: string): string {
  return OPTIONS[value] ?? words(value);
}

/** The label with the rows it sits in, for an error summary: "Head of complaint (finding 2)". */
export function placedLabel(path: readonly string[], own?: Labels): string {
  const rows = path.flatMap((p, i) => (/^\d+$/.test(p) ? [`${ITEMS[path[i - 1]!] ?? 'item'} ${Number(p) + 1}`] : []));
  return rows.length ? `${labelOf(path, own)} (${rows.join(', ')})` : labelOf(path, own);
}

