import { formatLong, isIsoDate, londonDateOf, londonTimeOf } from '../domain/dates';
import { DEADLINE_LABELS } from '../records/letters/values';
import type { ChronologyEntry, CorrespondenceRecord, EventRecord } from '../records/types';
import type { Role } from './auth/roles';
import { COMMAND_TABLE } from '../domain/complaint/table';
import { complainantSentence } from './complainant/words';

/**
 * A case's chronology as a person reads it (the Ombudsman asks councils for
 * one): London times, plain words for every event and notice, and the
 * reasons and dates each step carries. The records keep machine codes; this
 * is their one translation for people.
 */

/** Who sees why a case is on hold (a safeguarding or court matter): those who may place or release a hold. */
export const HOLD_REASON_ROLES: readonly Role[] = [...new Set([...COMMAND_TABLE.hold.roles, ...COMMAND_TABLE['release-hold'].roles])];

/** A step logged more than this after it happened shows both times. */
const LATE_LOGGING_MS = 5 * 60_000;

/** "Fri 20 Nov 2026, 09:30", London time. */
export function londonDateTime(instant: string): string {
  const t = Date.parse(instant);
  return `${formatLong(londonDateOf(t))}, ${londonTimeOf(t)}`;
}

/** "on Fri 20 Nov 2026 at 09:30", London time: for a sentence. */
function onDayAt(instant: string): string {
  const t = Date.parse(instant);
  return `on ${formatLong(londonDateOf(t))} at ${londonTimeOf(t)}`;
}

const day = (value: unknown) => (typeof value === 'string' && isIsoDate(value) ? formatLong(value) : String(value));

const STAGES: Record<string, string> = { stage1: 'Stage 1', stage2: 'Stage 2', stage3: 'a Review Panel (Stage 3)' };

const deadline = (key: unknown) => DEADLINE_LABELS[String(key)] ?? String(key);

const TRIAGE: Record<string, string> = {
  stage1: 'Triaged: accepted at Stage 1',
  stage2: 'Triaged: accepted straight to Stage 2',
  corporate: 'Triaged: routed to the corporate complaints procedure',
  representation: 'Triaged: recorded as a representation, not a complaint',
  'service-request': 'Triaged: a request for a service, not a complaint, passed to the service',
  'not-accepted': 'Triaged: not accepted under the procedure',
};

const HOLD_REASONS: Record<string, string> = { safeguarding: 'safeguarding (child protection procedures)', 'court-proceedings': 'court proceedings', other: 'another process' };

type Detail = Record<string, unknown>;
type EventWords = string | ((d: Detail) => string);

/** Plain words for every event the workflow and the records store write; an unknown one reads as its code in words. */
const EVENTS: Record<string, EventWords> = {
  received: 'Complaint received',
  'case-recorded': 'Case file opened',
  triaged: (d) => (d.answered ? 'Triaged: a corporate complaint, answered by the complaints team' : (TRIAGE[String(d.decision)] ?? 'Triaged')),
  'communication-needs-recorded': 'Communication needs recorded',
  'advocacy-offered': (d) => `Independent advocate offered to ${ADVOCACY_TO[String(d.to)] ?? d.to}`,
  'advocacy-accepted': (d) => `Offer of an advocate accepted by ${ADVOCACY_TO[String(d.to)] ?? d.to}`,
  'advocacy-declined': (d) => `Offer of an advocate declined by ${ADVOCACY_TO[String(d.to)] ?? d.to}`,
  'advocacy-advocate-joined': (d) => `An advocate joined, for ${ADVOCACY_TO[String(d.to)] ?? d.to}`,
  'advocacy-advocate-left': (d) => `The advocate for ${ADVOCACY_TO[String(d.to)] ?? d.to} left`,
  'advocacy-requested': (d) => `Independent advocate asked for, for ${ADVOCACY_TO[String(d.to)] ?? d.to}`,
  'extension-requested': (d) => `More time asked of the complainant: ${deadline(d.deadline)}`,
  'extension-agreed': (d) => `The complainant agreed to more time: ${deadline(d.deadline)}`,
  'extension-declined': (d) => `The complainant did not agree to more time: ${deadline(d.deadline)} unchanged`,
  acknowledged: (d) => (d.deadline === 'stage2.acknowledge' ? 'Stage 2 request acknowledged' : d.deadline === 'stage3.acknowledge' ? 'Review Panel request acknowledged' : 'Complaint acknowledged'),
  clarified: 'Complaint and outcome wanted agreed with the complainant',
  extended: (d) => `Deadline extended: ${deadline(d.deadline)}`,
  responded: (d) => (d.procedure === 'corporate' ? 'Response to the corporate complaint sent; complaint closed' : 'Stage 1 response sent'),
  escalated: (d) =>
    `${d.late ? 'Late request accepted' : 'Request accepted'}: ${d.reopened ? 'the closed case reopens and ' : 'the complaint '}goes to ${STAGES[String(d.to)] ?? d.to}`,
  'escalation-requested-late': (d) => `Request for ${STAGES[String(d.to)] ?? d.to} made after the window closed: a manager must decide`,
  'escalation-refused': (d) => `Late request for ${STAGES[String(d.to)] ?? d.to} refused in writing`,
  'investigators-appointed': 'Investigating Officer and Independent Person appointed',
  'investigators-replaced': 'Investigating Officer or Independent Person replaced',
  'deadline-superseded': (d) =>
    `${deadline(d.deadline)} missed (due ${day(d.due)}), kept on the record: ${d.by === 'progress-update' || d.by === 'extension' ? 'the update came late, and the next one falls due from it' : 'the panel was moved, so it starts again for the new date'}`,
  'progress-updated': 'Complainant told how the Stage 2 investigation is progressing',
  'meeting-arranged': (d) => `Meeting ${d.meetingId} with the complainant arranged`,
  'meeting-recorded': (d) => `Meeting ${d.meetingId} ${d.outcome === 'held' ? 'held' : d.outcome === 'cancelled' ? 'cancelled' : 'moved to a new date'}`,
  assigned: (d) => `${PART_WORDS[String(d.part)] ?? d.part} assigned: ${d.id}`,
  unassigned: (d) => `${PART_WORDS[String(d.part)] ?? d.part} no longer assigned: ${d.id}`,
  contacted: 'Investigating Officer contacted the complainant',
  'statement-agreed': 'Statement of complaint agreed',
  'suspended-for-resolution': 'Stage 2 paused to try a resolution',
  resumed: 'Stage 2 resumed',
  'reports-submitted': 'Investigation reports received',
  adjudicated: 'Stage 2 adjudication sent',
  'panel-scheduled': 'Review Panel date set',
  'panel-notified': 'Complainant told the panel date and venue',
  'papers-sent': 'Papers sent to the panel',
  'panel-adjourned': 'Review Panel moved to a new date',
  'panel-held': 'Review Panel met',
  'panel-report-received': "Panel's written recommendations received",
  'recommendations-shared': "Panel's recommendations sent to the complainant, saying they go to the Director",
  'final-response': "Director's final response sent",
  held: 'Case put on hold: every clock stopped',
  'heads-held': 'Part of the complaint put on hold',
  'hold-released': 'Hold released: the clocks run again',
  'heads-released': 'Part of the complaint released from hold',
  withdrawn: (d) => (d.afterClose ? 'Complainant withdrew after closing: the right to ask for the next stage ends' : 'Complaint withdrawn by the complainant'),
  'letter-not-sent': "Letter not sent: the step was logged after the day it happened (send it with sendLetter)",
  'findings-recorded': (d) => `Findings recorded for ${STAGES[String(d.stage)] ?? d.stage}`,
  'action-plan-completed': (d) => `All the actions from ${STAGES[String(d.stage)] ?? d.stage} are done: the complainant was told in writing`,
  'referred-to-ombudsman': 'Complainant went to the Ombudsman',
  'ombudsman-decision': "Ombudsman's decision recorded",
  'ombudsman-remedies-complied': "Ombudsman's remedies carried out",
  closed: 'Case closed as resolved',
  'window-lapsed': (d) =>
    d.window === 'stage2.escalate' ? 'Review Panel window ended without a request: case closed as not pursued' : 'Escalation window ended without a request: case closed as not pursued',
  discontinued: 'Investigation stopped under the unreasonable conduct protocol',
  'calendar-changed': 'Moved onto a new working-day calendar',
  imported: 'Case imported from an older system',
  'notice-undeliverable': 'A letter or alert could not be delivered',
  'personal-data-disposed': 'Personal data disposed of at the end of the retention period',
  'learning-recorded': (d) => `Learning recorded from ${STAGES[String(d.stage)] ?? d.stage}${d.themes ? `: ${String(d.themes).replaceAll(',', ', ')}` : ''}`,
  'satisfaction-recorded': (d) => `The complainant's satisfaction recorded: ${String(d.satisfaction ?? '').replaceAll('-', ' ')}`,
  'taken-up-again': (d) => `Complaint taken up again at Stage 1: the court proceedings ended${d.proceedingsEndedOn ? ` on ${day(d.proceedingsEndedOn)}` : ''}`,
  // Never the answers (special category data, records/equalities.ts): only that they were given.
  'equalities-recorded': (d) => `Equalities monitoring recorded for the ${d.subject ?? 'person'}`,
  'child-care-recorded': "The child's care status recorded",
};

const ADVOCACY_TO: Record<string, string> = { complainant: 'the complainant', child: 'the child' };
const REGISTER_PART_WORDS: Record<string, string> = {
  'investigating-officer': 'Investigating Officer',
  'independent-person': 'Independent Person',
  'panel-member': 'panel member',
  'panel-chair': 'panel Chair',
};

/** The independence register's answer kept on an appointment (domain/complaint/independence.ts), a line per person. */
function registerLines(answers: unknown): string[] {
  if (!Array.isArray(answers)) return [];
  return (answers as Array<{ id: string; part: string; registered: boolean; ofCouncil: boolean | null }>).map(
    (a) =>
      `Independence register: ${a.id} ${a.registered ? `listed as ${REGISTER_PART_WORDS[a.part] ?? a.part}` : `not listed as ${REGISTER_PART_WORDS[a.part] ?? a.part}`}` +
      (a.ofCouncil === null ? '' : a.ofCouncil ? ', an officer or member of the council' : ', from outside the council'),
  );
}

/** The parts a person is assigned to by the assign command (domain/access.ts PARTS). */
const PART_WORDS: Record<string, string> = { 'assigned-officer': 'Complaints officer', 'adjudicating-officer': 'Adjudicating Officer' };

/** The reasons and dates an event carries, each a line; the hold's reason only for `seesHoldReason`. */
function eventDetails(event: EventRecord, seesHoldReason: boolean): string[] {
  const d = event.detail ?? {};
  const lines: string[] = [];
  const add = (label: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') lines.push(`${label}: ${value}`);
  };
  switch (event.action) {
    case 'advocacy-offered':
    case 'advocacy-accepted':
    case 'advocacy-declined':
    case 'advocacy-advocate-joined':
    case 'advocacy-advocate-left':
      add('Advocacy service', d.service);
      break;
    case 'triaged':
      add('Why not accepted', d.notAcceptedReason);
      if (d.acceptedLate) lines.push('Accepted more than 12 months after the grounds arose, with good reason for the delay');
      break;
    case 'extension-requested':
      add('Asked for', `${d.workingDays} working days, which would make it due ${day(d.proposedDue)}`);
      add('Reason', d.reason);
      break;
    case 'extended':
      add('Extended by', `${d.workingDays} working days, now due ${day(d.newDue)}`);
      add('Reason', d.reason);
      if (d.complainantAgreed) lines.push('The complainant agreed');
      break;
    case 'escalated':
      add('Reason for accepting it late', d.lateAcceptedReason);
      if (d.reasonsGiven) lines.push('The complainant gave reasons');
      break;
    case 'escalation-requested-late':
      add('The window closed', day(d.windowClosed));
      break;
    case 'investigators-appointed':
    case 'investigators-replaced':
      add('Investigating Officer', d.investigatingOfficer);
      add('Independent Person', d.independentPerson);
      add('Reason', d.reason);
      lines.push(...registerLines(d.register));
      break;
    case 'reports-submitted':
      add('Reports', String(d.reports ?? '').replace('investigating-officer', "Investigating Officer's").replace('independent-person', "Independent Person's").replace(',', ', '));
      break;
    case 'panel-scheduled':
      add('Panel date', day(d.panelDate));
      lines.push(...registerLines(d.register));
      break;
    case 'panel-report-received':
    case 'recommendations-shared':
      add("Panel's recommendations", String(d.recommendations ?? '').replace(/,/g, ', '));
      break;
    case 'final-response':
      add("Director's decisions", String(d.decisions ?? '').split(',').filter(Boolean).map((x) => x.replace(/:(.*)$/, (_m, kind: string) => ` ${kind.replace(/-/g, ' ')}`)).join('; '));
      add('Considered with the Independent Person', d.independentPerson);
      break;
    case 'panel-adjourned':
      add('Moved', `from ${day(d.from)} to ${day(d.to)}`);
      add('Reason', d.reason);
      break;
    case 'held':
    case 'heads-held':
    case 'hold-released':
      add('Heads', d.heads);
      lines.push(seesHoldReason ? `Reason for the hold: ${HOLD_REASONS[String(d.reason)] ?? d.reason}` : 'Reason for the hold: withheld (shown to the complaints team and service managers)');
      break;
    case 'heads-released':
      add('Heads', d.heads);
      break;
    case 'findings-recorded':
      add('Heads of complaint with findings', d.heads);
      break;
    case 'ombudsman-decision':
      add('Decision', String(d.decision ?? '').replace(/-/g, ' '));
      add('Remedies', String(d.remedies ?? '').replace(/-/g, ' ').replace(/,/g, ', '));
      break;
    case 'closed':
      add('Closed at', STAGES[String(d.stage)] ?? d.stage);
      break;
    case 'window-lapsed':
      add(`The ${deadline(d.window)} ended`, day(d.closedOn));
      break;
    case 'discontinued':
      add('Decided', typeof d.decidedAt === 'string' ? londonDateTime(d.decidedAt) : undefined);
      break;
    case 'calendar-changed':
      add('Deadlines moved', d.moved);
      break;
    case 'letter-not-sent':
      add('Letters held back', String(d.letters ?? '').split(',').map((t) => LETTERS[t] ?? t).join(', '));
      break;
    case 'imported':
      add('From', d.source);
      add('Overdue when imported', d.overdueAtImport);
      break;
  }
  // A step backdated over a duty already shown missed (domain/complaint/past.ts): which, and the manager's reason.
  if (typeof d.missedTurnedMet === 'string') add('Shown as missed until this was logged', d.missedTurnedMet.split(',').map(deadline).join(', '));
  add('Reason for backdating', d.backdateReason);
  if (event.note) lines.push(`Note: ${event.note}`);
  return lines;
}

const ROLES_IN_WORDS: Record<string, string> = {
  complainant: 'complainant',
  'complaints-officer': 'complaints officer',
  'complaints-manager': 'complaints manager',
  'service-manager': 'service manager',
  'investigating-officer': 'Investigating Officer',
  'independent-person': 'Independent Person',
  'adjudicating-officer': 'Adjudicating Officer',
  'panel-chair': 'panel Chair',
  director: 'Director',
};
const role = (r: string) => ROLES_IN_WORDS[r] ?? r.replace(/-/g, ' ');

/** What each letter is, by template (templates/letters/). */
const LETTERS: Record<string, string> = {
  'stage1-acknowledgement': 'acknowledgement of the complaint',
  'stage1-response': 'Stage 1 response',
  'stage2-acknowledgement': 'acknowledgement of the Stage 2 request',
  'stage2-statement-agreed': 'statement of complaint agreed',
  'stage2-adjudication': 'Stage 2 adjudication',
  'stage2-appointed': 'who is investigating, and what happens next',
  'stage2-progress': 'how the Stage 2 investigation is progressing',
  'meeting-arranged': 'meeting arranged: when, where and who',
  'stage3-acknowledgement': 'acknowledgement of the Review Panel request',
  'stage3-final-response': "Director's final response",
  'panel-recommendations': "the Review Panel's recommendations",
  extension: 'deadline extended, with the reasons',
  'extension-request': 'more time asked for, with the reasons and the date it would bring',
  'escalation-refused': 'late request refused, with the reasons',
  'not-accepted': 'complaint not accepted, with the reasons',
  'routed-to-corporate-procedure': 'routed to the corporate procedure',
  'representation-recorded': 'recorded as a representation',
  'corporate-acknowledgement': 'acknowledgement of the corporate complaint',
  'corporate-response': 'response to the corporate complaint',
  'service-request-recorded': 'passed to the service as a request',
  'panel-date': 'the panel date and venue',
  'case-on-hold': 'complaint on hold',
  'case-resumed': 'complaint resumed',
  'withdrawal-confirmed': 'withdrawal confirmed',
  'closed-resolved': 'complaint closed as resolved',
  'closed-not-pursued': 'complaint closed as not pursued',
  'closed-discontinued': 'investigation stopped',
  'part-deferred': 'part of the complaint deferred, and why',
  'action-plan-completed': 'the actions promised are done',
  'conduct-warning': 'warning about conduct',
  'conduct-restriction': 'how you may contact us',
  'conduct-contact-refused': 'contact refused',
  'conduct-lifted': 'restrictions ended',
};

const CHANNELS: Record<string, string> = { outbox: 'the outbox (kept as sent, to print and post)', smtp: 'email', notify: 'GOV.UK Notify' };

const STATUS: Record<string, string> = {
  queued: ' (queued, not yet sent)',
  sending: ' (being sent)',
  failed: ' (failed to send)',
  'needs-channel': ' (not sent: no email or postal address on file)',
};

function correspondenceLabel(c: CorrespondenceRecord): string {
  const status = STATUS[c.status] ?? '';
  if (c.template === 'late-escalation-needs-decision') return `Alert sent to the ${role(c.recipientRole)}: a late request needs a decision${status}`;
  if (c.template === 'extension-declined') return `Alert sent to the ${role(c.recipientRole)}: the complainant did not agree to more time${status}`;
  if (c.template === 'breach-corrected') return `Correction sent to the ${role(c.recipientRole)}: an earlier breach alert withdrawn${status}`;
  if (c.kind === 'breach-alert') return `Breach alert sent to the ${role(c.recipientRole)}${status}`;
  if (c.kind === 'reminder') return `Reminder sent to the ${role(c.recipientRole)}${status}`;
  return `Letter to the ${role(c.recipientRole)}: ${LETTERS[c.template] ?? c.template.replace(/-/g, ' ')}${status}`;
}

function codeInWords(code: string): string {
  const words = code.replace(/[-_.]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface ChronologyLine {
  /** When it happened, London ("Fri 20 Nov 2026, 09:30"). */
  when: string;
  /** When it was recorded, London, only where that was later than it happened. */
  recorded?: string;
  label: string;
  /**
   * An event in one sentence, both times where it was logged later than it
   * happened: "Stage 1 response sent on Mon 7 Dec 2026 at 10:00 (recorded on
   * Thu 10 Dec 2026 at 14:05)".
   */
  inWords?: string;
  /** "on Thu 10 Dec 2026 at 14:05", with `recorded`. */
  recordedInWords?: string;
  who: string;
  details: string[];
}

/** One entry in words, for the caller's roles. */
export function chronologyLine(entry: ChronologyEntry, roles: readonly Role[]): ChronologyLine {
  if (entry.type === 'event') {
    const { event } = entry;
    const words = EVENTS[event.action];
    // The complainant's own act says so (api/complainant/words.ts).
    const label = complainantSentence(event, 'The complainant') ?? (typeof words === 'function' ? words(event.detail ?? {}) : (words ?? codeInWords(event.action)));
    const late = Date.parse(event.recordedAt) - Date.parse(event.at) > LATE_LOGGING_MS;
    return {
      when: londonDateTime(event.at),
      ...(late ? { recorded: londonDateTime(event.recordedAt), recordedInWords: onDayAt(event.recordedAt) } : {}),
      label,
      inWords: `${label} ${onDayAt(event.at)}${late ? ` (recorded ${onDayAt(event.recordedAt)})` : ''}`,
      who: event.actor === 'system' ? 'the engine' : event.detail?.by === 'complainant' ? 'the complainant' : event.actor,
      details: eventDetails(event, roles.some((r) => HOLD_REASON_ROLES.includes(r))),
    };
  }
  const c = entry.correspondence;
  return {
    when: londonDateTime(entry.at),
    label: correspondenceLabel(c),
    who: 'the engine',
    details: [...(c.subject ? [`Subject: ${c.subject}`] : []), `Sent by: ${CHANNELS[c.channel] ?? c.channel}`],
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The printable chronology: one row per event or letter, in the order things happened, London times. */
export function chronologyPage(reference: string, lines: ChronologyLine[]): string {
  const rows = lines
    .map((l) => {
      // A step logged later than it happened shows both times, the second in words.
      const when = `${escapeHtml(l.when)}${l.recorded ? `<br><span class="late">(recorded ${escapeHtml(l.recordedInWords ?? l.recorded)})</span>` : ''}`;
      const details = l.details.length ? `<ul>${l.details.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>` : '';
      return `<tr><td>${when}</td><td><strong>${escapeHtml(l.label)}</strong>${details}</td><td>${escapeHtml(l.who)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chronology of complaint ${escapeHtml(reference)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#0b0c0c}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #b1b4b6;padding:.4rem .5rem;text-align:left;vertical-align:top}td:first-child,td:last-child{white-space:nowrap}
ul{margin:.25rem 0 0;padding-left:1.2rem}.late{color:#505a5f;font-size:14px}caption{text-align:left;color:#505a5f;padding-bottom:.5rem}</style>
</head><body><main><h1>Chronology of complaint ${escapeHtml(reference)}</h1>
<table><caption>Every step, letter and alert in the order it happened. Times are London times; a step logged later shows when it was recorded.</caption>
<thead><tr><th scope="col">When</th><th scope="col">What happened</th><th scope="col">Who</th></tr></thead><tbody>${rows}</tbody></table></main></body></html>`;
}
