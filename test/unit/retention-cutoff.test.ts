import { describe, expect, it } from 'vitest';
import { closedBeforeInstant, retentionCutoffDate } from '../../workflows/retention/cutoff';

describe('the retention cut-off', () => {
  it('is the same London date retentionYears earlier, starting at London midnight', () => {
    expect(retentionCutoffDate(Date.parse('2026-11-24T02:30:00Z'), 6)).toBe('2020-11-24');
    expect(closedBeforeInstant('2020-11-24')).toBe('2020-11-24T00:00:00.000Z'); // GMT
    expect(closedBeforeInstant('2020-07-01')).toBe('2020-06-30T23:00:00.000Z'); // BST: London midnight is 23:00 UTC
  });

  it('takes the London date of the run, not the UTC date', () => {
    // 01:30 BST on 1 July is still 30 June in UTC.
    expect(retentionCutoffDate(Date.parse('2026-06-30T23:30:00Z'), 6)).toBe('2020-07-01');
    // The 02:30 run on the night the clocks go forward (29 March 2026) is 01:30 UTC.
    expect(retentionCutoffDate(Date.parse('2026-03-29T01:30:00Z'), 6)).toBe('2020-03-29');
    // A run at 00:30 GMT on New Year's Day.
    expect(retentionCutoffDate(Date.parse('2027-01-01T00:30:00Z'), 6)).toBe('2021-01-01');
  });

  it('goes back from 29 February to 28 February in a common year, and keeps it in a leap year', () => {
    expect(retentionCutoffDate(Date.parse('2028-02-29T02:30:00Z'), 6)).toBe('2022-02-28');
    expect(retentionCutoffDate(Date.parse('2028-02-29T02:30:00Z'), 4)).toBe('2024-02-29');
    expect(retentionCutoffDate(Date.parse('2028-03-01T02:30:00Z'), 6)).toBe('2022-03-01');
  });

  it('refuses a period that is not a whole number of years, 1 or more', () => {
    expect(() => retentionCutoffDate(Date.parse('2026-11-24T02:30:00Z'), 0)).toThrow(/1 or more/);
    expect(() => retentionCutoffDate(Date.parse('2026-11-24T02:30:00Z'), 1.5)).toThrow(/whole number/);
  });
});
