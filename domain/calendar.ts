/**
 * Working days as regulation 2 of the Children Act 1989 Representations
 * Procedure (England) Regulations 2006 defines them: any day but a Saturday,
 * a Sunday, Christmas Day, Good Friday or a bank holiday in England and Wales.
 *
 * Pure and deterministic: a workflow receives its CalendarData as input and
 * keeps it for its whole life, so a later refresh of the holidays file never
 * moves a running case's dates unless the case is moved on purpose. Which
 * days are bank holidays (published or projected) is domain/holidays.ts.
 */
import type { Division } from './bank-holidays';
import {
  type IsoDate,
  dayNumber,
  dayOfWeekOfDayNumber,
  formatLong,
  formatShort,
  fromDayNumber,
  isWeekend,
  londonDateOf,
  londonTimeOf,
  yearOfDayNumber,
} from './dates';
import { type CalendarData, type HolidayInfo, assertDivision, projectYear } from './holidays';

export type { Division };

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

interface YearHolidays {
  projected: boolean;
  byDay: Map<number, HolidayInfo>;
  /** Sorted day numbers of the holidays that fall Monday to Friday. */
  weekdays: number[];
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
