import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { addDays, compareDates, fromDayNumber } from '../../domain/dates';

const cal = new WorkingDayCalendar(
  defaultCalendarData('england-and-wales', ['2026-12-29', '2026-12-30', '2026-12-31']),
);

// 2015-2035: published years and projected years on both sides.
const date = fc.integer({ min: 16_436, max: 23_741 }).map(fromDayNumber);
const workingDate = date.map((d) => (cal.isWorkingDay(d) ? d : cal.nextWorkingDay(d)));
const count = fc.integer({ min: 0, max: 130 });

/** Day-by-day oracle for workingDaysBetween. */
function walkBetween(a: string, b: string): number {
  if (compareDates(b, a) < 0) return 0 - walkBetween(b, a);
  let n = 0;
  for (let d = addDays(a, 1); compareDates(d, b) <= 0; d = addDays(d, 1)) if (cal.isWorkingDay(d)) n += 1;
  return n;
}

describe('working-day arithmetic laws', () => {
  it('adding then counting gives back N', () => {
    fc.assert(fc.property(date, count, (d, n) => cal.workingDaysBetween(d, cal.addWorkingDays(d, n)) === n));
  });

  it('the result of adding one or more days is always a working day, strictly later', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 130 }), (d, n) => {
        const due = cal.addWorkingDays(d, n);
        return cal.isWorkingDay(due) && compareDates(due, d) > 0;
      }),
    );
  });

  it('is monotonic in N and in the start date', () => {
    fc.assert(
      fc.property(date, count, count, (d, m, n) => {
        const [lo, hi] = m <= n ? [m, n] : [n, m];
        expect(compareDates(cal.addWorkingDays(d, lo), cal.addWorkingDays(d, hi))).toBe(lo === hi ? 0 : -1);
      }),
    );
    fc.assert(
      fc.property(date, date, count, (a, b, n) => {
        const [early, late] = compareDates(a, b) <= 0 ? [a, b] : [b, a];
        expect(compareDates(cal.addWorkingDays(early, n), cal.addWorkingDays(late, n))).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('subtracting undoes adding from a working day, and the reverse', () => {
    fc.assert(
      fc.property(workingDate, count, (d, n) => {
        expect(cal.subtractWorkingDays(cal.addWorkingDays(d, n), n)).toBe(d);
        expect(cal.addWorkingDays(cal.subtractWorkingDays(d, n), n)).toBe(d);
        expect(cal.workingDaysBetween(d, cal.subtractWorkingDays(d, n)) + n).toBe(0);
      }),
    );
  });

  it('counting agrees with walking day by day, is antisymmetric and additive', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -400, max: 400 }), date, (a, span, c) => {
        const b = addDays(a, span);
        expect(cal.workingDaysBetween(a, b)).toBe(walkBetween(a, b));
        expect(cal.workingDaysBetween(b, a) + cal.workingDaysBetween(a, b)).toBe(0);
        expect(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, c)).toBe(cal.workingDaysBetween(a, c));
      }),
      { numRuns: 300 },
    );
  });

  it('the next working day is adding one, and skips every non-working day in between', () => {
    fc.assert(
      fc.property(date, (d) => {
        const next = cal.nextWorkingDay(d);
        expect(next).toBe(cal.addWorkingDays(d, 1));
        for (let x = addDays(d, 1); x !== next; x = addDays(x, 1)) expect(cal.isWorkingDay(x)).toBe(false);
      }),
    );
  });

  it('the due date explanation names exactly the weekday holidays skipped', () => {
    fc.assert(
      fc.property(date, count, (d, n) => {
        const due = cal.due(d, n, 'received');
        expect(due.due).toBe(cal.addWorkingDays(d, n));
        const expected: string[] = [];
        for (let x = addDays(d, 1); compareDates(x, due.due) <= 0; x = addDays(x, 1)) {
          const reason = cal.nonWorkingReason(x);
          if (reason && reason !== 'Saturday' && reason !== 'Sunday') expected.push(x);
        }
        expect(due.skipped.map((s) => s.date)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hold and resume', () => {
  /** A deadline of n working days from a working day, and a hold starting on one of its first `upTo(n)` days. */
  const clockWithHold = (upTo: (n: number) => number) =>
    fc.tuple(workingDate, fc.integer({ min: 1, max: 65 })).chain(([start, n]) =>
      fc.record({
        due: fc.constant(cal.addWorkingDays(start, n)),
        holdStart: fc.integer({ min: 0, max: upTo(n) }).map((k) => cal.addWorkingDays(start, k)),
        span: fc.integer({ min: 0, max: 90 }),
      }),
    );
  const clock = clockWithHold((n) => n);

  it('a hold started and released the same day changes nothing', () => {
    fc.assert(
      fc.property(clock, ({ due, holdStart }) => {
        expect(cal.resumeDue(holdStart, cal.remainingWorkingDays(due, holdStart))).toBe(due);
      }),
    );
  });

  it('a hold spanning k working days moves the due date by exactly k working days', () => {
    fc.assert(
      fc.property(clock, ({ due, holdStart, span }) => {
        const release = addDays(holdStart, span);
        const k = cal.workingDaysBetween(holdStart, release);
        const remaining = cal.remainingWorkingDays(due, holdStart);
        const resumed = cal.resumeDue(release, remaining);
        expect(cal.isWorkingDay(resumed)).toBe(true);
        if (remaining === 0 && !cal.isWorkingDay(release)) {
          // Held on its due date and released on a non-working day: due the next working day.
          expect(resumed).toBe(cal.nextWorkingDay(release));
        } else {
          expect(cal.workingDaysBetween(due, resumed)).toBe(k);
          expect(resumed).toBe(cal.addWorkingDays(due, k));
        }
      }),
    );
  });

  it('holds split in two move the due date as one hold of the same working days', () => {
    fc.assert(
      fc.property(
        clockWithHold((n) => n - 1),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        ({ due, holdStart }, first, gap) => {
          const release1 = addDays(holdStart, first);
          const due1 = cal.resumeDue(release1, cal.remainingWorkingDays(due, holdStart));
          const hold2 = cal.addWorkingDays(release1, Math.min(gap, cal.workingDaysBetween(release1, due1) - 1));
          const release2 = addDays(hold2, first);
          const due2 = cal.resumeDue(release2, cal.remainingWorkingDays(due1, hold2));
          const held = cal.workingDaysBetween(holdStart, release1) + cal.workingDaysBetween(hold2, release2);
          expect(cal.workingDaysBetween(due, due2)).toBe(held);
        },
      ),
    );
  });
});
