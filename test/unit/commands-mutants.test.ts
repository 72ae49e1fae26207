/**
 * The procedure's rules (domain/complaint/transitions/), continued from
 * transitions-mutants.test.ts: each command's boundaries and the details of
 * what it records and writes (docs/mutation.md). Dates are literal and
 * counted by hand in the comments.
 *
 * 2027 holidays used: Fri 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar,
 * Mon 3 May. British Summer Time 2027: 28 Mar to 31 Oct.
 */
import { describe, expect, it } from 'vitest';
import { ENGLAND_STATUTORY_POLICY, parsePolicy } from '../../domain/policy';
import { notifyClosedNotPursued, retainUntil } from '../../domain/complaint/transitions';
import { LUTON, OMBUDSMAN, IO, IP, PANEL, newCase, act, refusal, deadline, pending, tick, events, letters, stage1Case, stage2Case, stage3Case } from '../helpers/procedure';

describe('extend', () => {
  it('refuses a clock paused for early resolution, and caps the Director’s time across extensions', () => {
    const suspended = act(stage2Case(), 'suspend-for-resolution', {}, '2027-01-20T10:00:00Z');
    expect(refusal(suspended, 'extend', { deadline: 'stage2.respond', workingDays: 5, reason: 'x', complainantAgreed: true }, '2027-01-21T10:00:00Z')).toBe(
      'stage2.respond is not running, so it cannot be extended',
    );
    // Luton: 15 WD plus at most 5 in all where the Director disagrees.
    const state = act(newCase('2027-01-04T10:00:00Z', { policy: LUTON }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    act(state, 'agree-statement', {}, '2027-01-06T10:00:00Z');
    act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-26T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-03-01T10:00:00Z');
    act(state, 'escalate', {}, '2027-03-08T10:00:00Z');
    act(state, 'schedule-panel', { panelDate: '2027-04-20' }, '2027-03-10T10:00:00Z');
    act(state, 'record-panel', {}, '2027-04-20T10:00:00Z');
    act(state, 'panel-report', {}, '2027-04-23T10:00:00Z'); // final response due Mon 17 May
    act(state, 'extend', { deadline: 'stage3.finalResponse', workingDays: 3, reason: 'meet the Chair', complainantAgreed: false }, '2027-04-26T10:00:00Z');
    // 17 May + 3 → 18 19 20 → Thu 20 May.
    expect(deadline(state, 'stage3.finalResponse')).toMatchObject({ due: '2027-05-20', extendedBy: 3 });
    expect(state.events.at(-1)).toStrictEqual({
      action: 'extended',
      actor: 'officer-1',
      at: '2027-04-26T10:00:00.000Z',
      recordedAt: '2027-04-26T10:00:00.000Z',
      detail: { deadline: 'stage3.finalResponse', workingDays: 3, reason: 'meet the Chair', newDue: '2027-05-20', complainantAgreed: false },
    });
    expect(refusal(state, 'extend', { deadline: 'stage3.finalResponse', workingDays: 3, reason: 'again' }, '2027-04-27T10:00:00Z')).toBe(
      'an extension of 3 working days would make the final response 21 working days, over the limit of 20',
    );
    act(state, 'extend', { deadline: 'stage3.finalResponse', workingDays: 2, reason: 'again' }, '2027-04-27T10:00:00Z');
    expect(deadline(state, 'stage3.finalResponse')).toMatchObject({ due: '2027-05-24', extendedBy: 5 }); // 21 24
    // Without complainantAgreed, the event has no such field at all.
    const s1 = act(stage1Case(), 'extend', { deadline: 'stage1.respond', workingDays: 1, reason: 'x' }, '2027-01-05T10:00:00Z');
    expect(s1.events.at(-1)!.detail).toStrictEqual({ deadline: 'stage1.respond', workingDays: 1, reason: 'x', newDue: '2027-01-19' });
  });
});

describe('escalate', () => {
  it('says when the Stage 2 adjudication is neither given nor overdue, and goes on once it is overdue', () => {
    const noClock = act(newCase(), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    expect(refusal(noClock, 'escalate', {}, '2027-01-20T10:00:00Z')).toBe(
      'the Stage 2 adjudication is not given and not overdue: the complainant may ask for the next stage once it is given or once it is late',
    );
    const state = stage2Case(); // stage2.respond due Wed 10 Feb
    expect(refusal(state, 'escalate', {}, '2027-02-10T10:00:00Z')).toBe(
      'the Stage 2 adjudication is not given and not overdue (due Wed 10 Feb 2027): the complainant may ask for the next stage once it is given or once it is late',
    );
    tick(state, '2027-02-11T00:00:00Z');
    // Without an adjudication the request follows the start of Stage 2 (Mon 4 Jan 10:00), not an adjudication.
    expect(refusal(state, 'escalate', { at: '2027-01-04T09:00:00Z' }, '2027-02-11T10:00:00Z')).toContain('is before receipt');
    act(state, 'escalate', { at: '2027-01-04T10:00:00Z' }, '2027-02-11T10:00:00Z');
    expect(state).toMatchObject({ stage: 'stage3', status: 'in-progress', stage3: { requestedAt: '2027-01-04T10:00:00.000Z', requestedOn: '2027-01-04', adjournments: 0 } });
    // Requested Mon 4 Jan: acknowledge 5 6 7 → Thu 7 Jan; panel 30 WD → 5-8 (4), 11-15 (9), 18-22 (14), 25-29 (19), Feb 1-5 (24), 8-12 (29), 15 → Mon 15 Feb.
    expect(pending(state)).toEqual({ 'stage3.acknowledge': '2027-01-07', 'stage3.panel': '2027-02-15' });
    expect(deadline(state, 'stage3.panel')!.explanation).toBe('Review Panel requested Mon 4 Jan 2027; 30 working days → Mon 15 Feb 2027');
    expect(deadline(state, 'stage3.acknowledge')!.explanation).toBe('Review Panel requested Mon 4 Jan 2027; 3 working days → Thu 7 Jan 2027');
  });

  it('a window paused by a hold never runs out: a request after its date is in time', () => {
    const state = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z'); // window due Wed 3 Feb
    act(state, 'hold', { reason: 'safeguarding' }, '2027-01-07T10:00:00Z');
    expect(deadline(state, 'stage1.escalate')!.state).toBe('paused');
    act(state, 'escalate', {}, '2027-02-10T10:00:00Z');
    expect(deadline(state, 'stage1.escalate')).toMatchObject({ state: 'met', metAt: '2027-02-10T10:00:00.000Z' });
    expect(state).toMatchObject({ stage: 'stage2', status: 'in-progress' });
    expect(state.lateEscalation).toBeUndefined();
    // The new stage's clock waits for the release: requested Wed 10 Feb, 3 WD left after it.
    expect(deadline(state, 'stage2.acknowledge')).toMatchObject({ state: 'paused', due: '2027-02-15' });
    expect(deadline(state, 'stage2.acknowledge')!.explanation).toBe(
      'Stage 2 requested Wed 10 Feb 2027; 3 working days → Mon 15 Feb 2027; paused on Wed 10 Feb 2027 (safeguarding hold) with 3 working days left',
    );
    expect(events(state).at(-1)).toStrictEqual(['escalated', '2027-02-10T10:00:00.000Z', { to: 'stage2' }]);
  });

  it('records a late request dated by the receipt rule, and a refusal in writing', () => {
    const state = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    tick(state, '2027-02-04T00:00:00Z');
    // Made on Sat 6 Feb: dated Mon 8 Feb; the decision is due 3 WD later → 9 10 11 → Thu 11 Feb.
    act(state, 'escalate', { at: '2027-02-06T10:00:00Z', note: 'by phone' }, '2027-02-08T09:00:00Z');
    expect(state).toMatchObject({
      stage: 'stage1',
      status: 'escalation-decision-due',
      lateEscalation: { requestedAt: '2027-02-06T10:00:00.000Z', to: 'stage2' },
      steps: { lateRequest: '2027-02-06T10:00:00.000Z' },
    });
    expect(deadline(state, 'stage2.acknowledge')).toMatchObject({
      state: 'pending',
      due: '2027-02-11',
      explanation: 'late request for stage2 (window closed Wed 3 Feb 2027) Mon 8 Feb 2027; 3 working days → Thu 11 Feb 2027',
    });
    expect(events(state).at(-1)).toStrictEqual([
      'escalation-requested-late',
      '2027-02-06T10:00:00.000Z',
      'by phone',
      { to: 'stage2', windowClosed: '2027-02-03' },
    ]);
    expect(letters(state).at(-1)).toEqual([2, 'breach-alert', 'late-escalation-needs-decision', { to: 'stage2', decideBy: '2027-02-11' }]);
    act(state, 'refuse-escalation', { reasons: 'no good reason' }, '2027-02-09T10:00:00Z');
    expect(events(state).at(-1)).toStrictEqual(['escalation-refused', '2027-02-09T10:00:00.000Z', { to: 'stage2' }]);
    expect(letters(state).at(-1)).toEqual([3, 'letter', 'escalation-refused', { to: 'stage2', reasons: 'no good reason', ombudsman: OMBUDSMAN }]);
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', closedAt: '2027-02-09T10:00:00.000Z' });
    expect(state).not.toHaveProperty('lateEscalation');
  });

  it('accepts a late request while on hold with the new stage’s clocks paused', () => {
    const state = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    tick(state, '2027-02-04T00:00:00Z');
    act(state, 'escalate', {}, '2027-02-08T10:00:00Z');
    act(state, 'hold', { reason: 'court-proceedings' }, '2027-02-08T11:00:00Z');
    act(state, 'escalate', { lateAcceptedReason: 'in hospital', reasons: 'letter' }, '2027-02-09T10:00:00Z');
    expect(events(state).at(-1)).toStrictEqual([
      'escalated',
      '2027-02-09T10:00:00.000Z',
      { to: 'stage2', late: true, lateAcceptedReason: 'in hospital', reasonsGiven: true, reopened: true },
    ]);
    // The acceptance is the acknowledgement, in writing: the case had closed when its window lapsed (Thu 4 Feb).
    expect(letters(state).at(-1)).toEqual([4, 'letter', 'stage2-acknowledgement', { respondBy: null, closedOn: '2027-02-04', lateAccepted: true }]);
    expect(state).toMatchObject({ stage: 'stage2', hold: { reason: 'court-proceedings' } });
    expect(state).not.toHaveProperty('outcome');
    expect(state).not.toHaveProperty('closedAt');
    // The decision clock is met by the acceptance; Stage 2 starts from the request (Mon 8 Feb) and waits.
    expect(state.deadlines.filter((d) => d.key === 'stage2.acknowledge')).toMatchObject([{ state: 'met', metAt: '2027-02-09T10:00:00.000Z' }]);
    expect(state.deadlines.every((d) => d.state !== 'pending')).toBe(true);
  });
});

describe('Stage 2 steps', () => {
  it('appoints investigators when the case or the person has no team, and records a replacement', () => {
    const noTeam = act(newCase(), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(noTeam, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    expect(noTeam.stage2).toMatchObject({ investigatingOfficer: IO, independentPerson: IP });
    const teamOnly = act(newCase('2027-01-04T10:00:00Z', { team: 'Fostering', policy: LUTON }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(teamOnly, 'appoint-investigators', { investigatingOfficer: { id: 'io-1' }, independentPerson: { id: 'ip-1' } }, '2027-01-05T10:00:00Z');
    expect(events(teamOnly).at(-1)).toStrictEqual(['investigators-appointed', '2027-01-05T10:00:00.000Z', { investigatingOfficer: 'io-1', independentPerson: 'ip-1' }]);
    // Luton: contact 5 WD from the appointment → 6 7 8 11 12 → Tue 12 Jan.
    expect(pending(teamOnly)).toEqual({ 'stage2.acknowledge': '2027-01-07', 'stage2.contact': '2027-01-12' });
    expect(deadline(teamOnly, 'stage2.contact')!.explanation).toBe('investigators appointed Tue 5 Jan 2027; 5 working days → Tue 12 Jan 2027');
    act(teamOnly, 'appoint-investigators', { investigatingOfficer: { id: 'io-2' }, independentPerson: { id: 'ip-2' }, replacementReason: 'ill' }, '2027-01-07T10:00:00Z');
    expect(events(teamOnly).at(-1)).toStrictEqual([
      'investigators-replaced',
      '2027-01-07T10:00:00.000Z',
      { investigatingOfficer: 'io-2', independentPerson: 'ip-2', reason: 'ill' },
    ]);
    expect(teamOnly.stage2).toMatchObject({ investigatingOfficer: { id: 'io-2' }, independentPerson: { id: 'ip-2' }, replacements: 1 });
    expect(teamOnly.steps.appointed).toBe('2027-01-05T10:00:00.000Z');
    // The contact clock keeps its date.
    expect(teamOnly.deadlines.filter((d) => d.key === 'stage2.contact')).toMatchObject([{ due: '2027-01-12', state: 'pending' }]);
    act(teamOnly, 'appoint-investigators', { investigatingOfficer: { id: 'io-3' }, independentPerson: { id: 'ip-3' }, replacementReason: 'left' }, '2027-01-08T10:00:00Z');
    expect(teamOnly.stage2!.replacements).toBe(2);
  });

  it('agrees the statement: a policy counting from the request keeps its date', () => {
    const fromRequest = parsePolicy({ ...ENGLAND_STATUTORY_POLICY, id: 'from-request', stage2ClockStart: 'request' });
    const state = act(newCase('2027-01-04T10:00:00Z', { policy: fromRequest }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    act(state, 'agree-statement', { note: 'agreed by phone' }, '2027-01-20T10:00:00Z');
    expect(state.stage2!.statementAgreedOn).toBe('2027-01-20');
    expect(state.steps.statementAgreed).toBe('2027-01-20T10:00:00.000Z');
    expect(events(state).at(-1)).toStrictEqual(['statement-agreed', '2027-01-20T10:00:00.000Z', 'agreed by phone']);
    // 25 WD from the request, Mon 4 Jan → Mon 8 Feb.
    expect(letters(state).at(-1)).toEqual([2, 'letter', 'stage2-statement-agreed', { respondBy: '2027-02-08' }]);
    expect(deadline(state, 'stage2.respond')!.explanation).toBe('Stage 2 requested Mon 4 Jan 2027; 25 working days → Mon 8 Feb 2027');
    const agreed = stage2Case();
    expect(deadline(agreed, 'stage2.respond')!.explanation).toBe('statement of complaint agreed Wed 6 Jan 2027; 25 working days → Wed 10 Feb 2027');
  });

  it('suspends only an investigation in progress, and records suspending and resuming', () => {
    const adjudicated = stage2Case();
    act(adjudicated, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-01-20T10:00:00Z');
    expect(events(adjudicated).at(-1)).toStrictEqual(['reports-submitted', '2027-01-20T10:00:00.000Z', { reports: 'investigating-officer,independent-person' }]);
    act(adjudicated, 'adjudicate', { findings: { heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service' }] } }, '2027-01-21T10:00:00Z');
    expect(adjudicated.findings).toMatchObject([{ stage: 'stage2', recordedAt: '2027-01-21T10:00:00.000Z', findings: { heads: [{ head: '1' }] } }]);
    expect(refusal(adjudicated, 'suspend-for-resolution', {}, '2027-01-22T10:00:00Z')).toBe('only an investigation in progress can be suspended for early resolution');

    const state = stage2Case(); // respond due Wed 10 Feb
    act(state, 'suspend-for-resolution', {}, '2027-01-20T10:00:00Z');
    expect(state).toMatchObject({ status: 'early-resolution', earlyResolutionSince: '2027-01-20T10:00:00.000Z', steps: { suspended: '2027-01-20T10:00:00.000Z' } });
    expect(events(state).at(-1)).toStrictEqual(['suspended-for-resolution', '2027-01-20T10:00:00.000Z']);
    expect(deadline(state, 'stage2.respond')!.explanation).toBe(
      'statement of complaint agreed Wed 6 Jan 2027; 25 working days → Wed 10 Feb 2027; paused on Wed 20 Jan 2027 (suspended for early resolution) with 15 working days left',
    );
    act(state, 'resume', {}, '2027-01-27T10:00:00Z');
    expect(events(state).at(-1)).toStrictEqual(['resumed', '2027-01-27T10:00:00.000Z']);
    expect(state).not.toHaveProperty('earlyResolutionSince');
    // 15 WD from Wed 27 Jan: 28 29 (2), Feb 1-5 (7), 8-12 (12), 15 16 17 → Wed 17 Feb.
    expect(deadline(state, 'stage2.respond')).toMatchObject({ state: 'pending', due: '2027-02-17' });
  });
});

describe('Stage 3 steps', () => {
  it('refuses a panel on a weekend, for scheduling and adjourning, and keeps the members only when given', () => {
    const state = stage3Case();
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-04-10' }, '2027-03-10T10:00:00Z')).toBe('Sat 10 Apr 2027 is not a working day (Saturday)');
    act(state, 'schedule-panel', { panelDate: '2027-04-15' }, '2027-03-10T10:00:00Z');
    expect(state.stage3).not.toHaveProperty('members');
    expect(refusal(state, 'adjourn-panel', { panelDate: '2027-04-18', reason: 'x' }, '2027-03-15T10:00:00Z')).toBe('Sun 18 Apr 2027 is not a working day (Sunday)');
    // Adjourned on Mon 15 Mar to Mon 29 Mar (Easter Monday): refused; to Tue 23 Mar: 10 WD before is Tue 9 Mar, too late.
    expect(refusal(state, 'adjourn-panel', { panelDate: '2027-03-29', reason: 'x' }, '2027-03-15T10:00:00Z')).toBe(
      'Mon 29 Mar 2027 is not a working day (Easter Monday)',
    );
    expect(refusal(state, 'adjourn-panel', { panelDate: '2027-03-23', reason: 'x' }, '2027-03-15T10:00:00Z')).toContain("leaves less than 10 working days' notice");
    expect(state.stage3!.adjournments).toBe(0);
  });

  it('records the panel with its findings, and the report from the day it arrives', () => {
    const state = stage3Case();
    act(state, 'schedule-panel', { panelDate: '2027-04-15', members: PANEL }, '2027-03-10T10:00:00Z');
    act(state, 'send-papers', {}, '2027-03-11T10:00:00Z');
    // Sending the papers writes no letter to the complainant.
    expect(letters(state).map((l) => l[2])).not.toContain('panel-date');
    expect(events(state).at(-1)).toStrictEqual(['papers-sent', '2027-03-11T10:00:00.000Z']);
    expect(deadline(state, 'stage3.papers')!.state).toBe('met');
    expect(deadline(state, 'stage3.notifyPanel')!.state).toBe('pending');
    // Logged on Fri 16 Apr that it met on Thu 15 Apr.
    act(state, 'record-panel', { at: '2027-04-15T14:00:00Z', findings: { heads: [{ head: '1', finding: 'partially-upheld', category: 'quality-of-service' }] } }, '2027-04-16T10:00:00Z');
    expect(state.findings).toMatchObject([{ stage: 'stage3', recordedAt: '2027-04-15T14:00:00.000Z' }]);
    expect(state.steps.panelHeld).toBe('2027-04-15T14:00:00.000Z');
    // Report 5 WD from the panel day, not the day it was logged: 16 19 20 21 22 → Thu 22 Apr.
    expect(deadline(state, 'stage3.panelReport')).toMatchObject({
      state: 'pending',
      due: '2027-04-22',
      explanation: 'panel met Thu 15 Apr 2027; 5 working days → Thu 22 Apr 2027',
    });
    act(state, 'panel-report', { at: '2027-04-21T10:00:00Z' }, '2027-04-26T10:00:00Z');
    // Final response 15 WD from Wed 21 Apr: 22 23 (2), 26-30 (7), [3 May] 4-7 (11), 10-13 (15) → Thu 13 May.
    expect(deadline(state, 'stage3.finalResponse')).toMatchObject({
      due: '2027-05-13',
      explanation: "panel's report received Wed 21 Apr 2027; 15 working days, skipping 3 May (Early May bank holiday) → Thu 13 May 2027",
    });
    expect(events(state).slice(-2)).toStrictEqual([
      ['panel-held', '2027-04-15T14:00:00.000Z'],
      ['panel-report-received', '2027-04-21T10:00:00.000Z'],
    ]);
    act(state, 'final-response', {}, '2027-05-10T10:00:00Z');
    expect(state.findings).toHaveLength(1);
  });
});

describe('holds', () => {
  it('pauses every clock with the reason, and holds heads even during a full hold', () => {
    const state = stage1Case();
    act(state, 'hold', { reason: 'safeguarding' }, '2027-01-06T10:00:00Z');
    expect(deadline(state, 'stage1.respond')!.explanation).toBe(
      'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; paused on Wed 6 Jan 2027 (safeguarding hold) with 8 working days left',
    );
    act(state, 'hold', { reason: 'court-proceedings', heads: ['2'] }, '2027-01-07T10:00:00Z');
    expect(state.heldHeads).toEqual(['2']);
    expect(state.hold).toEqual({ reason: 'safeguarding', since: '2027-01-06T10:00:00.000Z' });
    // Releasing heads does not follow the hold's time: dated after receipt is enough.
    act(state, 'release-hold', { heads: ['2'], at: '2027-01-05T10:00:00Z' }, '2027-01-08T10:00:00Z');
    expect(state.heldHeads).toEqual([]);
    expect(state.hold).toBeDefined();
    act(state, 'release-hold', {}, '2027-01-11T10:00:00Z');
    // 8 WD from Mon 11 Jan: 12-15 (4), 18-21 (8) → Thu 21 Jan.
    expect(deadline(state, 'stage1.respond')!.explanation).toBe(
      'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; paused on Wed 6 Jan 2027 (safeguarding hold) with 8 working days left; resumed on Mon 11 Jan 2027 → Thu 21 Jan 2027',
    );
  });

  it('withdrawing a held case with a late request ends the hold and the request', () => {
    const state = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    tick(state, '2027-02-04T00:00:00Z');
    act(state, 'escalate', {}, '2027-02-08T10:00:00Z');
    act(state, 'hold', { reason: 'safeguarding' }, '2027-02-08T11:00:00Z');
    act(state, 'hold', { reason: 'safeguarding', heads: ['1'] }, '2027-02-08T12:00:00Z');
    act(state, 'withdraw', {}, '2027-02-09T10:00:00Z');
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'withdrawn', stage: 'stage1' }, heldHeads: [] });
    expect(state).not.toHaveProperty('hold');
    expect(state).not.toHaveProperty('lateEscalation');
    expect(state.deadlines.every((d) => d.state !== 'pending' && d.state !== 'paused')).toBe(true);
  });
});

describe('findings, the Ombudsman, closing and retention', () => {
  const category = 'quality-of-service' as const;
  const findings = { heads: [{ head: '1', finding: 'not-upheld' as const, category }, { head: '2', finding: 'upheld' as const, category }] };

  it('records findings for each stage the case reached, and no further', () => {
    const s2 = stage2Case();
    act(s2, 'record-findings', { stage: 'stage2', findings }, '2027-01-07T10:00:00Z');
    expect(events(s2).at(-1)).toStrictEqual(['findings-recorded', '2027-01-07T10:00:00.000Z', { stage: 'stage2', heads: 2 }]);
    expect(refusal(s2, 'record-findings', { stage: 'stage3', findings }, '2027-01-07T10:00:00Z')).toBe('the case never reached stage3');
    act(s2, 'record-findings', { stage: 'stage1', findings }, '2027-01-07T10:00:00Z');
    expect(refusal(stage1Case(), 'record-findings', { stage: 'stage3', findings }, '2027-01-07T10:00:00Z')).toBe('the case never reached stage3');
    const s3 = act(stage3Case(), 'record-findings', { stage: 'stage3', findings }, '2027-03-09T10:00:00Z');
    expect(s3.findings.map((f) => f.stage)).toEqual(['stage3']);
  });

  it('refers without a reference, decides without a compliance date, and keeps the case a year after closing', () => {
    const state = act(stage1Case(), 'withdraw', {}, '2027-06-30T23:30:00Z');
    // Withdrawn at 00:30 on Thu 1 Jul in London: kept to 366 days later, Sat 1 Jul 2028 (29 Feb 2028 between).
    expect(retainUntil(state)).toBe(Date.parse('2028-07-01T00:00:00Z'));
    act(state, 'refer-to-ombudsman', {}, '2027-08-02T10:00:00Z');
    expect(state.ombudsman).toStrictEqual({ referredAt: '2027-08-02T10:00:00.000Z' });
    act(state, 'record-ombudsman-decision', { decision: 'no-fault' }, '2027-09-01T10:00:00Z');
    expect(state.ombudsman).toStrictEqual({ referredAt: '2027-08-02T10:00:00.000Z', decision: 'no-fault', decidedAt: '2027-09-01T10:00:00.000Z' });
    expect(events(state).at(-1)).toStrictEqual(['ombudsman-decision', '2027-09-01T10:00:00.000Z', { decision: 'no-fault', remedies: '' }]);
    expect(deadline(state, 'ombudsman.compliance')).toBeUndefined();
    expect(retainUntil(state)).toBe(Date.parse('2028-07-01T00:00:00Z'));
    expect(retainUntil(stage1Case())).toBeUndefined();
  });

  it('keeps a case whose remedies were missed no longer than one whose remedies were met', () => {
    const state = act(stage1Case(), 'withdraw', {}, '2027-01-05T10:00:00Z');
    act(state, 'refer-to-ombudsman', {}, '2027-02-01T10:00:00Z');
    // A compliance date the day after the decision is allowed.
    act(state, 'record-ombudsman-decision', { decision: 'upheld', complianceDate: '2027-06-02' }, '2027-06-01T10:00:00Z');
    expect(deadline(state, 'ombudsman.compliance')).toMatchObject({
      due: '2027-06-02',
      explanation: "the Ombudsman's compliance date → Wed 2 Jun 2027",
    });
    expect(retainUntil(state)).toBeUndefined();
    tick(state, '2027-06-03T00:00:00Z');
    expect(deadline(state, 'ombudsman.compliance')!.state).toBe('missed');
    expect(retainUntil(state)).toBe(Date.parse('2028-01-06T00:00:00Z'));
  });

  it('closes as resolved after an adjudication, in writing, dated after the stage began', () => {
    const state = stage2Case();
    act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-01T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-02-02T10:00:00Z');
    expect(refusal(state, 'close', { outcome: 'resolved', at: '2027-01-04T09:00:00Z' }, '2027-02-03T10:00:00Z')).toContain('is before receipt');
    act(state, 'close', { outcome: 'resolved' }, '2027-02-03T10:00:00Z');
    expect(events(state).at(-1)).toStrictEqual(['closed', '2027-02-03T10:00:00.000Z', { outcome: 'resolved', stage: 'stage2' }]);
    // The Review Panel window (20 WD after Tue 2 Feb) stays open after the closing, and the letter says so.
    expect(letters(state).at(-1)).toEqual([4, 'letter', 'closed-resolved', { ombudsman: OMBUDSMAN, stage: 'stage2', escalateBy: '2027-03-02' }]);
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'resolved', stage: 'stage2' }, closedAt: '2027-02-03T10:00:00.000Z' });
    // At Stage 1 it follows the response.
    const s1 = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    expect(refusal(s1, 'close', { outcome: 'resolved', at: '2027-01-06T11:00:00Z' }, '2027-01-07T10:00:00Z')).toBe(
      '"at" (2027-01-06T11:00:00Z) is before the Stage 1 response (2027-01-06T12:00:00.000Z)',
    );
    // Not while a late request awaits its decision, nor at Stage 1 before the response.
    expect(refusal(stage1Case(), 'close', { outcome: 'resolved' }, '2027-01-07T10:00:00Z')).toContain('a case is closed as resolved only after a response');
    tick(s1, '2027-02-04T00:00:00Z');
    act(s1, 'escalate', {}, '2027-02-08T10:00:00Z');
    expect(refusal(s1, 'close', { outcome: 'resolved' }, '2027-02-08T11:00:00Z')).toContain('a case is closed as resolved only after a response');
  });

  it('resolving during early resolution restarts the clocks before ending them', () => {
    const state = act(stage2Case(), 'suspend-for-resolution', {}, '2027-01-20T10:00:00Z');
    act(state, 'close', { outcome: 'resolved' }, '2027-01-25T10:00:00Z');
    expect(deadline(state, 'stage2.respond')).toMatchObject({ state: 'cancelled' });
    expect(deadline(state, 'stage2.respond')!.explanation).toContain('; resumed on Mon 25 Jan 2027 → ');
  });

  it('a lapsed Stage 2 window closes the case and writes; other states lapse nothing', () => {
    const state = stage2Case();
    act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-26T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-03-01T10:00:00Z'); // window due Wed 31 Mar
    expect(tick(state, '2027-03-31T23:00:00Z')).toBe(true);
    notifyClosedNotPursued(state);
    expect(events(state).at(-1)).toStrictEqual(['window-lapsed', '2027-03-31T23:00:00.000Z', { window: 'stage2.escalate', closedOn: '2027-03-31' }]);
    expect(letters(state).at(-1)).toEqual([4, 'letter', 'closed-not-pursued', { stage: 'stage2', ombudsman: OMBUDSMAN }]);
    // A case in progress, or awaiting a decision on a late request, never lapses.
    const inProgress = stage2Case();
    expect(tick(inProgress, '2027-06-01T00:00:00Z')).toBe(false);
    expect(inProgress.status).toBe('in-progress');
    const s1 = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    tick(s1, '2027-02-04T00:00:00Z');
    act(s1, 'escalate', {}, '2027-02-08T10:00:00Z');
    expect(tick(s1, '2027-03-01T00:00:00Z')).toBe(false);
    expect(s1.status).toBe('escalation-decision-due');
    notifyClosedNotPursued(s1);
    expect(letters(s1).map((l) => l[2])).toEqual(['stage1-response', 'late-escalation-needs-decision']);
  });
});
