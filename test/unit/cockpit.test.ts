import { describe, expect, it } from 'vitest';
import { currentDetailsOf, staticSummaryOf, STATIC_DETAILS, timerSummaryOf } from '../../domain/complaint/cockpit';
import { fallsDueAt } from '../../domain/complaint/clocks';
import { act, deadline, stage1Case, stage2Case, stage3Case, tick } from '../helpers/procedure';

const at = (iso: string) => Date.parse(iso);

// The operators' lines in the Temporal UI (the workflow sets them: test/integration/cockpit.test.ts).
describe("the Temporal UI's cockpit, in words", () => {
  it('a static summary with the reference only', () => {
    expect(staticSummaryOf('CSC-2026-7KQ3MP')).toBe("Children's complaint · CSC-2026-7KQ3MP");
    expect(STATIC_DETAILS).not.toMatch(/CSC-/);
  });

  it("counts the stage's working days back from its due date, and names the next date", () => {
    // Received Mon 4 Jan 2027: acknowledgement Thu 7 Jan (3 WD), response Mon 18 Jan (10 WD).
    const s1 = stage1Case();
    expect(currentDetailsOf(s1, at('2027-01-05T10:00:00Z'))).toBe(
      'Stage 1 · day 1 of 10 working days on Tue 5 Jan 2027 · next: acknowledgement of the complaint due Thu 7 Jan 2027',
    );
    // Statement agreed Wed 6 Jan 2027: adjudication due Wed 10 Feb (25 WD); on Tue 2 Feb six working days are left (3-5, 8-10 Feb).
    const s2 = stage2Case();
    tick(s2, '2027-02-02T10:00:00Z');
    expect(currentDetailsOf(s2, at('2027-02-02T10:00:00Z'))).toBe(
      'Stage 2 · day 19 of 25 working days on Tue 2 Feb 2027 · OVERDUE: acknowledgement of the Stage 2 request was due Thu 7 Jan 2027 · next: Stage 2 adjudication due Wed 10 Feb 2027',
    );
    // Stage 3 requested Mon 8 Mar 2027: the panel within 30 working days.
    expect(currentDetailsOf(stage3Case(), at('2027-03-09T10:00:00Z'))).toBe(
      'Stage 3 (Review Panel) · day 1 of 30 working days on Tue 9 Mar 2027 · next: acknowledgement of the Review Panel request due Thu 11 Mar 2027',
    );
  });

  it('counts an extension in the total, and days past the due date beyond it', () => {
    const s1 = stage1Case();
    act(s1, 'acknowledge', {}, '2027-01-05T10:00:00Z');
    // 4 WD more: Mon 18 Jan → Fri 22 Jan, 14 working days in all.
    act(s1, 'extend', { deadline: 'stage1.respond', workingDays: 4, reason: 'advocate' }, '2027-01-11T10:00:00Z');
    expect(deadline(s1, 'stage1.respond')!.due).toBe('2027-01-22');
    expect(currentDetailsOf(s1, at('2027-01-11T10:00:00Z'))).toBe('Stage 1 · day 5 of 14 working days on Mon 11 Jan 2027 · next: Stage 1 response due Fri 22 Jan 2027');
    // Tue 26 Jan: two working days past Fri 22 Jan.
    tick(s1, '2027-01-26T10:00:00Z');
    expect(currentDetailsOf(s1, at('2027-01-26T10:00:00Z'))).toBe('Stage 1 · day 16 of 14 working days on Tue 26 Jan 2027 · OVERDUE: Stage 1 response was due Fri 22 Jan 2027');
  });

  it('says a hold stops every clock, with no day count', () => {
    const s1 = stage1Case();
    act(s1, 'hold', { reason: 'safeguarding' }, '2027-01-06T10:00:00Z');
    expect(currentDetailsOf(s1, at('2027-01-07T10:00:00Z'))).toBe('Stage 1 · on hold since Wed 6 Jan 2027: every clock stopped');
  });

  it('labels the timer with the deadline or reminder that falls at its end', () => {
    const s2 = stage2Case();
    const respond = deadline(s2, 'stage2.respond')!;
    expect(timerSummaryOf(s2, fallsDueAt(respond), {})).toBe('deadline: Stage 2 adjudication due Wed 10 Feb 2027 (stage2.respond)');
    expect(timerSummaryOf(s2, respond.reminders[0]!.at, {})).toBe('reminder: Stage 2 adjudication due Wed 10 Feb 2027, 50% of the time elapsed (stage2.respond)');
    // 10:30 BST on Tue 1 Jun 2027.
    expect(timerSummaryOf(s2, at('2027-06-01T09:30:00Z'), { graceUntil: at('2027-06-01T09:30:00Z') })).toBe('grace period for steps logged late ends Tue 1 Jun 2027 10:30');
    expect(timerSummaryOf(s2, at('2028-01-07T00:00:00Z'), { retainUntil: at('2028-01-07T00:00:00Z') })).toBe('case kept until Fri 7 Jan 2028, then it ends');
  });

  it('says nothing personal: no name or text given at intake reaches any line', () => {
    const s1 = stage1Case();
    s1.team = 'Children in Care';
    const lines = [currentDetailsOf(s1, at('2027-01-05T10:00:00Z')), ...s1.deadlines.flatMap((d) => [fallsDueAt(d), ...d.reminders.map((r) => r.at)]).map((t) => timerSummaryOf(s1, t, {}))];
    // Only the fixed words, clock keys and London dates.
    for (const line of lines) expect(line).toMatch(/^[A-Za-z0-9 ·:;,()'%.-]+$/);
    expect(lines.join(' ')).not.toMatch(/Children in Care|officer-1/);
  });
});
