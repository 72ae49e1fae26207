import { listingScope } from '../../domain/access';
import { WorkingDayCalendar } from '../../domain/calendar';
import { addDays, dayOfWeek, londonDateOf, type IsoDate } from '../../domain/dates';
import { getPolicy } from '../../domain/policy';
import type { Caller } from '../../api/auth/authenticate';
import { currentCalendarData } from '../../records/calendar';
import { DEADLINE_LABELS } from '../../records/letters/values';
import type { Records } from '../../records/repository';
import type { CaseSummary, ListCasesQuery } from '../../records/types';
import { longDate as govukDate } from '../pages';

/**
 * The signed-in person's caseload: the cases the API's listing gives them
 * (records `listCases` under `listingScope`, the access rule of
 * domain/access.ts), sorted into what needs doing. Dates, states and codes
 * only, no personal data, as the listing: so no access log entry.
 */
export const SECTIONS = ['overdue', 'due-this-week', 'awaiting-decision', 'on-hold', 'complainant-window', 'all'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  overdue: 'Overdue',
  'due-this-week': 'Due this week',
  'awaiting-decision': 'Awaiting my decision',
  'on-hold': 'On hold',
  'complainant-window': "In the complainant's window",
  all: 'All cases',
};

export interface CaseloadFilters {
  stage?: 'stage1' | 'stage2' | 'stage3' | 'closed';
  team?: string;
  officer?: string;
}

export interface CaseloadRow {
  reference: string;
  stage: string;
  status: string;
  team: string | null;
  onHold: boolean;
  overdue: boolean;
  /** The duty the case waits for, in words, and its key. */
  nextKey: string | null;
  next: string | null;
  /** Its date as GOV.UK writes it ("Monday 14 December 2026") and as ISO. */
  due: IsoDate | null;
  dueText: string | null;
  /** Working days from today to the date: 0 on the day itself, negative once past. */
  workingDaysLeft: number | null;
  leftText: string | null;
}

export interface Caseload {
  today: IsoDate;
  sections: Record<Section, CaseloadRow[]>;
  /** Where the next page of cases starts (newest received first), or null on the last page. */
  nextCursor: string | null;
}

/**
 * The caseload as of `today` (London): every section from one listing.
 * `awaiting`: the cases waiting on a decision the person's roles make (the
 * working queues they can resolve, queues.ts `awaitingDecision`).
 */
export async function caseload(records: Records, caller: Caller, filters: CaseloadFilters, today: IsoDate, awaiting: ReadonlySet<string> = new Set(), page: { cursor?: string; limit?: number } = {}): Promise<Caseload> {
  const query: ListCasesQuery = { limit: page.limit ?? 200, ...filters, ...(page.cursor ? { cursor: page.cursor } : {}) };
  const listed = await records.listCases(query, listingScope(caller));
  const calendars = new Map<string, Promise<WorkingDayCalendar>>();
  const calendarOf = (policyId: string) => {
    if (!calendars.has(policyId)) calendars.set(policyId, currentCalendarData(records.db, policyOrDefault(policyId)).then((data) => new WorkingDayCalendar(data)));
    return calendars.get(policyId)!;
  };
  const rows = await Promise.all(listed.cases.map(async (c) => rowOf(c, await calendarOf(c.policyId), today)));
  return { today, nextCursor: listed.nextCursor, sections: sectionsOf(rows, today, awaiting) };
}

/** The sections a row belongs to as of `today` (London); a case may be in several. */
export function sectionsOf(rows: readonly CaseloadRow[], today: IsoDate, awaiting: ReadonlySet<string> = new Set()): Record<Section, CaseloadRow[]> {
  const weekEnd = endOfWeek(today);
  const open = rows.filter((r) => r.stage !== 'closed');
  return {
    overdue: open.filter((r) => r.overdue),
    // Due from today to Sunday, not already overdue; a case on hold waits for its release, not its date.
    'due-this-week': open.filter((r) => !r.overdue && !r.onHold && r.due !== null && !isWindow(r.nextKey) && r.due >= today && r.due <= weekEnd),
    'awaiting-decision': open.filter((r) => awaiting.has(r.reference)),
    'on-hold': open.filter((r) => r.onHold),
    // The complainant's 20 working days to ask for the next stage (Luton 13.10, 14.8): the council waits, nothing is overdue.
    'complainant-window': open.filter((r) => isWindow(r.nextKey)),
    all: [...rows],
  };
}

export function rowOf(c: CaseSummary, calendar: WorkingDayCalendar, today: IsoDate): CaseloadRow {
  // An overdue case shows the duty missed, not the next one.
  const key = c.overdue ? c.overdueKey : c.nextDeadlineKey;
  const dueDate = c.overdue ? missedDue(c) : c.nextDue;
  const left = dueDate ? calendar.workingDaysBetween(today, dueDate) : null;
  return {
    reference: c.reference,
    stage: c.stage,
    status: c.status,
    team: c.team,
    onHold: c.onHold,
    overdue: c.overdue,
    nextKey: key,
    next: key ? (DEADLINE_LABELS[key] ?? key) : null,
    due: dueDate,
    dueText: dueDate ? govukDate(dueDate) : null,
    workingDaysLeft: left,
    leftText: left === null ? null : leftInWords(left),
  };
}

/** The due date of the duty an overdue case missed: the day before it became overdue (the end of its due date, London). */
function missedDue(c: CaseSummary): IsoDate | null {
  if (!c.overdueSince) return c.nextDue;
  // overdueSince is the end of the due date in London (midnight): the instant before it is on the due date.
  return londonDateOf(Date.parse(c.overdueSince) - 1);
}

export function leftInWords(left: number): string {
  if (left === 0) return 'due today';
  if (left > 0) return `${left} working day${left === 1 ? '' : 's'} left`;
  return `${-left} working day${left === -1 ? '' : 's'} overdue`;
}

function isWindow(key: string | null): boolean {
  return key === 'stage1.escalate' || key === 'stage2.escalate';
}

/** The Sunday that ends `today`'s week (Monday to Sunday). */
function endOfWeek(today: IsoDate): IsoDate {
  return addDays(today, (7 - dayOfWeek(today)) % 7);
}

function policyOrDefault(id: string) {
  try {
    return getPolicy(id);
  } catch {
    return getPolicy('england-statutory');
  }
}
