import type { ChildCare } from '../domain/care-flags';
import type { EqualitiesRecord } from './equalities';
import { VIEWS } from '../domain/access';
import type { CommunicationNeeds } from './communication-needs';
// The access rule's facts and the listing's scope: their types live with the rule.
export type { CaseAccessFacts, CaseParty, ListingScope } from '../domain/access';
// The snapshot the workflow builds and syncCase files: its types live with the procedure.
export type { CaseSnapshot, SnapshotDeadline, SnapshotEvent, SnapshotFindings, SnapshotOmbudsman } from '../domain/complaint/snapshot';
/**
 * What the records store takes and gives back. Instants are ISO strings
 * (`2026-12-18T09:30:00.000Z`), dates `YYYY-MM-DD` (London dates).
 */

export const PERSON_ROLES = ['complainant', 'child', 'representative', 'advocate'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface PersonInput {
  role: PersonRole;
  name: string;
  /** The complainant's type (child, parent, foster-carer, …), for letters and the annual report. */
  type?: string;
  email?: string;
  phone?: string;
  address?: string;
  dateOfBirth?: string;
  organisation?: string;
  relationship?: string;
}

export interface PersonRecord extends Required<Pick<PersonInput, 'role' | 'name'>> {
  id: number;
  type: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  dateOfBirth: string | null;
  organisation: string | null;
  relationship: string | null;
}

export interface NewCase {
  reference: string;
  receivedAt: string;
  channel: string;
  policyId: string;
  /** The version of the policy the case starts on (default 1). */
  policyVersion?: number;
  team?: string;
  summary: string;
  desiredOutcome?: string;
  matterOccurredOn?: string;
  people: PersonInput[];
  /** The child is in care, care-experienced or a care leaver (domain/care-flags.ts), if said. */
  childCare?: ChildCare;
  /** The complainant's communication needs, filed with the case so its first letter carries them. */
  communicationNeeds?: CommunicationNeeds;
  /** Who logged it, for the audit trail; default 'system'. */
  actor?: string;
}

/** The case's row: personal columns are null once disposed of. */
export interface CaseSummary {
  reference: string;
  receivedAt: string;
  receivedOn: string | null;
  channel: string;
  policyId: string;
  policyVersion: number;
  team: string | null;
  complainantType: string | null;
  /** Whether a child and an advocate were named: kept after disposal for the annual report's advocacy figures. */
  hasChild: boolean;
  hasAdvocate: boolean;
  procedure: string;
  stage: string;
  status: string;
  outcome: Record<string, unknown> | null;
  onHold: boolean;
  calendarVersion: string | null;
  /** The next date the case waits for: its earliest pending duty, or the complainant's window. */
  nextDeadlineKey: string | null;
  nextDue: string | null;
  /** A duty is missed and not yet done: the oldest such, and when it became overdue (the end of its due date, London). */
  overdue: boolean;
  overdueKey: string | null;
  overdueSince: string | null;
  closedAt: string | null;
  disposedAt: string | null;
}

export interface CaseRecord extends CaseSummary {
  summary: string | null;
  desiredOutcome: string | null;
  matterOccurredOn: string | null;
  createdAt: string;
  updatedAt: string;
  people: PersonRecord[];
  deadlines: DeadlineRecord[];
}

export interface DeadlineRecord {
  key: string;
  kind: 'duty' | 'window';
  due: string;
  state: string;
  metAt: string | null;
  missedAt: string | null;
  explanation: string;
}

export interface EventRecord {
  id: number;
  /** Null for events the records store made itself (case created, data disposed of). */
  seq: number | null;
  action: string;
  actor: string;
  at: string;
  recordedAt: string;
  note: string | null;
  detail: Record<string, unknown> | null;
  /** The case's derived columns that this event's sync changed, before and after. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * `queued`: filed in the outbox, to be printed and posted (or read by staff);
 * `sent`: a provider accepted it (it has a `sentAt`); `needs-channel`: a
 * letter to someone with no email and no postal address, which cannot go
 * until one is added.
 */
export type CorrespondenceStatus = 'sending' | 'queued' | 'sent' | 'failed' | 'needs-channel';

export interface CorrespondenceInput {
  reference: string;
  noticeId: number;
  kind: 'letter' | 'reminder' | 'breach-alert';
  template: string;
  channel: string;
  recipientRole: string;
  recipientAddress?: string;
  subject: string;
  body: string;
  sentAt: string;
  status: CorrespondenceStatus;
  providerId?: string;
}

export interface CorrespondenceRecord {
  id: number;
  reference: string;
  noticeId: number;
  channel: string;
  kind: 'letter' | 'reminder' | 'breach-alert';
  template: string;
  recipientRole: string;
  recipientAddress: string | null;
  subject: string | null;
  /** The text as sent (Notify's format on the notify channel; the printed letter with its address block in the outbox). */
  body: string | null;
  /** The HTML page, where the channel has one (email, the outbox's printable letter). */
  bodyHtml: string | null;
  status: CorrespondenceStatus;
  claimedAt: string;
  sentAt: string | null;
  providerId: string | null;
  /** An error code only (never a provider's message, which may quote an address). */
  error: string | null;
  /** A letter's: the complainant's communication needs in force when it was made (records/communication-needs.ts), or null. */
  communicationNeeds: Record<string, unknown> | null;
}

export type ChronologyEntry =
  | { at: string; type: 'event'; event: EventRecord }
  | { at: string; type: 'correspondence'; correspondence: CorrespondenceRecord };

export interface ListCasesQuery {
  stage?: string;
  status?: string;
  team?: string;
  onHold?: boolean;
  overdue?: boolean;
  /** Cases whose next pending duty is due before this date. */
  dueBefore?: string;
  /** Cases assigned to this officer (their staff id, a part recorded on the case: case_parties). */
  officer?: string;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  /** 1 to 200; default 50. */
  limit?: number;
}

export interface CasePage {
  cases: CaseSummary[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** Which view of a case was read (the access rule's views), or a listing, a subject access export, a codec decode, the conduct register, the enquiries, service requests, the independence register, a complainant's own page or letter, or the Stage 2 timings export. */
export const ACCESS_VIEWS = [...VIEWS, 'listing', 'subject-access', 'codec', 'conduct', 'enquiries', 'service-requests', 'register', 'complainant-status', 'complainant-letter', 'stage2-timings'] as const;
export type AccessView = (typeof ACCESS_VIEWS)[number];

export interface AccessRecord {
  id: number;
  reference: string | null;
  actor: string;
  action: 'read' | 'export';
  at: string;
  /** Null on entries from before views were logged (migration 008). */
  view: AccessView | null;
}

export interface StoredResponse {
  key: string;
  actor: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
  /** The case whose data the answer holds (disposed of with it), if one. */
  reference: string | null;
  createdAt: string;
}

export const RESTRICTION_LEVELS = ['warning', 'restricted', 'refused'] as const;
export type RestrictionLevel = (typeof RESTRICTION_LEVELS)[number];

export interface ContactRestrictionInput {
  reference: string;
  /** A person of this case (`getCase(…).people[i].id`). */
  personId: number;
  level: RestrictionLevel;
  /** Ways of contact still allowed, e.g. ['email', 'letter']. */
  allowedContact: string[];
  reason?: string;
  startsOn: string;
  expiresOn?: string;
  reviewOn?: string;
  notifiedAt?: string;
  decidedBy: string;
}

export interface ContactRestrictionRecord {
  id: number;
  reference: string;
  /** Null once the person's data has been disposed of. */
  personId: number | null;
  level: RestrictionLevel;
  allowedContact: string[];
  reason: string | null;
  startsOn: string;
  expiresOn: string | null;
  reviewOn: string | null;
  notifiedAt: string | null;
  decidedBy: string;
  createdAt: string;
  /** How and when the measure ended early or expired, and when the person's investigations were discontinued (002_conduct.sql). */
  endedOn: string | null;
  endedHow: 'lifted' | 'expired' | 'escalated' | null;
  discontinuedOn: string | null;
}

/** Who a subject access request is about: people rows by id, or a name with at least one other exact identifier. */
export type SubjectAccessRequest =
  | { personIds: number[] }
  | { identifiers: PersonIdentifiers; confirm?: string[] };

export interface PersonIdentifiers {
  name: string;
  dateOfBirth?: string;
  email?: string;
  phone?: string;
  postcode?: string;
}

export type Identifier = Exclude<keyof PersonIdentifiers, 'name'>;

/** A case where someone of that name is held but not exactly identified: for the manager to confirm, with no data. */
export interface SubjectAccessCandidate {
  reference: string;
  personId: number;
  role: PersonRecord['role'];
  /** The identifiers given that this person's record holds the same (always the name). */
  matched: Array<'name' | Identifier>;
  /** The identifiers given that this person's record holds differently. */
  differs: Identifier[];
}

export interface SubjectAccessExport {
  generatedAt: string;
  /** How the export was made: what is withheld, and why (records/subject-access.ts). */
  withholding: string;
  cases: Array<{
    /** By the person's id, by exact identifiers, or confirmed by the manager from a candidate. */
    foundBy: 'personId' | 'identifiers' | 'confirmed';
    case: Omit<CaseRecord, 'people'>;
    /** The person's own rows in this case (they may hold several roles). */
    person: PersonRecord[];
    /** Other people in the case are withheld (third-party data needs their consent); only their number is given. */
    otherPeopleWithheld: number;
    /** Where free text was withheld in this case (each such value reads WITHHELD), e.g. `events[2].note`. */
    withheld: string[];
    events: EventRecord[];
    correspondence: CorrespondenceRecord[];
    contactRestrictions: ContactRestrictionRecord[];
    access: AccessRecord[];
    /** The person's own equalities monitoring answers, if they gave any (records/subject-access.ts ownMonitoring). */
    equalities?: EqualitiesRecord[];
    /** The child's care flag, for the child or the complainant, if recorded. */
    childCare?: string;
  }>;
  /** Name matches not exactly identified, never merged into `cases`: confirm them (`confirm`) or ask by `personId`. */
  candidates: SubjectAccessCandidate[];
}
