import type { ListingScope } from '../domain/access';
import { isIsoDate, type IsoDate } from '../domain/dates';
import { ActionRecords, type ActionRecord } from './actions';
import type { Db } from './db';
import { RecordsInputError } from './errors';
import { scopeCondition } from './scope';

/**
 * The staff's working queues, from what the case sync files (cases, events,
 * deadlines; records/case-sync.ts) and the action plans (records/actions.ts):
 * what awaits someone's decision or act, oldest duty first. Each is a page of
 * at most `limit` rows (1 to 200, default 50) after a cursor, and holds only
 * the cases the caller reaches: the listing's filter (records/scope.ts, from
 * domain/access.ts listingScope), the one the case listing uses. No personal
 * data: references, teams, dates and staff ids.
 */

export interface QueueQuery {
  cursor?: string;
  limit?: number;
}

export interface QueuePage<T> {
  items: T[];
  nextCursor: string | null;
}

/** A request for the next stage made after its window closed, awaiting a complaints manager's decision (accept or refuse-escalation). */
export interface LateEscalationItem {
  reference: string;
  team: string | null;
  to: 'stage2' | 'stage3';
  requestedAt: string;
  /** The London date the complainant's window closed. */
  windowClosedOn: IsoDate;
  /** The decision's due date: the new stage's acknowledgement clock, from the request (3 WD by default). */
  decideBy: IsoDate;
  onHold: boolean;
}

/** A Stage 2 extension the council asked the complainant for (request-extension), not yet answered (answer-extension). */
export interface ExtensionAwaitingItem {
  reference: string;
  team: string | null;
  requestedAt: string;
  workingDays: number;
  /** The Stage 2 response date if the complainant agrees. */
  proposedDue: IsoDate;
  /** The Stage 2 response date as it stands: the clock runs on until they agree. */
  due: IsoDate;
  onHold: boolean;
}

/** A Review Panel requested and not yet given a date (schedule-panel). */
export interface PanelToScheduleItem {
  reference: string;
  team: string | null;
  requestedAt: string;
  /** The date the panel must meet by: 30 working days after the request (Luton 19.1), moved by any extension or hold. */
  panelBy: IsoDate;
  /** The panel clock's state: pending, paused (on hold) or missed. */
  state: string;
  onHold: boolean;
}

function pageLimit(query: QueueQuery): number {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new RecordsInputError('limit must be 1 to 200');
  return limit;
}

/** The cursor: the last row's `<date>_<reference>`. */
function decodeCursor(cursor: string): [IsoDate, string] {
  const at = cursor.indexOf('_');
  const date = cursor.slice(0, at);
  const reference = cursor.slice(at + 1);
  // A real date: a date-shaped impossible one would fail in the database's cast, a 500, not here.
  if (at < 0 || !isIsoDate(date) || !/^[A-Za-z0-9-]{1,40}$/.test(reference)) throw new RecordsInputError('cursor is not one this API gave');
  return [date, reference];
}

export class StaffQueues {
  private readonly actions: ActionRecords;

  constructor(private readonly db: Db) {
    this.actions = new ActionRecords(db);
  }

  /**
   * One queue's page, keyset-ordered by a date then the reference. `sql`
   * selects from `cases c` (and what it joins) with `key` the date column;
   * `where` are its own conditions.
   */
  private async page<T extends { reference: string }>(scope: ListingScope, query: QueueQuery, sql: { select: string; where: string[]; key: string; dateOf: (row: T) => IsoDate }): Promise<QueuePage<T>> {
    const limit = pageLimit(query);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [...sql.where];
    const reach = scopeCondition(scope, { reference: 'c.reference', team: 'c.team' }, param);
    if (reach) where.push(reach);
    if (query.cursor !== undefined) {
      const [date, reference] = decodeCursor(query.cursor);
      where.push(`(${sql.key}, c.reference) > (${param(date)}::date, ${param(reference)})`);
    }
    const r = await this.db.query<T>(`${sql.select} WHERE ${where.join(' AND ')} ORDER BY ${sql.key}, c.reference LIMIT ${param(limit + 1)}`, params);
    const items = r.rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: r.rows.length > limit && last ? `${sql.dateOf(last)}_${last.reference}` : null };
  }

  /**
   * Late requests for the next stage awaiting a decision, soonest due first:
   * the case waits on it (status escalation-decision-due, which accepting
   * or refusing the request ends: domain/complaint/transitions/escalation.ts),
   * with its latest escalation-requested-late event.
   */
  lateEscalations(scope: ListingScope, query: QueueQuery = {}): Promise<QueuePage<LateEscalationItem>> {
    return this.page<LateEscalationItem>(scope, query, {
      select: `SELECT c.reference, c.team, c.on_hold AS "onHold", e.detail->>'to' AS "to", e.at AS "requestedAt",
                      e.detail->>'windowClosed' AS "windowClosedOn", d.due AS "decideBy"
                 FROM cases c
                 JOIN LATERAL (SELECT at, detail FROM events ev WHERE ev.reference = c.reference AND ev.action = 'escalation-requested-late'
                                ORDER BY ev.seq DESC LIMIT 1) e ON true
                 JOIN deadlines d ON d.reference = c.reference AND d.key = (e.detail->>'to') || '.acknowledge'`,
      where: [`c.status = 'escalation-decision-due'`],
      key: 'd.due',
      dateOf: (row) => row.decideBy,
    });
  }

  /**
   * Stage 2 extensions the council asked for that the complainant has not
   * answered, the soonest Stage 2 response date first: the latest
   * extension-requested event with no extension-agreed or -declined after it,
   * on a case not closed.
   */
  extensionsAwaitingAgreement(scope: ListingScope, query: QueueQuery = {}): Promise<QueuePage<ExtensionAwaitingItem>> {
    return this.page<ExtensionAwaitingItem>(scope, query, {
      select: `SELECT c.reference, c.team, c.on_hold AS "onHold", e.at AS "requestedAt", (e.detail->>'workingDays')::int AS "workingDays",
                      e.detail->>'proposedDue' AS "proposedDue", d.due
                 FROM cases c
                 JOIN LATERAL (SELECT seq, at, detail FROM events ev WHERE ev.reference = c.reference AND ev.action = 'extension-requested'
                                ORDER BY ev.seq DESC LIMIT 1) e ON true
                 JOIN deadlines d ON d.reference = c.reference AND d.key = e.detail->>'deadline'`,
      where: [
        `c.status <> 'closed'`,
        `NOT EXISTS (SELECT 1 FROM events a WHERE a.reference = c.reference AND a.seq > e.seq AND a.action IN ('extension-agreed', 'extension-declined'))`,
      ],
      key: 'd.due',
      dateOf: (row) => row.due,
    });
  }

  /**
   * Review Panels requested and not yet given a date, the soonest "meet by"
   * date first: a Stage 3 case not closed whose panel clock runs (started by
   * the request, domain/complaint/transitions/stage3.ts) with no
   * panel-scheduled event since the request.
   */
  panelsToSchedule(scope: ListingScope, query: QueueQuery = {}): Promise<QueuePage<PanelToScheduleItem>> {
    return this.page<PanelToScheduleItem>(scope, query, {
      select: `SELECT c.reference, c.team, c.on_hold AS "onHold", r.at AS "requestedAt", d.due AS "panelBy", d.state
                 FROM cases c
                 JOIN deadlines d ON d.reference = c.reference AND d.key = 'stage3.panel'
                 JOIN LATERAL (SELECT seq, at FROM events ev WHERE ev.reference = c.reference AND ev.action = 'escalated' AND ev.detail->>'to' = 'stage3'
                                ORDER BY ev.seq DESC LIMIT 1) r ON true`,
      where: [
        `c.stage = 'stage3'`,
        `c.status <> 'closed'`,
        `d.state IN ('pending', 'paused', 'missed')`,
        `NOT EXISTS (SELECT 1 FROM events s WHERE s.reference = c.reference AND s.seq > r.seq AND s.action = 'panel-scheduled')`,
      ],
      key: 'd.due',
      dateOf: (row) => row.panelBy,
    });
  }

  /**
   * Actions of an action plan still open after the end of their due date
   * (London), the longest overdue first: the action list's own query
   * (records/actions.ts), so its reach includes the actions the caller owns.
   */
  async actionsPastDate(scope: ListingScope, query: QueueQuery & { today: IsoDate }): Promise<QueuePage<ActionRecord>> {
    const page = await this.actions.list({ overdue: true, today: query.today, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}) }, scope);
    return { items: page.actions, nextCursor: page.nextCursor };
  }
}
