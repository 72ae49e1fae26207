/**
 * The calendar, dates and policy code (domain/), on the points the mutation
 * run found untested (docs/mutation.md). Everything is built inside each test,
 * so a mutant in the code that builds it is seen. Dates are literal.
 */
import { describe, expect, it } from 'vitest';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { type BankHolidayFile, parseBankHolidayFile } from '../../domain/bank-holidays';
import { WorkingDayCalendar } from '../../domain/calendar';
import { buildCalendarData, type CalendarData, defaultCalendarData, projectedHolidays } from '../../domain/holidays';
import { addDays, assertIsoDate, dayNumber, daysFromCivil, fromDayNumber, isIsoDate, londonDateOf } from '../../domain/dates';
import { ENGLAND_STATUTORY_POLICY, parsePolicy, PolicyError } from '../../domain/policy';

function file(events: { title: string; date: string; notes: string }[]): BankHolidayFile {
  const empty = { events: [] as { title: string; date: string; notes: string; bunting: boolean }[] };
  return {
    'england-and-wales': { division: 'england-and-wales', events: events.map((e) => ({ ...e, bunting: true })) },
    scotland: { division: 'scotland', ...empty },
    'northern-ireland': { division: 'northern-ireland', ...empty },
  } as BankHolidayFile;
}

describe('building calendar data', () => {
  it('sorts the events, marks substitute days however written, and writes plain apostrophes', () => {
    const data = buildCalendarData(
      file([
        { title: 'Boxing Day', date: '2027-12-28', notes: ' SUBSTITUTE DAY ' },
        { title: 'New Year\u2019s Day', date: '2027-01-01', notes: '' },
        { title: 'Christmas Day', date: '2027-12-27', notes: 'Substitute day' },
      ]),
      'england-and-wales',
    );
    expect(data.holidays).toStrictEqual([
      { date: '2027-01-01', title: "New Year's Day" },
      { date: '2027-12-27', title: 'Christmas Day', substitute: true },
      { date: '2027-12-28', title: 'Boxing Day', substitute: true },
    ]);
    expect(data.coversTo).toBe('2027-12-31');
    const shipped = defaultCalendarData();
    expect(shipped.coversTo).toBe('2028-12-31');
    expect(shipped.holidays.find((h) => h.date === '2027-01-01')).toStrictEqual({ date: '2027-01-01', title: "New Year's Day" });
    expect(shipped.holidays.find((h) => h.date === '2026-12-28')).toStrictEqual({ date: '2026-12-28', title: 'Boxing Day', substitute: true });
    expect(new WorkingDayCalendar(shipped).nonWorkingReason('2026-12-28')).toBe('Boxing Day (substitute day)');
  });

  it('refuses a file with no events for the division, and an unknown division by name', () => {
    expect(() => buildCalendarData(file([]), 'england-and-wales')).toThrow(new RangeError('the bank holidays file has no events for england-and-wales'));
    const valid = parseBankHolidayFile(bankHolidaysJson);
    expect(() => buildCalendarData(valid, 'wales' as never)).toThrow(
      new RangeError('unknown division "wales": expected one of england-and-wales, scotland, northern-ireland'),
    );
  });
});

describe('published and projected years', () => {
  const base = (holidays: CalendarData['holidays'], coversTo: string): CalendarData => ({
    version: 'test',
    division: 'england-and-wales',
    holidays,
    closureDays: [],
    coversTo,
  });

  it('treats every year up to coversTo as published, even one without holidays', () => {
    const cal = new WorkingDayCalendar(base([{ date: '2027-12-27', title: 'Christmas Day', substitute: true }], '2029-12-31'));
    // 25 Dec 2028 (Monday) is in a published year with no holidays: a working day, and nothing is projected.
    expect(cal.isWorkingDay('2028-12-25')).toBe(true);
    expect(cal.due('2028-12-22', 1, 'received')).toMatchObject({ due: '2028-12-25', warnings: [] });
    expect(cal.due('2029-12-24', 1, 'received')).toMatchObject({ due: '2029-12-25', warnings: [] });
    expect(cal.nonWorkingReason('2027-12-27')).toBe('Christmas Day (substitute day)');
    // 2030 is projected: Christmas is skipped and the date says so.
    expect(cal.due('2030-12-24', 1, 'received')).toMatchObject({
      due: '2030-12-27',
      warnings: ['bank holidays for 2030 are projected from the usual rules, not yet published'],
    });
  });

  it('with no holidays at all, projects every year', () => {
    const cal = new WorkingDayCalendar(base([], '2027-12-31'));
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.due('2026-12-31', 1, 'received')).toMatchObject({
      due: '2027-01-04',
      warnings: [
        'bank holidays for 2026 are projected from the usual rules, not yet published',
        'bank holidays for 2027 are projected from the usual rules, not yet published',
      ],
    });
  });

  it('publishes a year that holds a holiday beyond coversTo', () => {
    const cal = new WorkingDayCalendar(base([{ date: '2027-01-01', title: "New Year's Day" }, { date: '2029-06-01', title: 'A one-off day' }], '2027-12-31'));
    expect(cal.nonWorkingReason('2029-06-01')).toBe('A one-off day');
    // 2029 counts as published: its usual holidays are not projected (Christmas Day 2029 is a working day here).
    expect(cal.isWorkingDay('2029-12-25')).toBe(true);
    // 2 WD after Thu 31 May 2029: Fri 1 Jun is the one-off day → Mon 4, Tue 5 Jun.
    expect(cal.due('2029-05-31', 2, 'received')).toMatchObject({ due: '2029-06-05', warnings: [] });
  });

  it('never counts a holiday that falls at a weekend twice', () => {
    // A hand-made calendar with Christmas on Saturday 25 Dec 2027 and its substitute on Monday 27 Dec.
    const cal = new WorkingDayCalendar(
      base([{ date: '2027-12-25', title: 'Christmas Day' }, { date: '2027-12-27', title: 'Christmas Day', substitute: true }], '2027-12-31'),
    );
    // After Fri 24 Dec up to Fri 31 Dec: 28 29 30 31 (27 is the substitute, 25 and 26 the weekend).
    expect(cal.workingDaysBetween('2027-12-24', '2027-12-31')).toBe(4);
  });
});

/** Easter Sunday by Gauss's method (with its two exceptions), an algorithm independent of the one under test. */
function gaussEaster(y: number): string {
  const a = y % 19;
  const b = y % 4;
  const c = y % 7;
  const k = Math.floor(y / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const m = (15 - p + k - q) % 30;
  const n = (4 + k - q) % 7;
  const d = (19 * a + m) % 30;
  const e = (2 * b + 4 * c + 6 * d + n) % 7;
  let day = 22 + d + e; // in March
  if (d === 29 && e === 6) day = 50;
  else if (d === 28 && e === 6 && (11 * m + 11) % 30 < 19) day = 49;
  const date = day > 31 ? [4, day - 31] : [3, day];
  return `${y}-${String(date[0]).padStart(2, '0')}-${String(date[1]).padStart(2, '0')}`;
}

describe('projected holidays', () => {
  it('put Good Friday two days before Easter in every year 1900-2299', () => {
    for (let year = 1900; year < 2300; year += 1) {
      const goodFriday = projectedHolidays(year, 'england-and-wales').find((h) => h.title === 'Good Friday')!;
      expect([year, addDays(goodFriday.date, 2)]).toEqual([year, gaussEaster(year)]);
    }
  });

  it('give a fixed holiday on a weekday its own title, not a substitute', () => {
    // 2029: Christmas Day Tue 25 Dec, Boxing Day Wed 26 Dec.
    expect(projectedHolidays(2029, 'england-and-wales').filter((h) => h.date >= '2029-12-01')).toStrictEqual([
      { date: '2029-12-25', title: 'Christmas Day' },
      { date: '2029-12-26', title: 'Boxing Day' },
    ]);
    expect(new WorkingDayCalendar(defaultCalendarData()).nonWorkingReason('2029-12-25')).toBe('Christmas Day');
  });
});

describe('working-day arithmetic edges', () => {
  const cal = () => new WorkingDayCalendar(defaultCalendarData());

  it('counts zero days between a date and itself, never minus zero', () => {
    expect(Object.is(cal().workingDaysBetween('2027-01-06', '2027-01-06'), 0)).toBe(true);
  });

  it('names the count in its refusals', () => {
    expect(() => cal().addWorkingDays('2027-01-06', -1)).toThrow(new RangeError('working day count -1 must be a whole number of days, 0 or more'));
    expect(() => cal().reminders('2027-01-04', '2027-01-18', { workingDaysBefore: [-2], elapsedShares: [] })).toThrow(
      new RangeError('reminder -2 must be a whole number of days, 0 or more'),
    );
    for (const share of [0, 1, -0.5]) {
      expect(() => cal().reminders('2027-01-04', '2027-01-18', { workingDaysBefore: [], elapsedShares: [share] })).toThrow(
        new RangeError(`reminder share ${share} must be between 0 and 1`),
      );
    }
  });

  it('never reminds on the due date itself', () => {
    expect(cal().reminders('2027-01-04', '2027-01-18', { workingDaysBefore: [0], elapsedShares: [] })).toEqual([]);
    // 10 WD from Mon 4 Jan; 99% → the 10th, the due date, even when a closure on it would bring it forward.
    const closed = new WorkingDayCalendar(defaultCalendarData('england-and-wales', ['2027-01-18']));
    expect(closed.reminders('2027-01-04', '2027-01-18', { workingDaysBefore: [], elapsedShares: [0.99] })).toEqual([]);
  });
});

describe('dates', () => {
  it('names what is wrong', () => {
    expect(() => assertIsoDate('2027-13-01')).toThrow(new RangeError('date "2027-13-01" is not a real calendar date in the form YYYY-MM-DD'));
    expect(() => dayNumber('2027-02-30')).toThrow(new RangeError('date "2027-02-30" is not a real calendar date in the form YYYY-MM-DD'));
    expect(() => londonDateOf(Number.NaN)).toThrow(new RangeError('instant NaN is not a valid time'));
    expect(() => addDays('2027-01-01', 1.5)).toThrow(new RangeError('day count 1.5 is not a whole number'));
  });

  it('knows the short months, day 0, and only strings are dates', () => {
    for (const d of ['2027-04-31', '2027-06-31', '2027-09-31', '2027-11-31', '2027-01-00']) expect(isIsoDate(d)).toBe(false);
    for (const d of ['2027-04-30', '2027-06-30', '2027-09-30', '2027-11-30', '2027-01-01']) expect(isIsoDate(d)).toBe(true);
    expect(isIsoDate({ toString: () => '2027-01-01' })).toBe(false);
  });

  it('writes years before 1000 with four digits, and the last day of a 400-year cycle', () => {
    expect(fromDayNumber(daysFromCivil(999, 1, 1))).toBe('0999-01-01');
    expect(fromDayNumber(daysFromCivil(2000, 2, 29))).toBe('2000-02-29');
    expect(fromDayNumber(daysFromCivil(2000, 3, 1))).toBe('2000-03-01');
  });
});

describe('policy', () => {
  it('is refused as a PolicyError, and allows a Stage 2 cap equal to the Stage 2 response', () => {
    const refused = (() => {
      try {
        parsePolicy({ ...ENGLAND_STATUTORY_POLICY, outOfTimeMonths: 6 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(PolicyError);
    expect((refused as PolicyError).name).toBe('PolicyError');
    const tight = parsePolicy({ ...ENGLAND_STATUTORY_POLICY, id: 'tight', extensions: { ...ENGLAND_STATUTORY_POLICY.extensions, stage2MaxTotalWorkingDays: 25 } });
    expect(tight.extensions.stage2MaxTotalWorkingDays).toBe(25);
  });

  it('reports an unknown field as such, not as "not a policy"', () => {
    try {
      parsePolicy({ ...ENGLAND_STATUTORY_POLICY, colour: 'blue' });
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyError).problems.join('\n')).not.toContain('must be a policy object');
      expect((error as PolicyError).problems.join('\n')).toContain('colour');
    }
  });
});
