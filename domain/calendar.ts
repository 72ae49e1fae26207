/**
 * Working days as regulation 2 of the Children Act 1989 Representations
 * Procedure (England) Regulations 2006 defines them: any day but a Saturday,
 * a Sunday, Christmas Day, Good Friday or a bank holiday in England and Wales.
 *
 * Pure and deterministic: a workflow receives its CalendarData as input and
 * keeps it for its whole life, so a later refresh of the holidays file never
 * moves a running case's dates unless the case is moved on purpose.
 */
import bankHolidaysJson from './bank-holidays.json';
import { type BankHolidayFile, type Division, DIVISIONS, isDivision, parseBankHolidayFile } from './bank-holidays';
import {
  type IsoDate,
  assertIsoDate,
  dayNumber,
  dayOfWeekOfDayNumber,
  daysFromCivil,
  formatLong,
  formatShort,
  fromDayNumber,
  londonDateOf,
  londonTimeOf,
  yearOfDayNumber,
} from './dates';

export type { Division };

/** A bank holiday in a calendar; `substitute` marks a day standing in for one that fell at a weekend. */
export interface Holiday {
  date: IsoDate;
  title: string;
  substitute?: boolean;
}

/** A calendar as plain, serializable data: pass it as workflow input. */
export interface CalendarData {
  /** Changes whenever anything that can move a date changes. */
  version: string;
  division: Division;
  holidays: Holiday[];
  /** Days the council's office is closed: warnings and earlier reminders, never a later due date. */
  closureDays: IsoDate[];
  /** 31 December of the last year in the published data; later years are projected. */
  coversTo: IsoDate;
}

/** How a received complaint or request is dated. */
export interface ReceiptRule {
  nonWorkingDay: 'next-working-day';
  /** 'HH:MM' London: received at or after this time counts as received the next working day. */
  cutOff?: string | undefined;
}

/** A due date with the working that produced it. */
export interface DueDate {
  due: IsoDate;
  start: IsoDate;
  workingDays: number;
  /** Holidays between start (exclusive) and due (inclusive); weekends are implied. */
  skipped: { date: IsoDate; reason: string }[];
  warnings: string[];
  explanation: string;
}

/** When to remind someone of a due date. */
export interface ReminderPoints {
  /** Office days before the due date. */
  workingDaysBefore: readonly number[];
  /** Shares of the working days elapsed, each strictly between 0 and 1. */
  elapsedShares: readonly number[];
}

/** A reminder date and why it is set. */
export interface Reminder {
  date: IsoDate;
  reason: string;
}

/** 'HH:MM', 00:00 to 23:59. */
export const CUT_OFF_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Bump when the projection rules below change, so calendars built with them get a new version. */
const PROJECTION_RULES_VERSION = 1;

interface HolidayInfo {
  title: string;
  substitute: boolean;
}

interface YearHolidays {
  projected: boolean;
  byDay: Map<number, HolidayInfo>;
  /** Sorted day numbers of the holidays that fall Monday to Friday. */
  weekdays: number[];
}

function isWeekend(days: number): boolean {
  const dow = dayOfWeekOfDayNumber(days);
  return dow === 0 || dow === 6;
}

/** Easter Sunday (anonymous Gregorian computus), as a day number. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return daysFromCivil(year, Math.floor(n / 31), (n % 31) + 1);
}

function firstMonday(year: number, month: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((8 - dayOfWeekOfDayNumber(first)) % 7);
}

/** Last Monday of a 31-day month (May, August). */
function lastMonday(year: number, month: number): number {
  const last = daysFromCivil(year, month, 31);
  return last - ((dayOfWeekOfDayNumber(last) + 6) % 7);
}

type MoveableRule = { title: string; at: (year: number) => number };
type FixedRule = { title: string; month: number; day: number };

const goodFriday: MoveableRule = { title: 'Good Friday', at: (y) => easterSunday(y) - 2 };
const easterMonday: MoveableRule = { title: 'Easter Monday', at: (y) => easterSunday(y) + 1 };
const earlyMay: MoveableRule = { title: 'Early May bank holiday', at: (y) => firstMonday(y, 5) };
const spring: MoveableRule = { title: 'Spring bank holiday', at: (y) => lastMonday(y, 5) };
const summerLast: MoveableRule = { title: 'Summer bank holiday', at: (y) => lastMonday(y, 8) };
const summerFirst: MoveableRule = { title: 'Summer bank holiday', at: (y) => firstMonday(y, 8) };
const newYear: FixedRule = { title: "New Year's Day", month: 1, day: 1 };
const christmas: FixedRule = { title: 'Christmas Day', month: 12, day: 25 };
const boxingDay: FixedRule = { title: 'Boxing Day', month: 12, day: 26 };

/** The usual holidays of each division (Banking and Financial Dealings Act 1971 and royal proclamations). */
const USUAL_HOLIDAYS: Record<Division, { moveable: MoveableRule[]; fixed: FixedRule[] }> = {
  'england-and-wales': {
    moveable: [goodFriday, easterMonday, earlyMay, spring, summerLast],
    fixed: [newYear, christmas, boxingDay],
  },
  scotland: {
    moveable: [goodFriday, earlyMay, spring, summerFirst],
    fixed: [
      newYear,
      { title: '2nd January', month: 1, day: 2 },
      { title: "St Andrew's Day", month: 11, day: 30 },
      christmas,
      boxingDay,
    ],
  },
  'northern-ireland': {
    moveable: [goodFriday, easterMonday, earlyMay, spring, summerLast],
    fixed: [
      newYear,
      { title: "St Patrick's Day", month: 3, day: 17 },
      { title: "Battle of the Boyne (Orangemen's Day)", month: 7, day: 12 },
      christmas,
      boxingDay,
    ],
  },
};

/**
 * A year's holidays from the usual rules. A fixed-date holiday that falls at
 * a weekend (or on another holiday) moves to the next free weekday, in order:
 * Christmas on a Saturday → Monday 27th, Boxing Day on the Sunday → Tuesday 28th.
 */
function projectYear(year: number, division: Division): Map<number, HolidayInfo> {
  const rules = USUAL_HOLIDAYS[division];
  const byDay = new Map<number, HolidayInfo>();
  for (const rule of rules.moveable) byDay.set(rule.at(year), { title: rule.title, substitute: false });
  const displaced: FixedRule[] = [];
  for (const rule of rules.fixed) {
    const day = daysFromCivil(year, rule.month, rule.day);
    if (isWeekend(day) || byDay.has(day)) displaced.push(rule);
    else byDay.set(day, { title: rule.title, substitute: false });
  }
  for (const rule of displaced) {
    let day = daysFromCivil(year, rule.month, rule.day) + 1;
    while (isWeekend(day) || byDay.has(day)) day += 1;
    byDay.set(day, { title: rule.title, substitute: true });
  }
  return byDay;
}

/** The holidays of `division` in `year` as the usual rules give them (projection beyond the published data). */
export function projectedHolidays(year: number, division: Division): Holiday[] {
  return [...projectYear(year, division)]
    .sort(([a], [b]) => a - b)
    .map(([day, info]) => ({
      date: fromDayNumber(day),
      title: info.title,
      ...(info.substitute ? { substitute: true } : {}),
    }));
}

/** 32-bit FNV-1a, hex: a stable fingerprint without node:crypto. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function assertDivision(division: unknown): asserts division is Division {
  if (!isDivision(division)) {
    throw new RangeError(`unknown division ${JSON.stringify(division)}: expected one of ${DIVISIONS.join(', ')}`);
  }
}

/** Calendar data for one division of a validated GOV.UK file, with a council's closure days. */
export function buildCalendarData(
  file: BankHolidayFile,
  division: Division,
  closureDays: readonly IsoDate[] = [],
): CalendarData {
  assertDivision(division);
  closureDays.forEach((d) => assertIsoDate(d, 'closure day'));
  const holidays: Holiday[] = [...file[division].events]
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map((event) => ({
      date: event.date,
      // GOV.UK writes typographic apostrophes; letters and logs use plain ones.
      title: event.title.replace(/\u2019/g, "'"),
      ...(event.notes.trim().toLowerCase() === 'substitute day' ? { substitute: true } : {}),
    }));
  const last = holidays.at(-1);
  if (!last) throw new RangeError(`the bank holidays file has no events for ${division}`);
  const closures = [...new Set(closureDays)].sort();
  const version = fnv1a(
    [PROJECTION_RULES_VERSION, division, holidays.map((h) => h.date).join(','), closures.join(',')].join('|'),
  );
  return {
    version: `${division}:${version}`,
    division,
    holidays,
    closureDays: closures,
    coversTo: `${last.date.slice(0, 4)}-12-31`,
  };
}

let defaultFile: BankHolidayFile | undefined;

/** Calendar data from the repository's `domain/bank-holidays.json`. */
export function defaultCalendarData(
  division: Division = 'england-and-wales',
  closureDays: readonly IsoDate[] = [],
): CalendarData {
  defaultFile ??= parseBankHolidayFile(bankHolidaysJson);
  return buildCalendarData(defaultFile, division, closureDays);
}

function assertCount(n: number, label = 'working day count'): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${label} ${n} must be a whole number of days, 0 or more`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Working-day arithmetic over one CalendarData. Beyond the published years it
 * never throws: it projects the usual holidays and says so in a warning.
 */
export class WorkingDayCalendar {
  readonly version: string;
  readonly data: CalendarData;
  private readonly years = new Map<number, YearHolidays>();
  private readonly closures: Set<number>;

  constructor(data: CalendarData) {
    assertDivision(data.division);
    this.data = data;
    this.version = data.version;
    this.closures = new Set(data.closureDays.map(dayNumber));
    // Years from the first holiday to coversTo are published, even one without holidays.
    const first = data.holidays[0];
    const lastYear = yearOfDayNumber(dayNumber(data.coversTo));
    for (let year = first ? yearOfDayNumber(dayNumber(first.date)) : lastYear + 1; year <= lastYear; year += 1) {
      this.years.set(year, { projected: false, byDay: new Map(), weekdays: [] });
    }
    for (const holiday of data.holidays) {
      const day = dayNumber(holiday.date);
      const year = yearOfDayNumber(day);
      const published = this.years.get(year) ?? { projected: false, byDay: new Map(), weekdays: [] };
      published.byDay.set(day, { title: holiday.title, substitute: holiday.substitute === true });
      this.years.set(year, published);
    }
    for (const year of this.years.values()) year.weekdays = weekdayHolidays(year.byDay);
  }

  /** True unless `d` is a weekend day or a bank holiday (closure days are working days). */
  isWorkingDay(d: IsoDate): boolean {
    return this.isWorkingDayNumber(dayNumber(d));
  }

  /** Why `d` is not a working day: 'Saturday', 'Sunday' or the holiday, e.g. 'Boxing Day (substitute day)'. */
  nonWorkingReason(d: IsoDate): string | undefined {
    const day = dayNumber(d);
    const dow = dayOfWeekOfDayNumber(day);
    if (dow === 6) return 'Saturday';
    if (dow === 0) return 'Sunday';
    const holiday = this.holidaysOf(yearOfDayNumber(day)).byDay.get(day);
    return holiday && describe(holiday);
  }

  /** True if the council's office is closed on `d`. */
  isClosureDay(d: IsoDate): boolean {
    return this.closures.has(dayNumber(d));
  }

  /** The n-th working day strictly after `d`; `d` itself when n is 0. */
  addWorkingDays(d: IsoDate, n: number): IsoDate {
    assertCount(n);
    return fromDayNumber(this.stepForward(dayNumber(d), n));
  }

  /** The n-th working day strictly before `d`; `d` itself when n is 0. */
  subtractWorkingDays(d: IsoDate, n: number): IsoDate {
    assertCount(n);
    let day = dayNumber(d);
    let remaining = n;
    while (remaining > 5) {
      const target = day - 7 * Math.floor((remaining - 1) / 5);
      remaining -= this.countWorkingDays(target, day - 1);
      day = target;
    }
    while (remaining > 0) {
      day -= 1;
      if (this.isWorkingDayNumber(day)) remaining -= 1;
    }
    return fromDayNumber(day);
  }

  /** The number of working days x with a < x <= b; negative when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const from = dayNumber(a);
    const to = dayNumber(b);
    // 0 - n rather than -n: never -0.
    return to >= from ? this.countWorkingDays(from + 1, to) : 0 - this.countWorkingDays(to + 1, from);
  }

  /** The first working day strictly after `d`. */
  nextWorkingDay(d: IsoDate): IsoDate {
    return this.addWorkingDays(d, 1);
  }

  /**
   * The date a complaint or request arriving at `instant` counts as received:
   * its London date, or the next working day if that date is not a working
   * day or the time is at or after the cut-off.
   */
  receiptDate(instant: number, rule: ReceiptRule): IsoDate {
    if (rule.cutOff !== undefined && !CUT_OFF_PATTERN.test(rule.cutOff)) {
      throw new RangeError(`cut-off ${JSON.stringify(rule.cutOff)} is not a time HH:MM`);
    }
    const date = londonDateOf(instant);
    const late = rule.cutOff !== undefined && londonTimeOf(instant) >= rule.cutOff;
    return late || !this.isWorkingDay(date) ? this.nextWorkingDay(date) : date;
  }

  /**
   * The date `n` working days after `start`, with the holidays skipped and
   * warnings (due on a closure day, projected holidays). `label` names the
   * start event in the explanation, e.g. 'received'.
   */
  due(start: IsoDate, n: number, label: string): DueDate {
    const from = dayNumber(start);
    assertCount(n);
    const to = this.stepForward(from, n);
    const skipped: { day: number; holiday: HolidayInfo }[] = [];
    const warnings: string[] = [];
    for (let year = yearOfDayNumber(from); year <= yearOfDayNumber(to); year += 1) {
      const holidays = this.holidaysOf(year);
      for (const [day, holiday] of holidays.byDay) {
        if (day > from && day <= to && !isWeekend(day)) skipped.push({ day, holiday });
      }
      if (holidays.projected) {
        warnings.push(`bank holidays for ${year} are projected from the usual rules, not yet published`);
      }
    }
    skipped.sort((a, b) => a.day - b.day);
    const due = fromDayNumber(to);
    if (this.closures.has(to)) warnings.unshift(`due on ${formatShort(due)}, a day the office is closed`);
    const skipping = skipped.map(
      ({ day, holiday }) =>
        `${formatShort(fromDayNumber(day))} (${holiday.title}${holiday.substitute ? ', substitute day' : ''})`,
    );
    return {
      due,
      start,
      workingDays: n,
      skipped: skipped.map(({ day, holiday }) => ({ date: fromDayNumber(day), reason: describe(holiday) })),
      warnings,
      explanation:
        `${label} ${formatLong(start)}; ${plural(n, 'working day')}` +
        `${skipping.length > 0 ? `, skipping ${skipping.join(', ')}` : ''} → ${formatLong(due)}`,
    };
  }

  /**
   * Hold convention: the clock ran on the day a hold starts, so the days left
   * are the working days after `holdStart` up to `due` (0 if already due).
   */
  remainingWorkingDays(due: IsoDate, holdStart: IsoDate): number {
    return Math.max(0, this.workingDaysBetween(holdStart, due));
  }

  /**
   * Hold convention, continued: the clock restarts the day after release, so
   * a hold started and released on the same day changes nothing, and a hold
   * spanning k working days moves the due date by exactly k working days.
   * With nothing left (the hold began on the due date) the step is due on
   * the release day, or the next working day if that is not one.
   */
  resumeDue(releaseDate: IsoDate, remaining: number): IsoDate {
    if (remaining === 0 && !this.isWorkingDay(releaseDate)) return this.nextWorkingDay(releaseDate);
    return this.addWorkingDays(releaseDate, remaining);
  }

  /**
   * Reminder dates for a clock running from `start` to `due`. Counts and
   * shares are of working days; a reminder that would fall on a closure day
   * is brought forward to the last open working day before it, and
   * 'working days before' counts open days only, so a closure before the due
   * date brings those reminders forward too. Reminders on or before `start`,
   * or on or after `due`, are dropped.
   */
  reminders(start: IsoDate, due: IsoDate, points: ReminderPoints): Reminder[] {
    const from = dayNumber(start);
    const to = dayNumber(due);
    const total = this.countWorkingDays(from + 1, to);
    const found = new Map<number, string>();
    const add = (day: number, reason: string) => {
      if (day > from && day < to) found.set(day, found.has(day) ? `${found.get(day)}; ${reason}` : reason);
    };
    for (const k of points.workingDaysBefore) {
      assertCount(k, 'reminder');
      let day = to;
      for (let left = k; left > 0 && day > from;) {
        day -= 1;
        if (this.isOpenDayNumber(day)) left -= 1;
      }
      add(day, `${plural(k, 'working day')} before the due date ${formatLong(due)}`);
    }
    for (const share of points.elapsedShares) {
      if (!(share > 0 && share < 1)) throw new RangeError(`reminder share ${share} must be between 0 and 1`);
      const k = Math.ceil(share * total);
      if (k >= total) continue;
      let day = this.stepForward(from, k);
      const planned = day;
      while (day > from && !this.isOpenDayNumber(day)) day -= 1;
      const moved =
        day === planned ? '' : ` (brought forward: the office is closed on ${formatShort(fromDayNumber(planned))})`;
      add(day, `${Math.round(share * 100)}% of the time elapsed${moved}`);
    }
    return [...found].sort(([a], [b]) => a - b).map(([day, reason]) => ({ date: fromDayNumber(day), reason }));
  }

  private isWorkingDayNumber(day: number): boolean {
    return !isWeekend(day) && !this.holidaysOf(yearOfDayNumber(day)).byDay.has(day);
  }

  private isOpenDayNumber(day: number): boolean {
    return this.isWorkingDayNumber(day) && !this.closures.has(day);
  }

  /** Jumps whole weeks while more than a week's work remains, then steps day by day. */
  private stepForward(from: number, n: number): number {
    let day = from;
    let remaining = n;
    while (remaining > 5) {
      const target = day + 7 * Math.floor((remaining - 1) / 5);
      remaining -= this.countWorkingDays(day + 1, target);
      day = target;
    }
    while (remaining > 0) {
      day += 1;
      if (this.isWorkingDayNumber(day)) remaining -= 1;
    }
    return day;
  }

  /** Working days in [lo, hi] (day numbers, inclusive). */
  private countWorkingDays(lo: number, hi: number): number {
    if (hi < lo) return 0;
    let count = weekdaysBefore(hi + 1) - weekdaysBefore(lo);
    for (let year = yearOfDayNumber(lo); year <= yearOfDayNumber(hi); year += 1) {
      for (const day of this.holidaysOf(year).weekdays) if (day >= lo && day <= hi) count -= 1;
    }
    return count;
  }

  private holidaysOf(year: number): YearHolidays {
    let holidays = this.years.get(year);
    if (!holidays) {
      const byDay = projectYear(year, this.data.division);
      holidays = { projected: true, byDay, weekdays: weekdayHolidays(byDay) };
      this.years.set(year, holidays);
    }
    return holidays;
  }
}

function describe(holiday: HolidayInfo): string {
  return holiday.substitute ? `${holiday.title} (substitute day)` : holiday.title;
}

function weekdayHolidays(byDay: Map<number, HolidayInfo>): number[] {
  return [...byDay.keys()].filter((day) => !isWeekend(day)).sort((a, b) => a - b);
}

/** Monday-to-Friday days before day number `day`, counted from Monday 5 January 1970 (negative before it). */
function weekdaysBefore(day: number): number {
  const sinceMonday = day - 4;
  const weeks = Math.floor(sinceMonday / 7);
  return 5 * weeks + Math.min(sinceMonday - 7 * weeks, 5);
}
