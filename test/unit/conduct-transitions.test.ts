/**
 * The unreasonable-conduct protocol without Temporal: each decision's
 * refusals, the dates it sets (expiry, review reminder) and what the clock
 * does on the expiry date, on domain/conduct/transitions.ts directly; and
 * the complaint workflow's side, a case closed as discontinued.
 *
 * Dates are literal, counted by hand: Christmas 2026 is Fri 25 Dec with the
 * Boxing Day substitute Mon 28 Dec; 2027 has New Year's Day Fri 1 Jan, Good
 * Friday 26 Mar, Easter Monday 29 Mar; British Summer Time runs from Sun 28 Mar
 * to Sun 31 Oct 2027.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, OMBUDSMAN_DETAILS, templateFor } from '../../records/letters/values';
import { discontinueCase, initialState } from '../../domain/complaint/transitions';
import { CONDUCT_COMMAND_SCHEMAS, conductBodySchema, type ConductCommandName } from '../../domain/conduct/commands';
import { conductView, type ConductState } from '../../domain/conduct/state';
import {
  addMonths,
  applyExpiry,
  conductNoticeId,
  contactWords,
  initialConductState,
  markNotified,
  nextConductWake,
  reviewReminderAt,
  takeReviewReminder,
  TransitionRefused,
} from '../../domain/conduct/transitions';
import { CONDUCT_TRANSITIONS } from '../../domain/conduct/table';

type Arg<C extends ConductCommandName> = Omit<z.input<(typeof CONDUCT_COMMAND_SCHEMAS)[C]>, 'actor'> & { actor?: string };

const calendar = defaultCalendarData('england-and-wales');
const PERSON = 4321;

function person(): ConductState {
  return initialConductState({ personId: PERSON, reference: 'CSC-2026-CONDCT', calendar });
}

/** Applies a decision taken at `iso` (the workflow's clock reads `iso` too). */
function decide<C extends ConductCommandName>(state: ConductState, name: C, iso: string, input: Arg<C>): ConductState {
  const parsed = CONDUCT_COMMAND_SCHEMAS[name].parse({ actor: 'director-1', ...input });
  (CONDUCT_TRANSITIONS[name] as (s: ConductState, i: unknown, n: number) => () => void)(state, parsed, Date.parse(iso))();
  return state;
}

function refusal<C extends ConductCommandName>(state: ConductState, name: C, iso: string, input: Arg<C>): string {
  const before = JSON.stringify(state);
  const parsed = CONDUCT_COMMAND_SCHEMAS[name].parse({ actor: 'director-1', ...input });
  try {
    (CONDUCT_TRANSITIONS[name] as (s: ConductState, i: unknown, n: number) => () => void)(state, parsed, Date.parse(iso));
  } catch (error) {
    expect(error).toBeInstanceOf(TransitionRefused);
    expect(JSON.stringify(state)).toBe(before); // a refused decision changes nothing
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

const RESTRICT = { reason: 'Forty calls a day to the team', allowedContact: ['letter', 'email'] as Array<'letter' | 'email'>, reviewOn: '2027-02-15' };

describe('the protocol in order', () => {
  it('warns first: a letter with the reason, the register entry starting that London date', () => {
    const s = decide(person(), 'warn', '2026-12-18T10:00:00Z', { reason: 'Abusive emails to staff' });
    expect(s.level).toBe('warned');
    expect(s.current).toMatchObject({ level: 'warned', startsOn: '2026-12-18', decidedBy: 'director-1', reason: 'Abusive emails to staff' });
    expect(s.outbox).toEqual([
      { id: -(1 * 1000 + 321), kind: 'letter', subject: 'conduct-warning', detail: expect.objectContaining({ personId: PERSON, reason: 'Abusive emails to staff' }) },
    ]);
    expect(refusal(s, 'warn', '2026-12-18T11:00:00Z', { reason: 'again' })).toContain('the person has been warned since Fri 18 Dec 2026');
  });

  it('restricts only after a warning (Rutland appendix A, stage one)', () => {
    expect(refusal(person(), 'restrict', '2026-12-18T10:00:00Z', { ...RESTRICT, period: { months: 3 } })).toContain('a warning comes first');
  });

  it('sets the expiry from a period in calendar months, clamped to the month’s last day', () => {
    const s = decide(person(), 'warn', '2026-11-30T10:00:00Z', { reason: 'r' });
    decide(s, 'restrict', '2026-11-30T12:00:00Z', { ...RESTRICT, period: { months: 3 } });
    // 30 Nov 2026 + 3 months: 30 Feb does not exist → Sun 28 Feb 2027.
    expect(s.current).toMatchObject({ level: 'restricted', startsOn: '2026-11-30', expiresOn: '2027-02-28', reviewOn: '2027-02-15', allowedContact: ['letter', 'email'] });
    // The warning ended the day the restriction began, escalated.
    expect(s.past).toEqual([expect.objectContaining({ level: 'warned', endedOn: '2026-11-30', endedHow: 'escalated' })]);
    expect(s.outbox.at(-1)).toMatchObject({ subject: 'conduct-restriction', detail: { allowedContact: 'by letter or by email', expiresOn: '2027-02-28', reviewOn: '2027-02-15' } });
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2027-12-15', 2)).toBe('2028-02-15');
  });

  it('counts a period in working days over Christmas and New Year', () => {
    const s = decide(person(), 'warn', '2026-12-17T10:00:00Z', { reason: 'r' });
    decide(s, 'restrict', '2026-12-18T10:00:00Z', { ...RESTRICT, reviewOn: '2027-01-11', period: { workingDays: 20 } });
    // From Fri 18 Dec 2026: 21-24 Dec (4), 29-31 Dec (7), 4-8 Jan (12), 11-15 Jan (17), 18-20 Jan (20),
    // skipping 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan → Wed 20 Jan 2027.
    expect(s.current?.expiresOn).toBe('2027-01-20');
  });

  it('refuses terms that make no sense, naming the dates', () => {
    const s = decide(person(), 'warn', '2027-01-04T10:00:00Z', { reason: 'r' });
    expect(refusal(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, reviewOn: '2027-05-01', expiresOn: '2027-04-01' })).toBe(
      'the review date Sat 1 May 2027 must be before the expiry date Thu 1 Apr 2027',
    );
    expect(refusal(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, reviewOn: '2027-01-05', expiresOn: '2027-04-01' })).toBe(
      'the review date Tue 5 Jan 2027 must be after the decision (Tue 5 Jan 2027)',
    );
    expect(refusal(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, reviewOn: '2027-01-06', expiresOn: '2027-01-05' })).toBe(
      'the expiry date Tue 5 Jan 2027 must be after the decision (Tue 5 Jan 2027)',
    );
    expect(refusal(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, expiresOn: '2027-04-01', at: '2027-01-06T10:00:00Z' })).toContain('is in the future');
    expect(refusal(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, expiresOn: '2027-04-01', at: '2027-01-04T09:00:00Z' })).toContain('before the last decision');
  });

  it('refuses contact only after restrictions, then discontinues investigations once at a time', () => {
    const s = decide(person(), 'warn', '2027-01-04T10:00:00Z', { reason: 'r' });
    expect(refusal(s, 'refuse-contact', '2027-01-05T10:00:00Z', { reason: 'r', reviewOn: '2027-03-01' })).toContain('only after restrictions');
    expect(refusal(s, 'discontinue', '2027-01-05T10:00:00Z', { reason: 'r' })).toContain('restricted or refused');
    decide(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, expiresOn: '2027-07-05' });
    decide(s, 'refuse-contact', '2027-02-01T10:00:00Z', { reason: 'Threats to staff', reviewOn: '2027-05-04' });
    expect(s.level).toBe('refused');
    expect(s.current).toMatchObject({ level: 'refused', allowedContact: [], startsOn: '2027-02-01', reviewOn: '2027-05-04' });
    expect(s.current?.expiresOn).toBeUndefined();
    expect(s.outbox.at(-1)?.subject).toBe('conduct-contact-refused');
    decide(s, 'discontinue', '2027-02-02T10:00:00Z', { reason: 'No investigation can go on' });
    expect(s.pendingDiscontinuation).toEqual({ decidedAt: '2027-02-02T10:00:00.000Z', actor: 'director-1' });
    expect(s.current?.discontinuedOn).toBe('2027-02-02');
    expect(refusal(s, 'discontinue', '2027-02-02T11:00:00Z', { reason: 'again' })).toContain('still being carried out');
  });

  it('reviews: continue with new terms writes again; escalate refuses contact; lift ends it', () => {
    const s = decide(person(), 'warn', '2027-01-04T10:00:00Z', { reason: 'r' });
    decide(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, expiresOn: '2027-04-05' });
    const letters = s.outbox.length;
    decide(s, 'review', '2027-02-15T10:00:00Z', { decision: 'continue', reviewOn: '2027-03-15' });
    expect(s.outbox).toHaveLength(letters); // same terms: no letter
    expect(s.current).toMatchObject({ reviewOn: '2027-03-15', expiresOn: '2027-04-05' });
    decide(s, 'review', '2027-03-15T10:00:00Z', { decision: 'continue', reviewOn: '2027-04-15', period: { months: 2 } });
    expect(s.current).toMatchObject({ reviewOn: '2027-04-15', expiresOn: '2027-05-15' });
    expect(s.outbox.at(-1)).toMatchObject({ subject: 'conduct-restriction', detail: { expiresOn: '2027-05-15' } });
    expect(refusal(s, 'review', '2027-03-16T10:00:00Z', { decision: 'continue', reviewOn: '2027-06-01' })).toContain('before the expiry date');
    decide(s, 'review', '2027-03-16T10:00:00Z', { decision: 'lift', reason: 'Contact has been reasonable' });
    expect(s.level).toBe('none');
    expect(s.past.at(-1)).toMatchObject({ level: 'restricted', endedOn: '2027-03-16', endedHow: 'lifted' });
    expect(s.outbox.at(-1)).toMatchObject({ subject: 'conduct-lifted', detail: { reason: 'Contact has been reasonable', endedOn: '2027-03-16' } });
    expect(refusal(s, 'lift', '2027-03-17T10:00:00Z', {})).toContain('nothing to lift');
    expect(refusal(s, 'review', '2027-03-17T10:00:00Z', { decision: 'lift' })).toContain('nothing to review');
  });
});

describe('the clock', () => {
  it('lifts a restriction itself at 00:00 London on its expiry date, and not a moment before', () => {
    const s = decide(person(), 'warn', '2027-01-04T10:00:00Z', { reason: 'r' });
    decide(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, expiresOn: '2027-05-24' });
    // 24 May 2027 is in British Summer Time: 00:00 London is 23:00 UTC the day before.
    expect(nextConductWake(s)).toBe(Date.parse('2027-02-15T09:00:00Z')); // the review reminder comes first
    expect(applyExpiry(s, Date.parse('2027-05-23T22:59:59.999Z'))).toBe(false);
    expect(applyExpiry(s, Date.parse('2027-05-23T23:00:00Z'))).toBe(true);
    expect(s.level).toBe('none');
    expect(s.past.at(-1)).toMatchObject({ level: 'restricted', endedOn: '2027-05-24', endedHow: 'expired' });
    expect(s.events.at(-1)).toMatchObject({ action: 'expired', actor: 'system', at: '2027-05-23T23:00:00.000Z' });
    expect(s.outbox.at(-1)).toMatchObject({ subject: 'conduct-lifted', detail: { expired: true, endedOn: '2027-05-24' } });
    expect(nextConductWake(s)).toBeUndefined();
  });

  it('reminds of the review at 09:00 London on the last open working day on or before it', () => {
    const cal = new WorkingDayCalendar(calendar);
    // Sat 27 Mar 2027: Fri 26 is Good Friday → Thu 25 Mar, still GMT.
    expect(new Date(reviewReminderAt(cal, '2027-03-27')).toISOString()).toBe('2027-03-25T09:00:00.000Z');
    // Tue 15 Jun 2027, in summer time: 08:00 UTC.
    expect(new Date(reviewReminderAt(cal, '2027-06-15')).toISOString()).toBe('2027-06-15T08:00:00.000Z');
    // A council closure day counts as shut: Mon 14 Jun closed → Fri 11 Jun.
    const closed = new WorkingDayCalendar(defaultCalendarData('england-and-wales', ['2027-06-14']));
    expect(new Date(reviewReminderAt(closed, '2027-06-14')).toISOString()).toBe('2027-06-11T08:00:00.000Z');
  });

  it('sends the review reminder once, to the Director, with the review date', () => {
    const s = decide(person(), 'warn', '2027-01-04T10:00:00Z', { reason: 'r' });
    decide(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, expiresOn: '2027-05-24' });
    expect(takeReviewReminder(s, Date.parse('2027-02-15T08:59:59Z'))).toBe(false);
    expect(takeReviewReminder(s, Date.parse('2027-02-15T09:00:00Z'))).toBe(true);
    expect(takeReviewReminder(s, Date.parse('2027-02-15T10:00:00Z'))).toBe(false);
    expect(s.outbox.at(-1)).toMatchObject({ kind: 'reminder', subject: 'conduct.review', detail: { due: '2027-02-15', to: 'director', personId: PERSON } });
  });

  it('marks the measure notified when its letter is delivered, and shows no timers in the view', () => {
    const s = decide(person(), 'warn', '2027-01-04T10:00:00Z', { reason: 'r' });
    markNotified(s, s.current!.letter!, '2027-01-04T10:00:05.000Z');
    expect(s.current?.notifiedAt).toBe('2027-01-04T10:00:05.000Z');
    expect(conductView(s).current).not.toHaveProperty('letter');
    expect(conductNoticeId(1_234_567, 3)).toBe(-3567);
  });
});

describe('the commands as the API takes them', () => {
  it('drops the actor, refuses unknown fields and applies the rules across fields', () => {
    const restrict = conductBodySchema('restrict');
    expect(restrict.safeParse({ ...RESTRICT, period: { months: 3 } }).success).toBe(true);
    expect(restrict.safeParse({ ...RESTRICT, period: { months: 3 }, actor: 'x' }).success).toBe(false);
    const both = restrict.safeParse({ ...RESTRICT, period: { months: 3 }, expiresOn: '2027-04-01' });
    expect(both.error?.issues.map((i) => i.path.join('.'))).toEqual(['period']);
    const neither = restrict.safeParse(RESTRICT);
    expect(neither.error?.issues.map((i) => i.path.join('.'))).toEqual(['expiresOn']);
    expect(restrict.safeParse({ ...RESTRICT, period: { months: 3 }, allowedContact: ['email', 'email'] }).success).toBe(false);
    expect(conductBodySchema('review').safeParse({ decision: 'escalate', reviewOn: '2027-03-01' }).error?.issues[0]?.path).toEqual(['reason']);
    expect(contactWords(['letter', 'email', 'online-form'])).toBe("by letter, by email or through the council's online form");
  });
});

describe('a complaint closed as discontinued', () => {
  it('closes an open case once, with its letter, and ignores a second signal', () => {
    const state = initialState(
      { reference: 'CSC-UNIT', receivedAt: '2027-01-04T10:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'officer-1' },
      Date.parse('2027-01-04T10:00:00Z'),
    );
    const input = { actor: 'director-1', decidedAt: '2027-01-06T10:00:00.000Z', personId: PERSON };
    expect(discontinueCase(state, input, Date.parse('2027-01-06T10:00:01Z'))).toBe(true);
    expect(state.outcome).toEqual({ kind: 'discontinued', stage: 'stage1' });
    expect(state.status).toBe('closed');
    expect(state.deadlines.every((d) => d.state !== 'pending')).toBe(true);
    expect(state.outbox.map((n) => n.subject)).toEqual(['closed-discontinued']);
    const after = JSON.stringify(state);
    expect(discontinueCase(state, input, Date.parse('2027-01-06T10:00:02Z'))).toBe(false);
    expect(JSON.stringify(state)).toBe(after);
  });
});

describe('the letters', () => {
  it('renders every conduct notice in full, each letter ending with the Ombudsman', () => {
    const s = decide(person(), 'warn', '2027-01-04T10:00:00Z', { reason: 'Abusive emails to staff' });
    decide(s, 'restrict', '2027-01-05T10:00:00Z', { ...RESTRICT, expiresOn: '2027-05-24' });
    takeReviewReminder(s, Date.parse('2027-02-15T09:00:00Z'));
    decide(s, 'refuse-contact', '2027-02-16T10:00:00Z', { reason: 'Threats to staff', reviewOn: '2027-05-04' });
    decide(s, 'lift', '2027-03-01T10:00:00Z', { reason: 'An apology was made' });
    const set = loadTemplates();
    const context = { reference: 'CSC-2026-CONDCT', sentAt: new Date('2027-03-01T10:00:00Z'), councilName: 'Test Council', councilContact: 'complaints@test.example', recipientName: 'Alex Parent' };
    const rendered = s.outbox.map((n) => renderLetter(set, templateFor(n), noticeValues(n, context), { advocacy: false }));
    expect(rendered.map((l) => l.template)).toEqual(['conduct-warning', 'conduct-restriction', 'reminder', 'conduct-contact-refused', 'conduct-lifted']);
    for (const letter of rendered) {
      expect(letter.body).not.toMatch(/\{\{|\}\}|\d{4}-\d{2}-\d{2}/);
      expect(letter.subject).toContain('CSC-2026-CONDCT');
      if (letter.audience === 'complainant') expect(letter.body.trimEnd().split('\n\n').at(-1), letter.template).toContain(OMBUDSMAN_DETAILS);
    }
    expect(rendered[1]!.body).toContain('please contact us only by letter or by email');
    expect(rendered[1]!.body).toContain('These restrictions end on **Mon 24 May 2027**');
    expect(rendered[1]!.body).toContain('review them by **Mon 15 Feb 2027**');
    expect(rendered[2]!.body).toContain('review of the contact restrictions of person 4321 is due by the end of **Mon 15 Feb 2027**');
    expect(rendered[3]!.body).toContain('Threats to staff');
    expect(rendered[3]!.body).not.toContain('This ends on');
    expect(rendered[4]!.body).toContain('from **Mon 1 Mar 2027**');
    expect(rendered[4]!.body).toContain('An apology was made');
  });
});
