import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../domain/complaint/state';
import { clocksOf, datesSet, doneBanner } from '../../web/staff/command-pages';

/** A case view with only its clocks (all these helpers read). */
const viewWith = (deadlines: Array<{ key: string; due: string; state: string }>) => ({ deadlines }) as unknown as CaseView;

describe('the dates a step set, for the banner after it', () => {
  it('names a clock the step started and one it moved, not one met or left as it was', () => {
    const before = viewWith([
      { key: 'stage1.acknowledge', due: '2026-11-26', state: 'pending' },
      { key: 'stage1.respond', due: '2026-12-07', state: 'pending' },
    ]);
    const after = viewWith([
      { key: 'stage1.acknowledge', due: '2026-11-26', state: 'met' },
      { key: 'stage1.respond', due: '2026-12-21', state: 'pending' },
      { key: 'stage1.escalate', due: '2027-01-20', state: 'pending' },
    ]);
    expect(datesSet(before, after)).toEqual([
      { key: 'stage1.respond', due: '2026-12-21' },
      { key: 'stage1.escalate', due: '2027-01-20' },
    ]);
    expect(datesSet(after, after)).toEqual([]);
  });

  it('names a clock that runs again after a pause (released hold) only when its date moved', () => {
    const held = viewWith([{ key: 'stage1.respond', due: '2026-12-07', state: 'paused' }]);
    expect(datesSet(held, viewWith([{ key: 'stage1.respond', due: '2026-12-09', state: 'pending' }]))).toEqual([{ key: 'stage1.respond', due: '2026-12-09' }]);
    const missed = viewWith([{ key: 'stage1.respond', due: '2026-12-07', state: 'missed' }]);
    expect(datesSet(missed, viewWith([{ key: 'stage1.respond', due: '2026-12-07', state: 'pending' }]))).toEqual([{ key: 'stage1.respond', due: '2026-12-07' }]);
  });

  it('reads the banner back from its query only as what it may name', () => {
    expect(doneBanner({ done: 'extend', set: ['stage1.respond:2026-12-21', 'nonsense:2026-12-21', 'stage1.respond:2026-02-30', '<script>'] })).toEqual({
      what: 'Extend: done',
      dates: [{ label: 'Stage 1 response', due: '2026-12-21', dueText: 'Monday 21 December 2026' }],
    });
    // A complaint just logged (/staff/cases/new), with the acknowledgement it started.
    expect(doneBanner({ done: 'logged', set: 'stage1.acknowledge:2026-11-26' })).toEqual({
      what: 'Complaint logged',
      dates: [{ label: 'acknowledgement of the complaint', due: '2026-11-26', dueText: 'Thursday 26 November 2026' }],
    });
    expect(doneBanner({ done: 'launch-missiles' })).toBeUndefined();
    expect(doneBanner({})).toBeUndefined();
    expect(doneBanner({ done: 'triage', set: 'stage1.respond:2026-12-07' })?.dates.map((d) => d.dueText)).toEqual(['Monday 7 December 2026']);
  });

  it('lists the clocks soonest first', () => {
    const lines = clocksOf(viewWith([
      { key: 'stage1.respond', due: '2026-12-07', state: 'pending' },
      { key: 'stage1.acknowledge', due: '2026-11-26', state: 'met' },
    ]));
    expect(lines.map((l) => [l.key, l.dueText, l.state])).toEqual([
      ['stage1.acknowledge', 'Thursday 26 November 2026', 'met'],
      ['stage1.respond', 'Monday 7 December 2026', 'pending'],
    ]);
  });
});
