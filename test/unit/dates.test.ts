import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  assertIsoDate,
  compareDates,
  dayOfWeek,
  endOfLondonDay,
  formatLong,
  formatShort,
  isIsoDate,
  londonDateOf,
  londonOffsetMinutes,
  londonTimeOf,
  startOfLondonDay,
} from '../../domain/dates';

const HOUR = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe('IsoDate validation', () => {
  it.each(['2028-02-29', '2000-02-29', '2026-12-31', '2027-01-01', '0001-01-01'])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });

  it.each([
    '2027-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-1-5',
    '26-01-05',
    '2026-01-05T00:00',
    '',
    20260105,
    null,
  ])('refuses %s', (d) => {
    expect(isIsoDate(d)).toBe(false);
  });

  it('assertIsoDate throws a RangeError naming the value and label', () => {
    expect(() => assertIsoDate('2027-02-29', 'receipt date')).toThrow(RangeError);
    expect(() => assertIsoDate('2027-02-29', 'receipt date')).toThrow(/receipt date "2027-02-29"/);
    expect(() => addDays('2027-02-29', 1)).toThrow(/"2027-02-29"/);
  });
});

describe('London clock', () => {
  it.each([
    // [instant UTC, offset, London date, London time]
    ['2026-03-29T00:59:59.999Z', 0, '2026-03-29', '00:59'],
    ['2026-03-29T01:00:00.000Z', 60, '2026-03-29', '02:00'],
    ['2026-10-25T00:59:59.999Z', 60, '2026-10-25', '01:59'],
    ['2026-10-25T01:00:00.000Z', 0, '2026-10-25', '01:00'],
    // A summer evening at 23:30 UTC is already the next day in London.
    ['2026-07-15T23:30:00Z', 60, '2026-07-16', '00:30'],
    ['2026-06-30T23:30:00Z', 60, '2026-07-01', '00:30'],
    // In winter it is not.
    ['2026-01-15T23:30:00Z', 0, '2026-01-15', '23:30'],
    ['2026-12-31T23:30:00Z', 0, '2026-12-31', '23:30'],
    // The evenings either side of the changes.
    ['2026-03-28T23:30:00Z', 0, '2026-03-28', '23:30'],
    ['2026-03-29T23:30:00Z', 60, '2026-03-30', '00:30'],
    ['2026-10-24T23:30:00Z', 60, '2026-10-25', '00:30'],
    ['2026-10-25T23:30:00Z', 0, '2026-10-25', '23:30'],
    ['2019-03-31T01:00:00Z', 60, '2019-03-31', '02:00'],
    ['2019-10-27T00:30:00Z', 60, '2019-10-27', '01:30'],
    ['2019-10-27T01:30:00Z', 0, '2019-10-27', '01:30'],
  ] as const)('%s is %i min ahead, London %s %s', (instant, offset, date, time) => {
    expect(londonOffsetMinutes(utc(instant))).toBe(offset);
    expect(londonDateOf(utc(instant))).toBe(date);
    expect(londonDateOf(new Date(instant))).toBe(date);
    expect(londonTimeOf(utc(instant))).toBe(time);
  });

  it('starts and ends London days, 23 and 25 hours long on the change days', () => {
    expect(startOfLondonDay('2026-07-16')).toBe(utc('2026-07-15T23:00:00Z'));
    expect(startOfLondonDay('2026-01-16')).toBe(utc('2026-01-16T00:00:00Z'));
    expect(endOfLondonDay('2026-07-15')).toBe(utc('2026-07-15T23:00:00Z'));
    expect(endOfLondonDay('2026-12-31')).toBe(utc('2027-01-01T00:00:00Z'));
    expect(endOfLondonDay('2026-03-29') - startOfLondonDay('2026-03-29')).toBe(23 * HOUR);
    expect(endOfLondonDay('2026-10-25') - startOfLondonDay('2026-10-25')).toBe(25 * HOUR);
    expect(endOfLondonDay('2026-03-28') - startOfLondonDay('2026-03-28')).toBe(24 * HOUR);
  });

  it('refuses an invalid instant', () => {
    expect(() => londonDateOf(Number.NaN)).toThrow(RangeError);
    expect(() => londonDateOf(new Date('not a date'))).toThrow(RangeError);
  });

  const intl = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const viaIntl = (ms: number) => {
    const p = Object.fromEntries(intl.formatToParts(ms).map((x) => [x.type, x.value]));
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  };
  const ours = (ms: number) => ({ date: londonDateOf(ms), time: londonTimeOf(ms) });

  it('agrees with Intl Europe/London at every hour boundary around the changes, 2019-2030', () => {
    let checked = 0;
    for (let year = 2019; year <= 2030; year += 1) {
      for (const month of [2, 9]) {
        // From the 20th of March/October to the 5th of the next month covers every last Sunday.
        const from = Date.UTC(year, month, 20);
        const to = Date.UTC(year, month + 1, 5);
        for (let hour = from; hour <= to; hour += HOUR) {
          for (const ms of [hour - 1, hour, hour + 1]) {
            expect(ours(ms), new Date(ms).toISOString()).toEqual(viaIntl(ms));
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(24 * 16 * 2 * 12 * 3 - 1);
  });

  it('agrees with Intl Europe/London at any instant 1996-2037', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2037, 11, 31) }), (ms) => {
        expect(ours(ms)).toEqual(viaIntl(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('startOfLondonDay and endOfLondonDay bracket the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2037, 11, 31) }), (ms) => {
        const d = londonDateOf(ms);
        expect(startOfLondonDay(d)).toBeLessThanOrEqual(ms);
        expect(endOfLondonDay(d)).toBeGreaterThan(ms);
        expect(londonDateOf(startOfLondonDay(d))).toBe(d);
        expect(londonDateOf(endOfLondonDay(d) - 1)).toBe(d);
        expect(londonTimeOf(startOfLondonDay(d))).toBe('00:00');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('date arithmetic and formatting', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2000-01-01', -1, '1999-12-31'],
    ['2026-01-31', 365, '2027-01-31'],
  ] as const)('%s + %i = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it('refuses a fractional day count', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });

  it('addDays agrees with Date.UTC', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -2000, max: 2000 }),
        (ms, n) => {
          const d = new Date(ms).toISOString().slice(0, 10);
          expect(addDays(d, n)).toBe(new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10));
          expect(dayOfWeek(d)).toBe(new Date(ms).getUTCDay());
        },
      ),
    );
  });

  it('knows days of the week', () => {
    expect(dayOfWeek('2026-12-25')).toBe(5);
    expect(dayOfWeek('2027-01-03')).toBe(0);
    expect(dayOfWeek('2022-12-31')).toBe(6);
  });

  it('compares dates', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
  });

  it('formats dates', () => {
    expect(formatLong('2027-01-06')).toBe('Wed 6 Jan 2027');
    expect(formatLong('2026-12-18')).toBe('Fri 18 Dec 2026');
    expect(formatShort('2026-12-28')).toBe('28 Dec');
    expect(formatShort('2027-01-01')).toBe('1 Jan');
  });
});
