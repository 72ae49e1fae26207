import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config';
import { spreadWake, wakeOffset } from '../../domain/complaint/wake-spread';

const MIDNIGHT = Date.parse('2027-01-19T00:00:00Z');
const WINDOW = 5 * 60_000;

describe('wake spread', () => {
  it('gives each case the same offset for the same instant, within the window', () => {
    expect(wakeOffset('CSC-2027-000001', MIDNIGHT, WINDOW)).toBe(wakeOffset('CSC-2027-000001', MIDNIGHT, WINDOW));
    for (let i = 0; i < 1_000; i++) {
      const offset = wakeOffset(`CSC-2027-${String(i).padStart(6, '0')}`, MIDNIGHT, WINDOW);
      expect(Number.isInteger(offset)).toBe(true);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(WINDOW);
    }
  });

  it('spreads 10,000 cases due at one midnight evenly across the window', () => {
    const perMinute = new Array<number>(5).fill(0);
    for (let i = 0; i < 10_000; i++) perMinute[Math.floor(wakeOffset(`CSC-2027-${String(i).padStart(6, '0')}`, MIDNIGHT, WINDOW) / 60_000)]! += 1;
    // Each minute of the five holds about a fifth: none fewer than 1,800 or more than 2,200.
    for (const n of perMinute) {
      expect(n).toBeGreaterThan(1_800);
      expect(n).toBeLessThan(2_200);
    }
  });

  it('moves the same case to another offset on another instant', () => {
    const offsets = new Set(Array.from({ length: 20 }, (_, day) => wakeOffset('CSC-2027-000001', MIDNIGHT + day * 86_400_000, WINDOW)));
    expect(offsets.size).toBeGreaterThan(15);
  });

  it('wakes on the instant when no window is given', () => {
    expect(wakeOffset('CSC-2027-000001', MIDNIGHT, 0)).toBe(0);
    expect(spreadWake('CSC-2027-000001', MIDNIGHT, undefined)).toBe(MIDNIGHT);
    expect(spreadWake('CSC-2027-000001', MIDNIGHT, WINDOW)).toBe(MIDNIGHT + wakeOffset('CSC-2027-000001', MIDNIGHT, WINDOW));
  });
});

describe('DEADLINE_WAKE_SPREAD', () => {
  it('is five minutes unless set, in seconds, and 0 wakes each case on the instant', () => {
    expect(loadConfig({}).DEADLINE_WAKE_SPREAD).toBe(300);
    expect(loadConfig({ DEADLINE_WAKE_SPREAD: '120' }).DEADLINE_WAKE_SPREAD).toBe(120);
    expect(loadConfig({ DEADLINE_WAKE_SPREAD: '0' }).DEADLINE_WAKE_SPREAD).toBe(0);
  });

  it('refuses a window over an hour, or not a whole number of seconds, by name', () => {
    for (const bad of ['3601', '-1', 'five minutes', '2.5']) {
      expect(() => loadConfig({ DEADLINE_WAKE_SPREAD: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ DEADLINE_WAKE_SPREAD: bad })).toThrow(/DEADLINE_WAKE_SPREAD/);
    }
  });
});
