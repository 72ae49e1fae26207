/**
 * The bank holidays a working-day calendar counts, as plain data: published
 * (one division of GOV.UK's file, with a council's closure days, built into
 * CalendarData) and projected (the usual rules, Easter by the Computus, for
 * the years beyond the published data). Regulation 2 of the Children Act 1989
 * Representations Procedure (England) Regulations 2006 leaves bank holidays
 * in England and Wales out of working days; domain/calendar.ts counts them.
 */
import bankHolidaysJson from './bank-holidays.json';
import { type BankHolidayFile, type Division, DIVISIONS, isDivision, parseBankHolidayFile } from './bank-holidays';
import { type IsoDate, assertIsoDate, dayOfWeekOfDayNumber, daysFromCivil, fromDayNumber, isWeekend } from './dates';

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

/** Bump when the projection rules below change, so calendars built with them get a new version. */
const PROJECTION_RULES_VERSION = 1;

/** A holiday as the calendar keeps it, by day number. */
export interface HolidayInfo {
  title: string;
  substitute: boolean;
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
export function projectYear(year: number, division: Division): Map<number, HolidayInfo> {
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

/** @throws RangeError unless `division` names one of the three divisions (a calendar is of one division). */
export function assertDivision(division: unknown): asserts division is Division {
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
