import { describe, expect, it } from 'vitest';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { parseBankHolidayFile } from '../../domain/bank-holidays';
import {
  type CalendarData,
  DIVISIONS,
  WorkingDayCalendar,
  buildCalendarData,
  defaultCalendarData,
  projectedHolidays,
} from '../../domain/index';

const file = parseBankHolidayFile(bankHolidaysJson);
const data = defaultCalendarData();
const cal = new WorkingDayCalendar(data);
const at = (iso: string) => Date.parse(iso);

describe('calendar data', () => {
  it('covers 2019-2028 for England and Wales, with the one-off days', () => {
    expect(data.division).toBe('england-and-wales');
    expect(data.coversTo).toBe('2028-12-31');
    expect(data.holidays[0]?.date).toBe('2019-01-01');
    const dates = data.holidays.map((h) => h.date);
    for (const oneOff of ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
      expect(dates).toContain(oneOff);
    }
    expect(dates).not.toContain('2020-05-04');
    expect(dates).not.toContain('2022-05-30');
  });

  it('is plain serializable data that behaves the same after a JSON round trip', () => {
    const copy = JSON.parse(JSON.stringify(data)) as CalendarData;
    expect(copy).toEqual(data);
    const other = new WorkingDayCalendar(copy);
    expect(other.version).toBe(cal.version);
    expect(other.due('2026-12-18', 10, 'received')).toEqual(cal.due('2026-12-18', 10, 'received'));
  });

  it('has a deterministic version that changes with the division, the dates and the closure days', () => {
    expect(defaultCalendarData().version).toBe(data.version);
    expect(data.version).toMatch(/^england-and-wales:[0-9a-f]{8}$/);
    const versions = new Set([
      data.version,
      defaultCalendarData('scotland').version,
      defaultCalendarData('northern-ireland').version,
      defaultCalendarData('england-and-wales', ['2026-12-29']).version,
      buildCalendarData(
        {
          ...file,
          'england-and-wales': { ...file['england-and-wales'], events: file['england-and-wales'].events.slice(1) },
        },
        'england-and-wales',
      ).version,
    ]);
    expect(versions.size).toBe(5);
    // Order and repetition of closure days do not matter.
    expect(defaultCalendarData('england-and-wales', ['2026-12-30', '2026-12-29', '2026-12-30']).version).toBe(
      defaultCalendarData('england-and-wales', ['2026-12-29', '2026-12-30']).version,
    );
  });

  it('refuses an unknown division and a closure day that does not exist', () => {
    expect(() => buildCalendarData(file, 'wales' as never)).toThrow(/unknown division "wales"/);
    expect(() => defaultCalendarData('england' as never)).toThrow(RangeError);
    expect(() => new WorkingDayCalendar({ ...data, division: 'mars' as never })).toThrow(/unknown division "mars"/);
    expect(() => defaultCalendarData('england-and-wales', ['2027-02-29'])).toThrow(/closure day "2027-02-29"/);
  });
});

describe('working days', () => {
  it.each([
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-28', 'Boxing Day (substitute day)'],
    ['2021-12-27', 'Christmas Day (substitute day)'],
    ['2022-01-03', "New Year's Day (substitute day)"],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ['2026-12-26', 'Saturday'],
    ['2026-12-27', 'Sunday'],
    ['2029-03-30', 'Good Friday'],
  ])('%s is not a working day: %s', (d, reason) => {
    expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.nonWorkingReason(d)).toBe(reason);
  });

  it.each(['2020-05-04', '2022-05-30', '2026-12-29', '2026-12-24', '2027-01-04'])('%s is a working day', (d) => {
    expect(cal.isWorkingDay(d)).toBe(true);
    expect(cal.nonWorkingReason(d)).toBeUndefined();
  });

  it('refuses bad input with a clear error', () => {
    expect(() => cal.addWorkingDays('2027-02-29', 1)).toThrow(/"2027-02-29"/);
    expect(() => cal.addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-01-05', 2.5)).toThrow(/2.5/);
    expect(() => cal.subtractWorkingDays('2026-01-05', -3)).toThrow(RangeError);
    expect(() => cal.due('2026-01-05', 1.5, 'received')).toThrow(RangeError);
  });
});

// Hand-worked: [start, working days, due].
const HAND_WORKED: [string, string, number, string][] = [
  // Christmas and New Year
  ['Christmas 2019 (Wed/Thu)', '2019-12-20', 10, '2020-01-08'],
  ['Christmas 2020 (Boxing Day substitute Mon 28)', '2020-12-18', 10, '2021-01-06'],
  ['Christmas 2021 (both substitute: Mon 27, Tue 28; New Year Mon 3)', '2021-12-20', 10, '2022-01-06'],
  ['Christmas 2022 (Boxing Day Mon 26, Christmas substitute Tue 27)', '2022-12-20', 10, '2023-01-06'],
  ['Christmas 2023 (Mon/Tue)', '2023-12-22', 10, '2024-01-10'],
  ['Christmas 2026 (the issue example)', '2026-12-18', 10, '2027-01-06'],
  ['Christmas 2027 (both substitute)', '2027-12-24', 10, '2028-01-12'],
  ['Christmas 2028 into projected 2029', '2028-12-22', 10, '2029-01-10'],
  ['Christmas Eve, 1 day', '2026-12-24', 1, '2026-12-29'],
  ['Christmas Eve 2021, 1 day', '2021-12-24', 1, '2021-12-29'],
  // Easter
  ['Easter 2019', '2019-04-18', 3, '2019-04-25'],
  ['Easter 2024 (end of March)', '2024-03-28', 5, '2024-04-08'],
  ['Easter 2025 then early May', '2025-04-17', 10, '2025-05-06'],
  ['Easter 2027 (Good Friday 26 March)', '2027-03-24', 3, '2027-03-31'],
  ['Easter 2029 (projected: Good Friday 30 March)', '2029-03-29', 1, '2029-04-03'],
  // One-off and moved days
  ['VE day moved, Fri 8 May 2020', '2020-05-07', 1, '2020-05-11'],
  ['Mon 4 May 2020 was a working day', '2020-05-01', 1, '2020-05-04'],
  ['Platinum Jubilee 2-3 June 2022', '2022-05-25', 10, '2022-06-10'],
  ['Mon 30 May 2022 was a working day', '2022-05-27', 1, '2022-05-30'],
  ['State funeral 19 September 2022', '2022-09-16', 1, '2022-09-20'],
  ['Coronation 8 May 2023 and early May 1 May', '2023-04-28', 10, '2023-05-16'],
  // Stage 2 and 3 lengths across a year end
  ['65 working days over Christmas 2026', '2026-11-02', 65, '2027-02-04'],
  ['25 working days over Christmas 2025', '2025-12-01', 25, '2026-01-08'],
  ['0 working days is the start itself', '2026-01-09', 0, '2026-01-09'],
];

describe('hand-worked due dates', () => {
  it.each(HAND_WORKED)('%s: %s + %i WD = %s', (_name, start, n, due) => {
    expect(cal.addWorkingDays(start, n)).toBe(due);
    expect(cal.workingDaysBetween(start, due)).toBe(n);
    expect(cal.due(start, n, 'received').due).toBe(due);
    expect(cal.isWorkingDay(start)).toBe(true);
    expect(cal.subtractWorkingDays(due, n)).toBe(start);
  });

  it('explains the issue example exactly', () => {
    expect(cal.due('2026-12-18', 10, 'received')).toEqual({
      due: '2027-01-06',
      start: '2026-12-18',
      workingDays: 10,
      skipped: [
        { date: '2026-12-25', reason: 'Christmas Day' },
        { date: '2026-12-28', reason: 'Boxing Day (substitute day)' },
        { date: '2027-01-01', reason: "New Year's Day" },
      ],
      warnings: [],
      explanation:
        "received Fri 18 Dec 2026; 10 working days, skipping 25 Dec (Christmas Day), 28 Dec (Boxing Day, substitute day), 1 Jan (New Year's Day) → Wed 6 Jan 2027",
    });
  });

  it('lists holidays, not weekends, and says when there is nothing to skip', () => {
    expect(cal.due('2026-01-09', 1, 'response sent').explanation).toBe(
      'response sent Fri 9 Jan 2026; 1 working day → Mon 12 Jan 2026',
    );
    expect(cal.due('2022-05-25', 10, 'received').skipped.map((s) => s.date)).toEqual(['2022-06-02', '2022-06-03']);
  });

  it.each([
    ['2026-12-31', '2027-01-04', 1],
    ['2025-12-24', '2026-01-02', 4],
    ['2025-12-31', '2026-12-31', 253],
    ['2021-12-31', '2022-12-31', 250],
    ['2027-01-04', '2026-12-31', -1],
    ['2026-12-25', '2026-12-28', 0],
    ['2026-12-25', '2026-12-25', 0],
  ] as const)('working days after %s up to %s: %i', (a, b, n) => {
    expect(cal.workingDaysBetween(a, b)).toBe(n);
  });

  it.each([
    ['2026-12-24', '2026-12-29'],
    ['2022-06-01', '2022-06-06'],
    ['2026-12-31', '2027-01-04'],
    ['2028-12-31', '2029-01-02'],
  ])('the next working day after %s is %s', (d, next) => {
    expect(cal.nextWorkingDay(d)).toBe(next);
  });
});

describe('every bank holiday 2019-2028 in the data', () => {
  const events = file['england-and-wales'].events;
  it('has them all', () => {
    expect(events.length).toBe(83);
  });
  it.each(events.map((e) => [e.date, e.title] as const))('%s %s is skipped', (date, title) => {
    expect(cal.isWorkingDay(date)).toBe(false);
    expect(cal.nonWorkingReason(date)).toContain(title.replace(/\u2019/g, "'"));
    const before = cal.subtractWorkingDays(date, 1);
    const after = cal.nextWorkingDay(before);
    expect(after > date).toBe(true);
    expect(cal.workingDaysBetween(before, after)).toBe(1);
    expect(cal.due(before, 1, 'received').skipped.map((s) => s.date)).toContain(date);
  });
});

describe('projection beyond the published years', () => {
  it('gives the usual holidays for 2029 and 2030, substitute days included', () => {
    expect(projectedHolidays(2029, 'england-and-wales').map((h) => h.date)).toEqual([
      '2029-01-01',
      '2029-03-30',
      '2029-04-02',
      '2029-05-07',
      '2029-05-28',
      '2029-08-27',
      '2029-12-25',
      '2029-12-26',
    ]);
    // 2032: Christmas Saturday, Boxing Day Sunday; 2033: New Year Saturday.
    expect(projectedHolidays(2032, 'england-and-wales').slice(-2)).toEqual([
      { date: '2032-12-27', title: 'Christmas Day', substitute: true },
      { date: '2032-12-28', title: 'Boxing Day', substitute: true },
    ]);
    expect(projectedHolidays(2033, 'england-and-wales')[0]).toEqual({
      date: '2033-01-03',
      title: "New Year's Day",
      substitute: true,
    });
  });

  // The published years differ from the usual rules only by these proclaimed changes.
  const PROCLAIMED = new Set([
    '2020-05-04',
    '2020-05-08',
    '2022-05-30',
    '2022-06-02',
    '2022-06-03',
    '2022-09-19',
    '2023-05-08',
    '2026-06-15',
  ]);
  it.each(DIVISIONS)('matches the published dates for %s, 2019-2028, except proclaimed days', (division) => {
    const published = defaultCalendarData(division)
      .holidays.map((h) => h.date)
      .filter((d) => !PROCLAIMED.has(d));
    const projected: string[] = [];
    for (let year = 2019; year <= 2028; year += 1) {
      projected.push(
        ...projectedHolidays(year, division)
          .map((h) => h.date)
          .filter((d) => !PROCLAIMED.has(d)),
      );
    }
    expect(projected).toEqual(published);
  });

  it('never throws on a long case, and warns that the dates are projected', () => {
    const due = cal.due('2028-12-01', 65, 'statement agreed');
    expect(due.due).toBe('2029-03-07');
    expect(due.warnings).toEqual(['bank holidays for 2029 are projected from the usual rules, not yet published']);
    expect(cal.addWorkingDays('2035-06-01', 1000)).toBe('2039-05-16');
    expect(cal.due('2026-01-05', 10, 'received').warnings).toEqual([]);
  });

  it('projects before the published years too', () => {
    expect(cal.isWorkingDay('2018-12-25')).toBe(false);
    expect(cal.due('2018-12-20', 3, 'received').warnings).toEqual([
      'bank holidays for 2018 are projected from the usual rules, not yet published',
    ]);
  });
});

describe('receipt', () => {
  const nextDay = { nonWorkingDay: 'next-working-day' } as const;
  const cutOff = { nonWorkingDay: 'next-working-day', cutOff: '17:00' } as const;
  it.each([
    ['a Saturday', '2026-12-12T10:00:00Z', nextDay, '2026-12-14'],
    ['a Sunday', '2026-12-13T10:00:00Z', nextDay, '2026-12-14'],
    ['Boxing Day substitute', '2026-12-28T10:00:00Z', nextDay, '2026-12-29'],
    ['Christmas Day', '2026-12-25T09:00:00Z', nextDay, '2026-12-29'],
    ['a summer Friday 23:30 UTC (already Saturday in London)', '2026-07-10T23:30:00Z', nextDay, '2026-07-13'],
    ['a winter Friday 23:30 UTC (still Friday)', '2026-01-09T23:30:00Z', nextDay, '2026-01-09'],
    ['the clocks-forward Sunday', '2026-03-29T12:00:00Z', nextDay, '2026-03-30'],
    ['the clocks-back Sunday, 23:30 UTC (still Sunday)', '2026-10-25T23:30:00Z', nextDay, '2026-10-26'],
    ['Sunday 23:30 UTC in summer (Monday in London)', '2026-07-12T23:30:00Z', nextDay, '2026-07-13'],
    ["New Year's Eve 23:30 UTC (winter)", '2026-12-31T23:30:00Z', nextDay, '2026-12-31'],
    ['winter 16:59, before the cut-off', '2026-01-09T16:59:00Z', cutOff, '2026-01-09'],
    ['winter 17:00, at the cut-off', '2026-01-09T17:00:00Z', cutOff, '2026-01-12'],
    ['summer 15:59 UTC = 16:59 London', '2026-07-16T15:59:00Z', cutOff, '2026-07-16'],
    ['summer 16:30 UTC = 17:30 London', '2026-07-16T16:30:00Z', cutOff, '2026-07-17'],
    ['Christmas Eve after the cut-off', '2026-12-24T18:00:00Z', cutOff, '2026-12-29'],
    ['a Saturday before the cut-off time', '2026-12-12T09:00:00Z', cutOff, '2026-12-14'],
  ] as const)('received on %s', (_name, instant, rule, expected) => {
    expect(cal.receiptDate(at(instant), rule)).toBe(expected);
  });

  it('refuses a malformed cut-off', () => {
    expect(() =>
      cal.receiptDate(at('2026-01-09T12:00:00Z'), { nonWorkingDay: 'next-working-day', cutOff: '5pm' }),
    ).toThrow(/"5pm"/);
  });
});

describe('closure days', () => {
  const closed = new WorkingDayCalendar(
    defaultCalendarData('england-and-wales', ['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31']),
  );

  it('never move a due date, but warn', () => {
    const due = closed.due('2026-12-15', 8, 'received');
    expect(due.due).toBe(cal.due('2026-12-15', 8, 'received').due);
    expect(due.due).toBe('2026-12-29');
    expect(due.warnings).toEqual(['due on 29 Dec, a day the office is closed']);
    expect(closed.isClosureDay('2026-12-29')).toBe(true);
    expect(closed.isWorkingDay('2026-12-29')).toBe(true);
    expect(closed.version).not.toBe(cal.version);
  });

  it('bring reminders forward', () => {
    const points = { workingDaysBefore: [1, 2], elapsedShares: [0.5, 0.75] };
    // 10 working days from Fri 18 Dec 2026: due Wed 6 Jan 2027.
    expect(cal.reminders('2026-12-18', '2027-01-06', points)).toEqual([
      { date: '2026-12-29', reason: '50% of the time elapsed' },
      { date: '2027-01-04', reason: '2 working days before the due date Wed 6 Jan 2027; 75% of the time elapsed' },
      { date: '2027-01-05', reason: '1 working day before the due date Wed 6 Jan 2027' },
    ]);
    expect(closed.reminders('2026-12-18', '2027-01-06', points)).toEqual([
      { date: '2026-12-23', reason: '50% of the time elapsed (brought forward: the office is closed on 29 Dec)' },
      { date: '2027-01-04', reason: '2 working days before the due date Wed 6 Jan 2027; 75% of the time elapsed' },
      { date: '2027-01-05', reason: '1 working day before the due date Wed 6 Jan 2027' },
    ]);
    // Due on a closed day: the days before count open days only.
    expect(closed.reminders('2026-12-15', '2026-12-29', { workingDaysBefore: [1, 2], elapsedShares: [] })).toEqual([
      { date: '2026-12-22', reason: '2 working days before the due date Tue 29 Dec 2026' },
      { date: '2026-12-23', reason: '1 working day before the due date Tue 29 Dec 2026' },
    ]);
  });

  it('drops reminders that would fall on or before the start', () => {
    expect(cal.reminders('2026-01-05', '2026-01-08', { workingDaysBefore: [1, 5], elapsedShares: [0.5] })).toEqual([
      { date: '2026-01-07', reason: '1 working day before the due date Thu 8 Jan 2026; 50% of the time elapsed' },
    ]);
    expect(() => cal.reminders('2026-01-05', '2026-01-08', { workingDaysBefore: [], elapsedShares: [1] })).toThrow(
      RangeError,
    );
  });
});

describe('holds', () => {
  it('a hand-worked hold over Christmas 2026', () => {
    // Due Wed 6 Jan 2027; on hold from Tue 22 Dec, released Mon 4 Jan.
    const remaining = cal.remainingWorkingDays('2027-01-06', '2026-12-22');
    expect(remaining).toBe(8);
    expect(cal.resumeDue('2027-01-04', remaining)).toBe('2027-01-14');
    expect(cal.workingDaysBetween('2026-12-22', '2027-01-04')).toBe(6);
    expect(cal.workingDaysBetween('2027-01-06', '2027-01-14')).toBe(6);
  });

  it('a hold started on or after the due date leaves nothing', () => {
    expect(cal.remainingWorkingDays('2027-01-06', '2027-01-06')).toBe(0);
    expect(cal.remainingWorkingDays('2027-01-06', '2027-01-20')).toBe(0);
  });
});
