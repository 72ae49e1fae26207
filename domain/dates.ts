/**
 * London calendar dates and instants, without Intl or Node: this module runs
 * inside the Temporal workflow sandbox, so it must be pure and deterministic.
 *
 * UK clock rule (in force since 1996, the only one this engine needs):
 * British Summer Time runs from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October, UTC+1; otherwise GMT, UTC+0.
 */
import { z } from 'zod';
import { lazy } from './lazy';

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parts(d: string): [number, number, number] | undefined {
  const m = ISO_DATE.exec(d);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return [year, month, day];
}

/** True if `s` is a 'YYYY-MM-DD' string naming a real calendar date. */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && parts(s) !== undefined;
}

/** Throws a RangeError naming the value (and `label`) unless it is a real 'YYYY-MM-DD' date. */
export function assertIsoDate(s: unknown, label = 'date'): asserts s is IsoDate {
  if (!isIsoDate(s)) throw invalidDate(s, label);
}

function invalidDate(value: unknown, label: string): RangeError {
  return new RangeError(`${label} ${JSON.stringify(value)} is not a real calendar date in the form YYYY-MM-DD`);
}

/** Zod schema for an IsoDate, for the data files and policies (built on first use, domain/lazy.ts). */
export const isoDateSchema = lazy(() =>
  z
      .string({ error: 'must be a date in the form YYYY-MM-DD' })
      .refine(isIsoDate, { error: (issue) => `${JSON.stringify(issue.input)} is not a real date in the form YYYY-MM-DD` }),
);

/** Days since 1970-01-01 of a year, month (1-12) and day (Howard Hinnant's days_from_civil; Date.UTC would map years 0-99 to the 1900s). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z0 = days + 719_468;
  const era = Math.floor(z0 / 146_097);
  const doe = z0 - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Days since 1970-01-01 of a valid IsoDate (throws RangeError otherwise). */
export function dayNumber(d: IsoDate): number {
  const p = parts(d);
  if (!p) throw invalidDate(d, 'date');
  return daysFromCivil(...p);
}

/** The IsoDate `days` days after 1970-01-01. */
export function fromDayNumber(days: number): IsoDate {
  const [year, month, day] = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of week of a day number, 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function dayOfWeekOfDayNumber(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** True if day number `days` is a Saturday or a Sunday. */
export function isWeekend(days: number): boolean {
  const dow = dayOfWeekOfDayNumber(days);
  return dow === 0 || dow === 6;
}

/** The year of a day number. */
export function yearOfDayNumber(days: number): number {
  return civilFromDays(days)[0];
}

/** Day number of the last Sunday of `month` (31-day months only: March, October). */
function lastSunday(year: number, month: 3 | 10): number {
  const last = daysFromCivil(year, month, 31);
  return last - dayOfWeekOfDayNumber(last);
}

function toMs(instant: number | Date): number {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new RangeError(`instant ${String(instant)} is not a valid time`);
  }
  return ms;
}

/** Minutes London is ahead of UTC at `instant`: 60 during British Summer Time, else 0. */
export function londonOffsetMinutes(instant: number | Date): 0 | 60 {
  const ms = toMs(instant);
  const year = yearOfDayNumber(Math.floor(ms / MS_PER_DAY));
  const bstStart = lastSunday(year, 3) * MS_PER_DAY + MS_PER_HOUR;
  const bstEnd = lastSunday(year, 10) * MS_PER_DAY + MS_PER_HOUR;
  return ms >= bstStart && ms < bstEnd ? 60 : 0;
}

function londonWallClockMs(instant: number | Date): number {
  const ms = toMs(instant);
  return ms + londonOffsetMinutes(ms) * 60_000;
}

/** The London calendar date at `instant` (23:30 UTC on a summer evening is already the next day). */
export function londonDateOf(instant: number | Date): IsoDate {
  return fromDayNumber(Math.floor(londonWallClockMs(instant) / MS_PER_DAY));
}

/** London wall-clock time at `instant`, 'HH:MM'. */
export function londonTimeOf(instant: number | Date): string {
  const wallClock = londonWallClockMs(instant);
  const minutes = Math.floor((wallClock - Math.floor(wallClock / MS_PER_DAY) * MS_PER_DAY) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Epoch ms of 00:00 London on `d`. */
export function startOfLondonDay(d: IsoDate): number {
  const utcMidnight = dayNumber(d) * MS_PER_DAY;
  // Clocks change at 01:00 UTC on a Sunday, so the offset at UTC midnight is
  // also the offset at London midnight (at most an hour earlier).
  return utcMidnight - londonOffsetMinutes(utcMidnight) * 60_000;
}

/** Epoch ms of the 00:00 London that ends `d`: the instant a deadline due on `d` falls due. */
export function endOfLondonDay(d: IsoDate): number {
  return startOfLondonDay(addDays(d, 1));
}

/** `d` plus `n` calendar days (`n` may be negative). */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`day count ${n} is not a whole number`);
  return fromDayNumber(dayNumber(d) + n);
}

/** Day of week of `d`: 0 Sunday … 6 Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return dayOfWeekOfDayNumber(dayNumber(d));
}

/** -1, 0 or 1 as `a` is before, equal to or after `b`. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const da = dayNumber(a);
  const db = dayNumber(b);
  return da < db ? -1 : da > db ? 1 : 0;
}

/** 'Wed 6 Jan 2027'. */
export function formatLong(d: IsoDate): string {
  const days = dayNumber(d);
  const [year, month, day] = civilFromDays(days);
  return `${WEEKDAYS[dayOfWeekOfDayNumber(days)]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** '6 Jan'. */
export function formatShort(d: IsoDate): string {
  const [, month, day] = civilFromDays(dayNumber(d));
  return `${day} ${MONTHS[month - 1]}`;
}

/** The instant London's clocks show `time` ('HH:MM') on `d`; in the hour the clocks go back, the first of the two. */
export function londonInstant(d: IsoDate, time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wallClock = dayNumber(d) * MS_PER_DAY + hours * MS_PER_HOUR + minutes * 60_000;
  for (const offset of [60, 0] as const) {
    const instant = wallClock - offset * 60_000;
    if (londonOffsetMinutes(instant) === offset) return instant;
  }
  // In the hour the clocks skip (01:00-02:00 on the last Sunday of March): read as GMT.
  return wallClock;
}
