import type { CalendarData } from '../holidays';
import type { IsoDate } from '../dates';
import type { Notice } from '../complaint/state';
import type { ContactWay } from './commands';

/** Where the person stands in the protocol. */
export type ConductLevel = 'none' | 'warned' | 'restricted' | 'refused';

/** One entry of the register: a warning, a restriction or a refusal of contact, from its decision to its end. */
export interface Measure {
  level: Exclude<ConductLevel, 'none'>;
  /** London date of the decision: the register's start. */
  startsOn: IsoDate;
  decidedAt: string;
  decidedBy: string;
  reason: string;
  allowedContact: ContactWay[];
  /** First day no longer in force; the measure lifts itself at 00:00 London that day. */
  expiresOn?: IsoDate;
  reviewOn?: IsoDate;
  /** 09:00 London on the last open working day on or before the review date (epoch ms); dropped once sent. */
  reviewReminderAt?: number;
  /** When the letter telling the person was delivered (ISO instant). */
  notifiedAt?: string;
  /** The letter's notice id, to set notifiedAt when it is delivered. */
  letter?: number;
  endedOn?: IsoDate;
  endedHow?: 'lifted' | 'expired' | 'escalated';
  /** London date the person's investigations were discontinued while this measure was in force. */
  discontinuedOn?: IsoDate;
}

export interface ConductEvent {
  action: string;
  actor: string;
  at: string;
  recordedAt: string;
  note?: string;
  detail?: Record<string, string | number | boolean | null>;
}

/** A discontinuation decided and not yet carried out: the main loop lists the cases and signals each. */
export interface PendingDiscontinuation {
  decidedAt: string;
  actor: string;
}

export interface Discontinuation {
  decidedAt: string;
  actor: string;
  /** Complaint references signalled to close as discontinued. */
  cases: string[];
  /** References whose workflow could not be signalled (already ended). */
  unreachable: string[];
}

/**
 * The conduct workflow's state: ids and dates only. The person is a records
 * store id; their name and address stay in the records store.
 */
export interface ConductState {
  personId: number;
  /** The case the person's row belongs to: the register and the letters are filed there. */
  reference: string;
  calendar: CalendarData;
  /** The council's last calendar change applied (records store `calendar_changes.seq`): an older one is ignored. */
  calendarSequence?: number;
  level: ConductLevel;
  /** The measure in force, if any. */
  current?: Measure;
  /** Measures that have ended, oldest first. */
  past: Measure[];
  pendingDiscontinuation?: PendingDiscontinuation;
  discontinued: Discontinuation[];
  /** Time of the last decision: a decision dated earlier is refused. */
  lastDecisionAt?: string;
  events: ConductEvent[];
  outbox: Notice[];
  noticeSeq: number;
  /** Fingerprint of what the register already holds. */
  registered?: string;
  historyLimit?: number;
  /** Update ids already applied, carried across continue-as-new (workflows/kit/commands.ts). */
  appliedUpdates?: string[];
}

export interface ConductInput {
  personId: number;
  reference: string;
  calendar: CalendarData;
  historyLimit?: number;
}

export interface ConductView {
  workflowId: string;
  personId: number;
  reference: string;
  level: ConductLevel;
  current: Omit<Measure, 'letter'> | null;
  past: Array<Omit<Measure, 'letter'>>;
  pendingDiscontinuation: PendingDiscontinuation | null;
  discontinued: Discontinuation[];
  events: ConductEvent[];
}

export function conductWorkflowId(personId: number): string {
  return `conduct-${personId}`;
}

function shown({ letter: _letter, ...m }: Measure): Omit<Measure, 'letter'> {
  return m;
}

export function conductView(state: ConductState): ConductView {
  return {
    workflowId: conductWorkflowId(state.personId),
    personId: state.personId,
    reference: state.reference,
    level: state.level,
    current: state.current ? shown(state.current) : null,
    past: state.past.map(shown),
    pendingDiscontinuation: state.pendingDiscontinuation ?? null,
    discontinued: state.discontinued,
    events: state.events,
  };
}
