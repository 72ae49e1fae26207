import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../domain/calendar';
import {
  ENGLAND_STATUTORY_POLICY,
  POLICY_PROFILES,
  PolicyError,
  TIMESCALE_KEYS,
  calendarDataForPolicy,
  getPolicy,
  parsePolicy,
} from '../../domain/policy';

type Mutable = Record<string, unknown> & {
  timescales: Record<string, unknown>;
  extensions: Record<string, unknown>;
  receipt: Record<string, unknown>;
  reminders: Record<string, unknown>;
};
const statutory = (): Mutable => structuredClone(ENGLAND_STATUTORY_POLICY) as unknown as Mutable;

function problemsOf(input: unknown): string[] {
  try {
    parsePolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as PolicyError).problems;
  }
  throw new Error('the policy was accepted');
}

describe('profiles', () => {
  it('ships the statutory default and one profile per council in the documents', () => {
    expect(Object.keys(POLICY_PROFILES).sort()).toEqual(['banes', 'england-statutory', 'kingston', 'luton', 'rutland']);
    expect(getPolicy('england-statutory')).toBe(ENGLAND_STATUTORY_POLICY);
  });

  it.each(Object.keys(POLICY_PROFILES))('%s loads, survives a JSON round trip and is frozen', (id) => {
    const policy = getPolicy(id);
    expect(policy.id).toBe(id);
    expect(parsePolicy(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
    expect(Object.keys(policy.timescales).sort()).toEqual([...TIMESCALE_KEYS].sort());
    expect(Object.isFrozen(policy.timescales)).toBe(true);
    expect(() => new WorkingDayCalendar(calendarDataForPolicy(policy))).not.toThrow();
  });

  it('has the statutory timescale table as its default', () => {
    expect(ENGLAND_STATUTORY_POLICY).toMatchObject({
      timescales: {
        'stage1.acknowledge': 3,
        'stage1.clarify': 5,
        'stage1.respond': 10,
        'stage1.escalate': 20,
        'stage2.acknowledge': 3,
        'stage2.contact': 5,
        'stage2.respond': 25,
        'stage2.escalate': 20,
        'stage3.acknowledge': 3,
        'stage3.panel': 30,
        'stage3.notifyPanel': 10,
        'stage3.papers': 10,
        'stage3.panelReport': 5,
        'stage3.finalResponse': 15,
      },
      extensions: { stage1MaxWorkingDays: 10, stage2MaxTotalWorkingDays: 65, finalResponseDirectorDisagrees: 15 },
      stage1Clarify: false,
      stage2Contact: false,
      stage2ClockStart: 'statement-agreed',
      receipt: { nonWorkingDay: 'next-working-day' },
      division: 'england-and-wales',
      outOfTimeMonths: 12,
    });
  });

  it("shows Luton's differences", () => {
    expect(getPolicy('luton')).toMatchObject({
      stage1Clarify: true,
      stage2Contact: true,
      stage2ClockStart: 'statement-agreed',
      extensions: { finalResponseDirectorDisagrees: 20 },
    });
  });

  it('refuses an unknown id, listing the known ones', () => {
    expect(() => getPolicy('bristol')).toThrow(
      /unknown policy "bristol".*england-statutory, rutland, luton, banes, kingston/,
    );
    expect(() => getPolicy('toString')).toThrow(PolicyError);
  });

  it('builds a calendar with the policy closure days', () => {
    const data = calendarDataForPolicy(parsePolicy({ ...statutory(), closureDays: ['2026-12-29'] }));
    expect(data.closureDays).toEqual(['2026-12-29']);
    expect(data.version).not.toBe(calendarDataForPolicy(ENGLAND_STATUTORY_POLICY).version);
  });
});

describe('parsePolicy', () => {
  it('applies defaults: statement-agreed Stage 2 clock, next-working-day receipt, no closure days', () => {
    const input = statutory();
    delete input['stage2ClockStart'];
    delete input['closureDays'];
    input.receipt = { cutOff: '16:30' };
    const policy = parsePolicy(input);
    expect(policy.stage2ClockStart).toBe('statement-agreed');
    expect(policy.receipt).toEqual({ nonWorkingDay: 'next-working-day', cutOff: '16:30' });
    expect(policy.closureDays).toEqual([]);
  });

  it('accepts a request-started Stage 2 clock and shorter local timescales', () => {
    const input = statutory();
    input['stage2ClockStart'] = 'request';
    input.timescales['stage1.acknowledge'] = 2;
    input.timescales['stage1.respond'] = 8;
    input.extensions['stage1MaxWorkingDays'] = 12;
    expect(parsePolicy(input).stage2ClockStart).toBe('request');
  });

  // Each deliberately broken policy, and the reason it must be refused.
  const BROKEN: [string, (p: Mutable) => void, string][] = [
    [
      'Stage 1 response over 10',
      (p) => (p.timescales['stage1.respond'] = 11),
      'timescales.stage1.respond: the Stage 1 response is 11 working days, over the statutory maximum (limit 10)',
    ],
    [
      'Stage 1 with extension over 20',
      (p) => (p.extensions['stage1MaxWorkingDays'] = 11),
      'extensions.stage1MaxWorkingDays: the Stage 1 response with its extension is 21 working days, over the statutory maximum (limit 20)',
    ],
    [
      'Stage 2 response over 25',
      (p) => (p.timescales['stage2.respond'] = 30),
      'timescales.stage2.respond: the Stage 2 response is 30 working days, over the statutory maximum (limit 25)',
    ],
    [
      'Stage 2 with extension over 65',
      (p) => (p.extensions['stage2MaxTotalWorkingDays'] = 70),
      'extensions.stage2MaxTotalWorkingDays: the Stage 2 response with its extension is 70 working days, over the statutory maximum (limit 65)',
    ],
    [
      'Stage 2 extension cap under the response',
      (p) => (p.extensions['stage2MaxTotalWorkingDays'] = 20),
      'extensions.stage2MaxTotalWorkingDays: must be at least timescales.stage2.respond (limit 25)',
    ],
    [
      'Stage 2 escalation window under 20',
      (p) => (p.timescales['stage1.escalate'] = 15),
      'timescales.stage1.escalate: the window to ask for Stage 2 is 15 working days, under the statutory minimum (limit 20)',
    ],
    [
      'Review Panel escalation window under 20',
      (p) => (p.timescales['stage2.escalate'] = 10),
      'timescales.stage2.escalate: the window to ask for a Review Panel is 10 working days, under the statutory minimum (limit 20)',
    ],
    [
      'panel later than 30',
      (p) => (p.timescales['stage3.panel'] = 31),
      'timescales.stage3.panel: the time to hold the Review Panel is 31 working days, over the statutory maximum (limit 30)',
    ],
    [
      'notice under 10 before the panel',
      (p) => (p.timescales['stage3.notifyPanel'] = 5),
      "timescales.stage3.notifyPanel: the complainant's notice of the panel is 5 working days, under the statutory minimum (limit 10)",
    ],
    [
      'papers under 10 before the panel',
      (p) => (p.timescales['stage3.papers'] = 9),
      'timescales.stage3.papers: the papers sent before the panel is 9 working days, under the statutory minimum (limit 10)',
    ],
    [
      'panel report over 5',
      (p) => (p.timescales['stage3.panelReport'] = 6),
      "timescales.stage3.panelReport: the panel's report is 6 working days, over the statutory maximum (limit 5)",
    ],
    [
      'final response over 15',
      (p) => (p.timescales['stage3.finalResponse'] = 20),
      "timescales.stage3.finalResponse: the council's final response is 20 working days, over the statutory maximum (limit 15)",
    ],
    [
      'director-disagrees response over 20',
      (p) => (p.extensions['finalResponseDirectorDisagrees'] = 25),
      'extensions.finalResponseDirectorDisagrees: the final response where the Director disagrees with the panel is 25 working days, over the statutory maximum (limit 20)',
    ],
    [
      'a negative day count',
      (p) => (p.timescales['stage1.acknowledge'] = -1),
      'timescales.stage1.acknowledge: must be 0 or more (limit 0)',
    ],
    [
      'a fractional day count',
      (p) => (p.timescales['stage2.contact'] = 2.5),
      'timescales.stage2.contact: must be a whole number of working days',
    ],
    [
      'a day count that is not a number',
      (p) => (p.timescales['stage3.acknowledge'] = '3'),
      'timescales.stage3.acknowledge: must be a number of working days',
    ],
    ['a missing timescale', (p) => delete p.timescales['stage3.papers'], 'timescales.stage3.papers: is required'],
    ['an unknown timescale', (p) => (p.timescales['stage1.respnd'] = 10), 'timescales: unknown field "stage1.respnd"'],
    ['an unknown field', (p) => (p['stage4'] = true), '(root): unknown field "stage4"'],
    [
      'an unknown division',
      (p) => (p['division'] = 'wales'),
      'division: unknown division "wales": expected one of england-and-wales, scotland, northern-ireland',
    ],
    [
      'a division other than England and Wales',
      (p) => (p['division'] = 'scotland'),
      'division: working days under regulation 2 exclude England and Wales bank holidays (limit england-and-wales)',
    ],
    ['an unknown Stage 2 clock start', (p) => (p['stage2ClockStart'] = 'appointment'), 'stage2ClockStart:'],
    [
      'a malformed cut-off',
      (p) => (p.receipt['cutOff'] = '24:00'),
      'receipt.cutOff: must be a time HH:MM between 00:00 and 23:59',
    ],
    [
      'a closure day that does not exist',
      (p) => (p['closureDays'] = ['2027-02-29']),
      'closureDays.0: "2027-02-29" is not a real date in the form YYYY-MM-DD',
    ],
    [
      'a duplicate closure day',
      (p) => (p['closureDays'] = ['2026-12-29', '2026-12-29']),
      'closureDays.1: duplicate date 2026-12-29',
    ],
    [
      'a reminder share of 1',
      (p) => (p.reminders['elapsedShares'] = [0.5, 1]),
      'reminders.elapsedShares.1: must be less than 1 (limit 1)',
    ],
    [
      'a reminder share of 0',
      (p) => (p.reminders['elapsedShares'] = [0]),
      'reminders.elapsedShares.0: must be more than 0 (limit 0)',
    ],
    [
      'a reminder 0 days before',
      (p) => (p.reminders['workingDaysBefore'] = [0]),
      'reminders.workingDaysBefore.0: must be 1 or more (limit 1)',
    ],
    [
      'an out-of-time limit under 12 months',
      (p) => (p['outOfTimeMonths'] = 6),
      'outOfTimeMonths: is 6 months, under the statutory 12 (limit 12)',
    ],
    ['a retention period of 0 years', (p) => (p['retentionYears'] = 0), 'retentionYears: must be 1 or more (limit 1)'],
    ['an id with spaces', (p) => (p['id'] = 'my council'), 'id: must be lower-case letters, digits and hyphens'],
  ];

  it.each(BROKEN)('refuses %s', (_name, breakIt, reason) => {
    const input = statutory();
    breakIt(input);
    const problems = problemsOf(input);
    expect(
      problems.some((p) => p.startsWith(reason)),
      `${problems.join('\n')}\nshould include\n${reason}`,
    ).toBe(true);
  });

  it('lists every violation in the message', () => {
    const input = statutory();
    input.timescales['stage3.panel'] = 40;
    input.timescales['stage3.panelReport'] = 10;
    expect(() => parsePolicy(input)).toThrow(
      /invalid policy:\n {2}timescales\.stage3\.panel: .*\(limit 30\)\n {2}timescales\.stage3\.panelReport: .*\(limit 5\)/,
    );
  });

  it('refuses something that is not a policy', () => {
    expect(problemsOf(null)).toEqual(['(root): must be a policy object']);
    expect(problemsOf('england-statutory')).toEqual(['(root): must be a policy object']);
  });
});
