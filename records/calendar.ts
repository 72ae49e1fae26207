import crypto from 'node:crypto';
import bankHolidaysJson from '../domain/bank-holidays.json';
import { parseBankHolidayFile, type BankHolidayFile } from '../domain/bank-holidays';
import { buildCalendarData, type CalendarData } from '../domain/holidays';
import { addDays, type IsoDate } from '../domain/dates';
import type { Policy } from '../domain/policy';
import type { Db } from './db';

/**
 * The council's current working-day calendar (records/migrations/004_calendar.sql):
 * GOV.UK's bank holidays file and the council's closure days, each version
 * kept, the latest change current. New cases start on the current version;
 * a change is carried to live cases by `calendarChangeWorkflow`.
 *
 * What "the same policy from that moment" means here: a live case keeps the
 * policy it started with (timescales, extensions, reminders, its division and
 * its own closure days); only the calendar under it changes. Its pending and
 * paused clocks are counted again on the new version, from their own start
 * dates; deadlines already met or missed keep their dates, and reminders
 * already sent stay sent. Each case gets the holidays of its policy's
 * division from the new file (England and Wales for every policy the
 * statutory limits allow) and the council's closure days on top of its
 * policy's.
 */

export interface ClosureDay {
  date: IsoDate;
  reason: string;
}

export interface CalendarVersion {
  /** Content hash of the bank holidays file and the closure days. */
  id: string;
  bankHolidays: BankHolidayFile;
  closureDays: ClosureDay[];
  createdBy: string;
  createdAt: string | null;
}

export type CalendarChangeKind = 'bank-holidays' | 'closure-day';

export interface CalendarChange {
  /** Orders changes: the latest is current; a case ignores a change older than the one it has. */
  seq: number;
  version: string;
  kind: CalendarChangeKind;
  detail: Record<string, unknown>;
  actor: string;
  createdAt: string;
}

export interface OpenCase {
  reference: string;
  policyId: string;
  /** The version of its policy the case started on. */
  policyVersion: number;
}

// Any fixed number: two changes at once are applied one after the other.
const CHANGE_LOCK = 6_026_004;
const CHANGE_COLUMNS = `seq, version, kind, detail, actor, created_at AS "createdAt"`;
/** A closed case's workflow still runs for a year (late requests, the Ombudsman): it keeps getting calendar changes. */
const CLOSED_CASES_RUN_DAYS = 400;

/** The id of a calendar's content: the same file and closure days always give the same id. */
export function calendarVersionId(bankHolidays: BankHolidayFile, closureDays: readonly ClosureDay[]): string {
  return crypto.createHash('sha256').update(canonicalJson([bankHolidays, closureDays])).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted: jsonb gives keys back in its own order, and the id must not depend on it. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

let builtIn: CalendarVersion | undefined;

/** The calendar before any change is loaded: the repository's GOV.UK file, no closure days. */
export function builtInCalendarVersion(): CalendarVersion {
  if (!builtIn) {
    const bankHolidays = parseBankHolidayFile(bankHolidaysJson);
    builtIn = { id: calendarVersionId(bankHolidays, []), bankHolidays, closureDays: [], createdBy: 'built-in', createdAt: null };
  }
  return builtIn;
}

/** The calendar a case under `policy` counts on: its division's holidays, its policy's and the council's closure days. */
export function calendarDataFor(version: CalendarVersion, policy: Pick<Policy, 'division' | 'closureDays'>): CalendarData {
  return buildCalendarData(version.bankHolidays, policy.division, [...policy.closureDays, ...version.closureDays.map((d) => d.date)]);
}

function sortedClosures(days: readonly ClosureDay[]): ClosureDay[] {
  return [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** England and Wales holidays added and removed between two files: what a change says it did. */
function holidayDiff(before: BankHolidayFile, after: BankHolidayFile) {
  const key = (e: { date: string; title: string }) => `${e.date} ${e.title}`;
  const old = new Set(before['england-and-wales'].events.map(key));
  const next = new Set(after['england-and-wales'].events.map(key));
  return {
    added: after['england-and-wales'].events.filter((e) => !old.has(key(e))).map((e) => ({ date: e.date, title: e.title })),
    removed: before['england-and-wales'].events.filter((e) => !next.has(key(e))).map((e) => ({ date: e.date, title: e.title })),
  };
}

export class CalendarStore {
  constructor(private readonly db: Db) {}

  /** The current version and the change that made it current (none while the built-in file stands). */
  async current(db: Db = this.db): Promise<{ version: CalendarVersion; change: CalendarChange | null }> {
    const r = await db.query<CalendarChange>(`SELECT ${CHANGE_COLUMNS} FROM calendar_changes ORDER BY seq DESC LIMIT 1`);
    const change = r.rows[0];
    if (!change) return { version: builtInCalendarVersion(), change: null };
    return { version: (await this.getVersion(change.version, db))!, change };
  }

  async getVersion(id: string, db: Db = this.db): Promise<CalendarVersion | undefined> {
    if (id === builtInCalendarVersion().id) return builtInCalendarVersion();
    const r = await db.query<CalendarVersion>(
      `SELECT id, bank_holidays AS "bankHolidays", closure_days AS "closureDays", created_by AS "createdBy", created_at AS "createdAt"
         FROM calendar_versions WHERE id = $1`,
      [id],
    );
    return r.rows[0];
  }

  async getChange(seq: number): Promise<CalendarChange | undefined> {
    const r = await this.db.query<CalendarChange>(`SELECT ${CHANGE_COLUMNS} FROM calendar_changes WHERE seq = $1`, [seq]);
    return r.rows[0];
  }

  async listChanges(limit = 50): Promise<CalendarChange[]> {
    const r = await this.db.query<CalendarChange>(`SELECT ${CHANGE_COLUMNS} FROM calendar_changes ORDER BY seq DESC LIMIT $1`, [limit]);
    return r.rows;
  }

  /**
   * Makes a new bank holidays file current (the closure days stay).
   * Idempotent: the file already current changes nothing (`created: false`,
   * the change that made it current).
   */
  async loadBankHolidays(file: BankHolidayFile, actor: string): Promise<{ created: boolean; change: CalendarChange | null; version: CalendarVersion }> {
    return this.change(actor, 'bank-holidays', (current) => ({
      bankHolidays: file,
      closureDays: current.closureDays,
      detail: holidayDiff(current.bankHolidays, file),
    }));
  }

  /** Adds a closure day. Idempotent: a date already closed changes nothing. */
  async addClosureDay(day: ClosureDay, actor: string): Promise<{ created: boolean; change: CalendarChange | null; version: CalendarVersion }> {
    return this.change(actor, 'closure-day', (current) =>
      current.closureDays.some((d) => d.date === day.date)
        ? undefined
        : { bankHolidays: current.bankHolidays, closureDays: sortedClosures([...current.closureDays, day]), detail: { date: day.date, reason: day.reason } },
    );
  }

  private async change(
    actor: string,
    kind: CalendarChangeKind,
    next: (current: CalendarVersion) => { bankHolidays: BankHolidayFile; closureDays: ClosureDay[]; detail: Record<string, unknown> } | undefined,
  ): Promise<{ created: boolean; change: CalendarChange | null; version: CalendarVersion }> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      const current = await this.current(tx);
      const wanted = next(current.version);
      const id = wanted && calendarVersionId(wanted.bankHolidays, wanted.closureDays);
      if (!wanted || id === current.version.id) return { created: false, change: current.change, version: current.version };
      await tx.query(
        `INSERT INTO calendar_versions (id, bank_holidays, closure_days, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (council, id) DO NOTHING`,
        [id, JSON.stringify(wanted.bankHolidays), JSON.stringify(wanted.closureDays), actor],
      );
      const r = await tx.query<CalendarChange>(
        `INSERT INTO calendar_changes (version, kind, detail, actor) VALUES ($1, $2, $3, $4) RETURNING ${CHANGE_COLUMNS}`,
        [id, kind, JSON.stringify(wanted.detail), actor],
      );
      return { created: true, change: r.rows[0]!, version: (await this.getVersion(id!, tx))! };
    });
  }

  /**
   * One page of the cases whose workflow may still be running (open, or
   * closed within the last 400 days, or awaiting the Ombudsman), in
   * reference order after `cursor`: the calendar change pages through them.
   */
  async openCasesPage(input: { cursor: string | null; limit: number; today: IsoDate }): Promise<{ cases: OpenCase[]; nextCursor: string | null }> {
    const r = await this.db.query<OpenCase>(
      `SELECT reference, policy_id AS "policyId", policy_version AS "policyVersion" FROM cases c
        WHERE ${OPEN_CASES} AND ($2::text IS NULL OR reference > $2) ORDER BY reference LIMIT $3`,
      [addDays(input.today, -CLOSED_CASES_RUN_DAYS), input.cursor, input.limit + 1],
    );
    const cases = r.rows.slice(0, input.limit);
    return { cases, nextCursor: r.rows.length > input.limit ? cases.at(-1)!.reference : null };
  }

  async countOpenCases(today: IsoDate): Promise<number> {
    const r = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases c WHERE ${OPEN_CASES}`, [addDays(today, -CLOSED_CASES_RUN_DAYS)]);
    return r.rows[0]?.n ?? 0;
  }
}

const OPEN_CASES = `c.disposed_at IS NULL AND (c.closed_at IS NULL OR c.closed_at >= $1::date
  OR EXISTS (SELECT 1 FROM ombudsman_referrals o WHERE o.reference = c.reference AND o.complied_at IS NULL))`;

/** The calendar a new case under `policy` starts with: the council's current version. */
export async function currentCalendarData(db: Db, policy: Pick<Policy, 'division' | 'closureDays'>): Promise<CalendarData> {
  const { version } = await new CalendarStore(db).current();
  return calendarDataFor(version, policy);
}
