import { dayNumber, fromDayNumber, londonDateOf, startOfLondonDay, type IsoDate } from '../../domain/dates';

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
function daysInMonth(year: number, month: number): number {
  return dayNumber(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`) -
    dayNumber(`${year}-${String(month).padStart(2, '0')}-01`);
}

/**
 * The retention cut-off: the London date `retentionYears` years before the
 * London date of `now`. A case closed before that date has been closed
 * longer than the policy keeps records; one closed on it has not, yet.
 * 29 February goes back to 28 February in a common year.
 */
export function retentionCutoffDate(now: number, retentionYears: number): IsoDate {
  if (!Number.isInteger(retentionYears) || retentionYears < 1) throw new RangeError(`retentionYears ${retentionYears} is not a whole number of years, 1 or more`);
  const [y, m, d] = londonDateOf(now).split('-').map(Number) as [number, number, number];
  const year = y - retentionYears;
  const day = Math.min(d, daysInMonth(year, m));
  return fromDayNumber(dayNumber(`${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`));
}

/** The instant the cut-off date starts in London: cases closed before it are disposed of. */
export function closedBeforeInstant(cutoffDate: IsoDate): string {
  return new Date(startOfLondonDay(cutoffDate)).toISOString();
}
