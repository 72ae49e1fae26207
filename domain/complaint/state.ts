import type { CalendarData } from '../holidays';
import type { IsoDate } from '../dates';
import type { DeadlineKey, Policy } from '../policy';
import { pinnedVersion } from '../policy-versions';
import { headline, type CaseHeadline, type ClockOp } from './clocks';
import { partiesOf } from './parties';
import type { Findings } from './commands';
import type { PanelDecision, PanelRecommendation } from './commands-stage3end';
import type { ImportedHistory } from './imported';
import type { CaseParty } from '../access';
import { learningOwed, type LearningRecord, type SatisfactionRecord } from './learning';
import { advocacyStanding, type AdvocacyStep, type AdvocacyStanding } from './advocacy';

/**
 * The complaint workflow's whole state: one serializable object, carried
 * across continue-as-new. No personal data: names, addresses and free text
 * about the child live in the records store, keyed by the reference.
 */
export interface ComplaintState {
  reference: string;
  receivedAt: string; // ISO instant as given
  receivedOn: IsoDate; // the London working day receipt counts from
  procedure: Procedure;
  stage: Stage;
  status: Status;
  outcome?: Outcome;
  team?: string;
  policy: Policy;
  calendar: CalendarData;
  deadlines: Deadline[];
  /** A full hold (safeguarding, court proceedings) stops every clock. */
  hold?: { reason: string; since: string };
  /** Heads of complaint held while the rest goes on (regulation 8). */
  heldHeads: string[];
  /**
   * Each partial hold with its reason and dates, kept after release and after
   * closing (regulation 8: a held part is deferred, never dropped). Absent on
   * cases from before it; `heldHeads` stays the list of heads held now.
   */
  partialHolds?: PartialHold[];
  /** When the complaint's matter arose, as given at intake (the 12-month rule, Luton 5.4, Rutland 8.1). */
  matterOccurredOn?: IsoDate;
  /** Stage 2 early resolution: the investigation is suspended. */
  earlyResolutionSince?: string;
  stage2?: Stage2;
  stage3?: Stage3;
  /** Meetings with the complainant, arranged and recorded (absent on cases from before them). */
  meetings?: Meeting[];
  /**
   * Staff assigned to the case by id (the `assign` command): its officers and
   * its Adjudicating Officer. The officer who logs a case is its first. Absent
   * on cases from before it; the investigators and the panel are in stage2
   * and stage3 (parties.ts gathers them all).
   */
  assignments?: Assignment[];
  /** Advocacy steps with their dates (the `advocacy` command, s.26A); absent on cases from before it. */
  advocacy?: AdvocacyStep[];
  /** A request for the next stage after its window closed, awaiting a manager's decision. */
  lateEscalation?: { requestedAt: string; to: 'stage2' | 'stage3'; /** The case was closed when the request came. */ closedAt?: string };
  findings: Array<{ stage: 'stage1' | 'stage2' | 'stage3'; findings: Findings; recordedAt: string }>;
  ombudsman?: Ombudsman;
  closedAt?: string;
  /** Step times the next step may not precede, by step name. */
  steps: Record<string, string>;
  events: CaseEvent[];
  /** Letters, reminders and alerts the workflow owes, sent by activities from the main loop. */
  outbox: Notice[];
  /** Monotonic counter for notice ids: the activity's idempotency key is reference + id. */
  noticeSeq: number;
  /** History events after which the workflow continues as new (tests set it low). */
  historyLimit?: number;
  /** The window after a clock's instant across which the case wakes for it (wake-spread.ts); none when absent. */
  wakeSpreadMs?: number;
  /** What the system of record already holds: the last synced fingerprint and event count. */
  records?: { fingerprint: string; syncedEvents: number };
  /** Action ids of the recommendations whose action workflow was started (workflows/actions/start.ts, from domain/actions/pending.ts). */
  actionsStarted?: string[];
  /** Actions their workflows reported done (transitions/letters.ts): absent on cases from before it. */
  actionsDone?: Array<{ actionId: string; owner: string; due: IsoDate; completedAt: string }>;
  /** Stages whose action plan is done and its letter sent (BANES 9.4): one letter each. */
  actionPlansDone?: Array<'stage1' | 'stage2' | 'stage3'>;
  /** Until this instant (epoch ms) steps logged for the past are awaited before the case is judged (past.ts). */
  graceUntil?: number;
  /** Duties found missed during that grace period: alerted at its end if the full history still shows them missed. */
  heldAlerts?: ClockKey[];
  /** The latest council calendar change the case has seen (calendar-change.ts). */
  calendarSequence?: number;
  /**
   * Ids of the latest Updates applied, carried across continue-as-new (Temporal
   * deduplicates an Update id within one run only): a keyed retry whose first
   * answer was lost reaches a later run and gets the view, applying nothing.
   */
  appliedUpdates?: string[];
  /** The learning recorded at the end of each stage (learning.ts). Absent on cases from before it. */
  learning?: LearningRecord[];
  /** The complainant's answer at closure or after (Luton 13.8), the latest. */
  satisfaction?: SatisfactionRecord;
  /** A Stage 2 extension the council asked for, awaiting the complainant's answer (transitions/extension-request.ts). */
  extensionRequest?: ExtensionRequest;
}

export type Procedure = 'untriaged' | 'statutory' | 'corporate' | 'representation' | 'service-request' | 'not-accepted';
export type Stage = 'stage1' | 'stage2' | 'stage3' | 'closed';
export type Status =
  | 'awaiting-triage'
  | 'in-progress'
  | 'awaiting-escalation'
  | 'escalation-decision-due'
  | 'early-resolution'
  | 'closed';
export type Outcome =
  | { kind: 'resolved'; stage: 'stage1' | 'stage2' | 'stage3' }
  | { kind: 'not-pursued'; stage: 'stage1' | 'stage2' }
  | { kind: 'withdrawn'; stage: Stage }
  | { kind: 'not-accepted'; reason: string }
  | { kind: 'routed-out'; to: 'corporate' | 'service-request' }
  | { kind: 'representation' }
  | { kind: 'escalation-refused'; stage: 'stage1' | 'stage2' }
  | { kind: 'completed' }
  | { kind: 'discontinued'; stage: 'stage1' | 'stage2' | 'stage3' };

/** The council's request for more Stage 2 time: the date it would bring, and why. */
export interface ExtensionRequest {
  deadline: 'stage2.respond';
  workingDays: number;
  reason: string;
  requestedAt: string;
  proposedDue: string;
}

export interface PartialHold {
  head: string;
  reason: 'safeguarding' | 'court-proceedings' | 'other';
  since: string;
  releasedAt?: string;
}

/** How a stage began when not by a plain request in the window: reopened after closing, or a late request accepted. */
export interface StageEntry {
  /** The case had been closed at this instant when the request reopened it. */
  reopenedAfterClosedAt?: string;
  /** A request after the window accepted by a manager: the acceptance letter was its acknowledgement. */
  lateAcceptedAt?: string;
}

export interface Stage2 extends StageEntry {
  requestedAt: string;
  requestedOn: IsoDate;
  statementAgreedOn?: IsoDate;
  investigatingOfficer?: Appointee;
  independentPerson?: Appointee;
  replacements: number;
  reports: Array<'investigating-officer' | 'independent-person'>;
}

/** A Stage 2 investigator: a staff id, their team, and the name the appointment letter gives (absent on cases from before it). */
export interface Appointee {
  id: string;
  team?: string;
  name?: string;
}

/**
 * A meeting with the complainant (Luton 13.3-13.4; Rutland 10.1, the Stage 2
 * resolution meeting). Staff names only, never the child's.
 */
export interface Meeting {
  meetingId: string;
  purpose: 'clarify' | 'stage2-investigation' | 'resolution' | 'panel-preparation' | 'other';
  /** When it starts (ISO instant), from the London date and time given. */
  startsAt: string;
  attendees: Array<{ role: string; name: string }>;
  venue: string;
  specialArrangements?: string;
  /** Arranged on a weekend or bank holiday because the complainant asked. */
  complainantAskedForDay?: boolean;
  state: 'arranged' | 'held' | 'cancelled';
  arrangedAt: string;
  /** Times it was moved to a new date and time. */
  rearranged: number;
  /** When it was held or cancelled, and the staff's short note. */
  outcomeAt?: string;
  summary?: string;
}

export interface Stage3 extends StageEntry {
  requestedAt: string;
  requestedOn: IsoDate;
  panelDate?: IsoDate;
  members?: Array<{ id: string; role: 'chair' | 'member' }>;
  adjournments: number;
  /** The panel's recommendations as its report gave them (Luton 19.10, 20.1); absent on a report recorded without them. */
  recommendations?: PanelRecommendation[];
  /** The Director's decision on each (Luton 20.4, 20.8), once the final response is recorded. */
  decisions?: PanelDecision[];
  /** The Stage 2 Independent Person who considered them with the Director (Luton 20.4); absent when the case had none. */
  consideredWith?: string;
}

/** A part given by the `assign` command (the investigators and panel are appointed by their own steps). */
export const ASSIGNABLE_PARTS = ['assigned-officer', 'adjudicating-officer'] as const;
export interface Assignment {
  id: string;
  part: (typeof ASSIGNABLE_PARTS)[number];
}

export interface Ombudsman {
  referredAt: string;
  reference?: string;
  decision?: string;
  decidedAt?: string;
  complianceDate?: IsoDate;
  /** The Ombudsman's recommendations, each followed as an action. */
  recommendations?: Findings['recommendations'];
}

export type DeadlineState = 'pending' | 'met' | 'missed' | 'paused' | 'cancelled';
/** A duty is the council's; a window is the complainant's (its lapse is no breach). */
export type DeadlineKind = 'duty' | 'window';
export type ClockKey = DeadlineKey | 'ombudsman.compliance';

export interface Deadline {
  key: ClockKey;
  kind: DeadlineKind;
  /** The steps that made the due date, to derive it again (extension, hold, new calendar). */
  ops: ClockOp[];
  due: IsoDate;
  state: DeadlineState;
  /** When the step was done (ISO instant), if it was. */
  metAt?: string;
  /** When the workflow saw the deadline pass unmet (ISO instant). */
  missedAt?: string;
  /** When a breach alert went out for it (ISO instant), and when that alert was corrected (past.ts). */
  alertedAt?: string;
  correctedAt?: string;
  /** Working days added by extensions so far. */
  extendedBy: number;
  explanation: string;
  warnings: string[];
  /** Reminder instants (epoch ms) not yet sent, earliest first. */
  reminders: Array<{ at: number; why: string }>;
}

export interface CaseEvent {
  action: string;
  actor: string;
  /** When it happened (may be earlier than recordedAt: steps logged late). */
  at: string;
  recordedAt: string;
  note?: string;
  detail?: Record<string, unknown>;
}

/** Something the workflow owes someone, delivered by an activity. */
export interface Notice {
  id: number;
  kind: 'letter' | 'reminder' | 'breach-alert';
  /** What the letter or alert is about, e.g. 'acknowledgement', 'stage1.respond'. */
  subject: string;
  /** Flat values, or a list of flat items (a letter's heads, actions, decisions) a template repeats. */
  detail: Record<string, NoticeValue | NoticeItem[]>;
}

export type NoticeValue = string | number | boolean | null;
/** One item of a list a letter repeats (`{{#heads}}…{{/heads}}` in its template). */
export type NoticeItem = Record<string, NoticeValue>;

export interface ComplaintInput {
  reference: string;
  receivedAt: string;
  policy: Policy;
  calendar: CalendarData;
  team?: string;
  actor: string;
  historyLimit?: number;
  /** The window its clock wakes are spread across (wake-spread.ts); the API gives DEADLINE_WAKE_SPREAD. */
  wakeSpreadMs?: number;
  /** When the matter arose, if given at intake: triage applies the 12-month rule to it. */
  matterOccurredOn?: IsoDate;
  /** A case brought from another system: its history, replayed before the first pass (imported.ts). */
  imported?: ImportedHistory;
  /** Minutes after creation during which past steps may be logged before any alert or lapse (past.ts); none when absent. */
  graceMinutes?: number;
  /**
   * The instant the API opened the case (ISO): the workflow's first state is
   * built at it, so the view the API answered the creation with is the
   * case's own (opening.ts). The workflow's own clock when absent.
   */
  openedAt?: string;
}

/** What staff see of a case: the workflow's side of the case view. */
export interface CaseView {
  reference: string;
  procedure: Procedure;
  stage: Stage;
  status: Status;
  onHold: boolean;
  heldHeads: string[];
  /** Every partial hold, held or released, including those that outlived the case's closing. */
  partialHolds: Array<{ head: string; state: 'held' | 'released'; reason: PartialHold['reason']; since: string; releasedAt: string | null }>;
  outcome: Outcome | null;
  receivedAt: string;
  receivedOn: IsoDate;
  team?: string;
  policy: { id: string; name: string; version: number };
  calendarVersion: string;
  deadlines: Array<{
    key: ClockKey;
    kind: DeadlineKind;
    due: IsoDate;
    state: DeadlineState;
    metAt: string | null;
    /** When the case first showed it as missed (its end of day passed undone), or null. */
    missedAt: string | null;
    explanation: string;
    warnings: string[];
  }>;
  /** The next date the case waits for (a duty, or the complainant's window while no duty is pending). */
  next: CaseHeadline['next'];
  /** The oldest duty missed and not yet done, or null. */
  overdue: CaseHeadline['overdue'];
  stage2: Stage2 | null;
  stage3: Stage3 | null;
  /** Meetings with the complainant, in the order arranged. */
  meetings: Meeting[];
  findings: ComplaintState['findings'];
  ombudsman: Ombudsman | null;
  /** Who has a part in the case, by staff id (parties.ts): no one outside the council's staff and panel. */
  parties: CaseParty[];
  /** The learning recorded per stage, the stages ended without it (owed), and the complainant's satisfaction (learning.ts). */
  learning: LearningRecord[];
  learningOwed: Array<LearningRecord['stage']>;
  satisfaction: SatisfactionRecord | null;
  extensionRequest: ExtensionRequest | null;
  /** Advocacy (s.26A): each step with its date, and where the complainant and the child stand. */
  advocacy: { steps: AdvocacyStep[]; complainant: AdvocacyStanding; child: AdvocacyStanding };
  events: CaseEvent[];
}

/** A deadline's facts as the case view and the records store show them (no timer ops or reminders). */
export function deadlineFacts(d: Deadline) {
  return { key: d.key, kind: d.kind, due: d.due, state: d.state, metAt: d.metAt ?? null, missedAt: d.missedAt ?? null, explanation: d.explanation };
}

export function caseView(state: ComplaintState): CaseView {
  return {
    reference: state.reference,
    procedure: state.procedure,
    stage: state.stage,
    status: state.status,
    onHold: state.hold !== undefined,
    heldHeads: state.heldHeads,
    partialHolds: (state.partialHolds ?? []).map((h) => ({
      head: h.head,
      state: h.releasedAt ? 'released' : 'held',
      reason: h.reason,
      since: h.since,
      releasedAt: h.releasedAt ?? null,
    })),
    outcome: state.outcome ?? null,
    receivedAt: state.receivedAt,
    receivedOn: state.receivedOn,
    team: state.team,
    policy: { id: state.policy.id, name: state.policy.name, version: pinnedVersion(state.policy) },
    calendarVersion: state.calendar.version,
    deadlines: state.deadlines.map((d) => ({ ...deadlineFacts(d), warnings: d.warnings })),
    ...headline(state.deadlines),
    stage2: state.stage2 ?? null,
    stage3: state.stage3 ?? null,
    meetings: state.meetings ?? [],
    findings: state.findings,
    ombudsman: state.ombudsman ?? null,
    parties: partiesOf(state),
    learning: state.learning ?? [],
    learningOwed: learningOwed(state),
    satisfaction: state.satisfaction ?? null,
    extensionRequest: state.extensionRequest ?? null,
    advocacy: { steps: state.advocacy ?? [], complainant: advocacyStanding(state.advocacy ?? [], 'complainant'), child: advocacyStanding(state.advocacy ?? [], 'child') },
    events: state.events,
  };
}
