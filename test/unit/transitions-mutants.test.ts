/**
 * The procedure's rules (domain/complaint/transitions/), asserted to the
 * letter: every event, letter and clock of whole journeys, and the refusals
 * and boundaries the mutation run found untested (docs/mutation.md). Dates are
 * literal and counted by hand in the comments.
 *
 * 2027 holidays used: Fri 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar,
 * Mon 3 May. British Summer Time 2027: 28 Mar to 31 Oct.
 */
import { describe, expect, it } from 'vitest';
import { ENGLAND_STATUTORY_POLICY, parsePolicy } from '../../domain/policy';
import { type CommandName } from '../../domain/complaint/commands';
import type { ComplaintState } from '../../domain/complaint/state';
import { notifyClosedNotPursued, retainUntil } from '../../domain/complaint/transitions';
import { LUTON, OMBUDSMAN, IO, IP, PANEL, newCase, act, refusal, deadline, pending, tick, events, letters, stage1Case, stage2Case, stage3Case } from '../helpers/procedure';

describe('a whole case under Luton’s policy, to the letter', () => {
  it('records every step, writes every letter and keeps every clock', () => {
    const s = newCase('2027-01-04T10:00:00Z', { policy: LUTON, team: 'Children in Care' });
    act(s, 'triage', { decision: 'stage1', note: 'n1' }, '2027-01-04T11:00:00Z');
    act(s, 'acknowledge', {}, '2027-01-05T09:00:00Z');
    act(s, 'clarify', {}, '2027-01-06T09:00:00Z');
    act(s, 'extend', { deadline: 'stage1.respond', workingDays: 2, reason: 'advocate' }, '2027-01-07T09:00:00Z');
    act(s, 'respond', {}, '2027-01-12T09:00:00Z');
    act(s, 'escalate', { reasons: 'unhappy' }, '2027-01-20T09:00:00Z');
    act(s, 'acknowledge', {}, '2027-01-21T09:00:00Z');
    act(s, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-22T10:00:00Z');
    act(s, 'contact', {}, '2027-01-25T10:00:00Z');
    act(s, 'agree-statement', {}, '2027-01-26T10:00:00Z');
    act(s, 'extend', { deadline: 'stage2.respond', workingDays: 5, reason: 'advocate', complainantAgreed: true }, '2027-01-27T09:00:00Z');
    act(s, 'submit-reports', { reports: ['investigating-officer'] }, '2027-02-26T10:00:00Z');
    act(s, 'submit-reports', { reports: ['independent-person'] }, '2027-02-26T11:00:00Z');
    act(s, 'adjudicate', {}, '2027-03-01T10:00:00Z');
    act(s, 'escalate', {}, '2027-03-08T10:00:00Z');
    act(s, 'acknowledge', {}, '2027-03-09T10:00:00Z');
    act(s, 'schedule-panel', { panelDate: '2027-04-15', members: PANEL }, '2027-03-10T10:00:00Z');
    act(s, 'notify-panel', {}, '2027-03-11T10:00:00Z');
    act(s, 'send-papers', {}, '2027-03-12T10:00:00Z');
    act(s, 'adjourn-panel', { panelDate: '2027-04-20', reason: 'chair ill' }, '2027-03-15T10:00:00Z');
    act(s, 'record-panel', {}, '2027-04-20T10:00:00Z');
    act(s, 'panel-report', {}, '2027-04-23T10:00:00Z');
    act(s, 'final-response', {}, '2027-05-03T10:00:00Z');

    expect(events(s)).toEqual([
      ['received', '2027-01-04T10:00:00.000Z'],
      ['triaged', '2027-01-04T11:00:00.000Z', 'n1', { decision: 'stage1' }],
      ['acknowledged', '2027-01-05T09:00:00.000Z', { deadline: 'stage1.acknowledge' }],
      ['clarified', '2027-01-06T09:00:00.000Z'],
      ['extended', '2027-01-07T09:00:00.000Z', { deadline: 'stage1.respond', workingDays: 2, reason: 'advocate', newDue: '2027-01-20' }],
      ['responded', '2027-01-12T09:00:00.000Z'],
      ['escalated', '2027-01-20T09:00:00.000Z', { to: 'stage2', reasonsGiven: true }],
      ['acknowledged', '2027-01-21T09:00:00.000Z', { deadline: 'stage2.acknowledge' }],
      ['investigators-appointed', '2027-01-22T10:00:00.000Z', { investigatingOfficer: 'io-7', independentPerson: 'ip-3' }],
      ['contacted', '2027-01-25T10:00:00.000Z'],
      ['statement-agreed', '2027-01-26T10:00:00.000Z'],
      [
        'extended',
        '2027-01-27T09:00:00.000Z',
        { deadline: 'stage2.respond', workingDays: 5, reason: 'advocate', newDue: '2027-03-09', complainantAgreed: true },
      ],
      ['reports-submitted', '2027-02-26T10:00:00.000Z', { reports: 'investigating-officer' }],
      ['reports-submitted', '2027-02-26T11:00:00.000Z', { reports: 'independent-person' }],
      ['adjudicated', '2027-03-01T10:00:00.000Z'],
      ['escalated', '2027-03-08T10:00:00.000Z', { to: 'stage3' }],
      ['acknowledged', '2027-03-09T10:00:00.000Z', { deadline: 'stage3.acknowledge' }],
      ['panel-scheduled', '2027-03-10T10:00:00.000Z', { panelDate: '2027-04-15' }],
      ['panel-notified', '2027-03-11T10:00:00.000Z'],
      ['papers-sent', '2027-03-12T10:00:00.000Z'],
      ['panel-adjourned', '2027-03-15T10:00:00.000Z', { from: '2027-04-15', to: '2027-04-20', reason: 'chair ill' }],
      ['panel-held', '2027-04-20T10:00:00.000Z'],
      ['panel-report-received', '2027-04-23T10:00:00.000Z'],
      ['final-response', '2027-05-03T10:00:00.000Z'],
    ]);
    // Every step was logged as it happened, by the officer.
    expect(s.events.every((e) => e.recordedAt === e.at && e.actor === 'officer-1')).toBe(true);

    expect(letters(s)).toEqual([
      // Respond 10 WD after Mon 4 Jan → Mon 18 Jan.
      [1, 'letter', 'stage1-acknowledgement', { respondBy: '2027-01-18' }],
      // + 2 → 19 20 → Wed 20 Jan.
      [2, 'letter', 'extension', { deadline: 'stage1.respond', newDue: '2027-01-20', reasons: 'advocate' }],
      // Responded Tue 12 Jan: 20 WD → 13-15 (3), 18-22 (8), 25-29 (13), Feb 1-5 (18), 8 9 → Tue 9 Feb.
      [3, 'letter', 'stage1-response', { escalateBy: '2027-02-09' }],
      // Luton's Stage 2 clock starts when the statement is agreed: no date yet.
      [4, 'letter', 'stage2-acknowledgement', { respondBy: null }],
      // Appointed Fri 22 Jan: the IO's contact 5 WD → 25-29 → Fri 29 Jan (Luton 14.1); the response runs from the statement.
      [5, 'letter', 'stage2-appointed', { ioName: null, ipName: null, contactBy: '2027-01-29', respondBy: null, respondWorkingDays: 25, updateEvery: 10 }],
      // Agreed Tue 26 Jan: 25 WD → 27-29 (3), Feb 1-5 (8), 8-12 (13), 15-19 (18), 22-26 (23), Mar 1 2 → Tue 2 Mar.
      [6, 'letter', 'stage2-statement-agreed', { respondBy: '2027-03-02' }],
      // + 5 → 3 4 5 8 9 → Tue 9 Mar.
      [7, 'letter', 'extension', { deadline: 'stage2.respond', newDue: '2027-03-09', reasons: 'advocate' }],
      // Adjudicated Mon 1 Mar: 20 WD, Easter skipped → Wed 31 Mar.
      [8, 'letter', 'stage2-adjudication', { escalateBy: '2027-03-31' }],
      // Requested Mon 8 Mar: panel 30 WD → Wed 21 Apr.
      [9, 'letter', 'stage3-acknowledgement', { respondBy: '2027-04-21' }],
      [10, 'letter', 'panel-date', { panelDate: '2027-04-15' }],
      [11, 'letter', 'stage3-final-response', { ombudsman: OMBUDSMAN }],
    ]);
    expect(s.noticeSeq).toBe(11);

    expect(s.deadlines.map((d) => [d.key, d.kind, d.state, d.due, d.extendedBy])).toEqual([
      ['stage1.acknowledge', 'duty', 'met', '2027-01-07', 0], // 5 6 7
      ['stage1.respond', 'duty', 'met', '2027-01-20', 2],
      ['stage1.clarify', 'duty', 'met', '2027-01-11', 0], // 5 6 7 8 11
      ['stage1.escalate', 'window', 'met', '2027-02-09', 0],
      ['stage2.acknowledge', 'duty', 'met', '2027-01-25', 0], // from Wed 20 Jan: 21 22 25
      ['stage2.contact', 'duty', 'met', '2027-01-29', 0], // from Fri 22 Jan: 25-29
      ['stage2.respond', 'duty', 'met', '2027-03-09', 5],
      // Started at the statement (Tue 26 Jan); the extension's letter was an update, so it ran again from Wed 27 Jan:
      // 28 29 | Feb 1-5 | 8 9 10 → Wed 10 Feb. The adjudication ends it.
      ['stage2.progress', 'duty', 'cancelled', '2027-02-10', 0],
      ['stage2.escalate', 'window', 'met', '2027-03-31', 0],
      ['stage3.acknowledge', 'duty', 'met', '2027-03-11', 0], // 9 10 11
      ['stage3.panel', 'duty', 'met', '2027-04-21', 0],
      // The adjournment restarted both notices (Tue 20 Apr less 10 WD → Tue 6 Apr); never given again, they end with the case.
      ['stage3.notifyPanel', 'duty', 'cancelled', '2027-04-06', 0],
      ['stage3.papers', 'duty', 'cancelled', '2027-04-06', 0],
      ['stage3.panelReport', 'duty', 'met', '2027-04-27', 0], // Tue 20 Apr + 5 → 21 22 23 26 27
      ['stage3.finalResponse', 'duty', 'met', '2027-05-17', 0], // Fri 23 Apr + 15, 3 May skipped → Mon 17 May
    ]);

    expect(s).toMatchObject({
      procedure: 'statutory',
      stage: 'closed',
      status: 'closed',
      outcome: { kind: 'completed' },
      closedAt: '2027-05-03T10:00:00.000Z',
      heldHeads: [],
      steps: {
        received: '2027-01-04T10:00:00.000Z',
        triaged: '2027-01-04T11:00:00.000Z',
        responded: '2027-01-12T09:00:00.000Z',
        stage2Requested: '2027-01-20T09:00:00.000Z',
        appointed: '2027-01-22T10:00:00.000Z',
        statementAgreed: '2027-01-26T10:00:00.000Z',
        adjudicated: '2027-03-01T10:00:00.000Z',
        stage3Requested: '2027-03-08T10:00:00.000Z',
        panelScheduled: '2027-03-10T10:00:00.000Z',
        panelHeld: '2027-04-20T10:00:00.000Z',
        panelReport: '2027-04-23T10:00:00.000Z',
      },
      stage2: {
        requestedAt: '2027-01-20T09:00:00.000Z',
        requestedOn: '2027-01-20',
        statementAgreedOn: '2027-01-26',
        replacements: 0,
        reports: ['investigating-officer', 'independent-person'],
        investigatingOfficer: IO,
        independentPerson: IP,
      },
      stage3: { requestedAt: '2027-03-08T10:00:00.000Z', requestedOn: '2027-03-08', adjournments: 1, panelDate: '2027-04-20', members: PANEL },
    });
    expect(s).not.toHaveProperty('hold');
    expect(s).not.toHaveProperty('lateEscalation');
    expect(s).not.toHaveProperty('historyLimit');
  });
});

describe('holds, a lapsed window and the Ombudsman, to the letter', () => {
  it('records every step, writes every letter and keeps every clock', () => {
    const s = stage1Case();
    act(s, 'hold', { reason: 'safeguarding', note: 'police' }, '2027-01-06T10:00:00Z');
    act(s, 'release-hold', {}, '2027-01-13T10:00:00Z');
    act(s, 'hold', { reason: 'court-proceedings', heads: ['1', '2'] }, '2027-01-14T10:00:00Z');
    act(s, 'release-hold', { heads: ['2'] }, '2027-01-15T10:00:00Z');
    expect(s.heldHeads).toEqual(['1']);
    act(s, 'record-findings', { stage: 'stage1', findings: { heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service' }] } }, '2027-01-18T10:00:00Z');
    act(s, 'respond', {}, '2027-01-19T10:00:00Z');
    // Responded Tue 19 Jan: the window is 20 WD → 20-22 (3), 25-29 (8), Feb 1-5 (13), 8-12 (18), 15 16 → Tue 16 Feb.
    expect(tick(s, '2027-02-16T23:59:59.999Z')).toBe(false);
    notifyClosedNotPursued(s);
    expect(s.outbox).toHaveLength(3);
    expect(tick(s, '2027-02-17T00:00:00Z')).toBe(true);
    notifyClosedNotPursued(s);
    act(s, 'refer-to-ombudsman', { ombudsmanReference: '26 001 234' }, '2027-03-01T10:00:00Z');
    act(
      s,
      'record-ombudsman-decision',
      { decision: 'upheld', complianceDate: '2027-07-15', remedies: [{ type: 'apology' }, { type: 'financial-redress', amountPence: 25000 }] },
      '2027-06-01T10:00:00Z',
    );
    act(s, 'record-ombudsman-compliance', { at: '2027-07-01T10:00:00Z' }, '2027-07-02T10:00:00Z');

    expect(events(s)).toEqual([
      ['received', '2027-01-04T10:00:00.000Z'],
      ['triaged', '2027-01-04T11:00:00.000Z', { decision: 'stage1' }],
      ['held', '2027-01-06T10:00:00.000Z', 'police', { reason: 'safeguarding' }],
      ['hold-released', '2027-01-13T10:00:00.000Z', { reason: 'safeguarding' }],
      ['heads-held', '2027-01-14T10:00:00.000Z', { reason: 'court-proceedings', heads: '1,2' }],
      ['heads-released', '2027-01-15T10:00:00.000Z', { heads: '2' }],
      ['findings-recorded', '2027-01-18T10:00:00.000Z', { stage: 'stage1', heads: 1 }],
      ['responded', '2027-01-19T10:00:00.000Z'],
      ['window-lapsed', '2027-02-17T00:00:00.000Z', { window: 'stage1.escalate', closedOn: '2027-02-16' }],
      ['referred-to-ombudsman', '2027-03-01T10:00:00.000Z'],
      ['ombudsman-decision', '2027-06-01T10:00:00.000Z', { decision: 'upheld', remedies: 'apology,financial-redress' }],
      ['ombudsman-remedies-complied', '2027-07-01T10:00:00.000Z'],
    ]);
    expect(s.events.at(-1)!.recordedAt).toBe('2027-07-02T10:00:00.000Z');
    expect(s.events.find((e) => e.action === 'window-lapsed')!.actor).toBe('system');
    expect(letters(s)).toEqual([
      [1, 'letter', 'case-on-hold', { reason: 'safeguarding' }],
      [2, 'letter', 'case-resumed', {}],
      // The findings recorded before the response are in its letter (Luton 14.7).
      [3, 'letter', 'stage1-response', { escalateBy: '2027-02-16', findings: true, heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service', reasons: null }], remedies: [], actions: [] }],
      [4, 'letter', 'closed-not-pursued', { stage: 'stage1', ombudsman: OMBUDSMAN }],
      // Head 1 is still held when the case closes: deferred, not dropped (regulation 8).
      [5, 'letter', 'part-deferred', { heads: '1', reason: 'court-proceedings', since: '2027-01-14' }],
    ]);
    // Held Wed 6 Jan: the acknowledgement (Thu 7 Jan) had 1 WD left, the response (Mon 18 Jan) 8; released Wed 13 Jan:
    // acknowledgement → Thu 14 Jan; response → 14 15 18 19 20 21 22 25 → Mon 25 Jan.
    expect(s.deadlines.map((d) => [d.key, d.kind, d.state, d.due, d.metAt ?? null])).toEqual([
      ['stage1.acknowledge', 'duty', 'missed', '2027-01-14', null],
      ['stage1.respond', 'duty', 'met', '2027-01-25', '2027-01-19T10:00:00.000Z'],
      ['stage1.escalate', 'window', 'missed', '2027-02-16', null],
      ['ombudsman.compliance', 'duty', 'met', '2027-07-15', '2027-07-01T10:00:00.000Z'],
    ]);
    expect(s).toMatchObject({
      stage: 'closed',
      status: 'closed',
      heldHeads: ['1'],
      partialHolds: [
        { head: '1', reason: 'court-proceedings', since: '2027-01-14T10:00:00.000Z' },
        { head: '2', reason: 'court-proceedings', since: '2027-01-14T10:00:00.000Z', releasedAt: '2027-01-15T10:00:00.000Z' },
      ],
      outcome: { kind: 'not-pursued', stage: 'stage1' },
      closedAt: '2027-02-17T00:00:00.000Z',
      steps: { hold: '2027-01-06T10:00:00.000Z', responded: '2027-01-19T10:00:00.000Z', referred: '2027-03-01T10:00:00.000Z' },
      ombudsman: {
        referredAt: '2027-03-01T10:00:00.000Z',
        reference: '26 001 234',
        decision: 'upheld',
        decidedAt: '2027-06-01T10:00:00.000Z',
        complianceDate: '2027-07-15',
      },
      findings: [{ stage: 'stage1', recordedAt: '2027-01-18T10:00:00.000Z' }],
    });
    // Closed Wed 17 Feb 2027 (London), kept 366 days: 17 Feb 2028 is 365 days on → Fri 18 Feb 2028.
    expect(new Date(retainUntil(s)!).toISOString()).toBe('2028-02-18T00:00:00.000Z');
  });
});

describe('receipt and triage', () => {
  it('starts from the instant received, whatever its offset, and keeps a test history limit', () => {
    const state = newCase('2027-01-04T11:00:00+01:00', { historyLimit: 50 });
    expect(state).toMatchObject({
      reference: 'CSC-MUTANTS',
      receivedAt: '2027-01-04T10:00:00.000Z',
      receivedOn: '2027-01-04',
      historyLimit: 50,
      steps: { received: '2027-01-04T10:00:00.000Z' },
      heldHeads: [],
      findings: [],
      outbox: [],
      noticeSeq: 0,
    });
    expect(state.events).toEqual([{ action: 'received', actor: 'officer-1', at: '2027-01-04T10:00:00.000Z', recordedAt: '2027-01-04T10:00:00.000Z' }]);
    expect(state.deadlines).toMatchObject([
      { key: 'stage1.acknowledge', due: '2027-01-07', explanation: 'received Mon 4 Jan 2027; 3 working days → Thu 7 Jan 2027' },
    ]);
    expect(newCase()).not.toHaveProperty('historyLimit');
    // A policy's cut-off: received at 16:00 London on Mon 4 Jan counts from Tue 5 Jan (ack → 6 7 8 → Fri 8 Jan).
    const cutOff = parsePolicy({ ...ENGLAND_STATUTORY_POLICY, id: 'cut-off', receipt: { cutOff: '16:00' } });
    expect(newCase('2027-01-04T16:00:00Z', { policy: cutOff })).toMatchObject({ receivedOn: '2027-01-05', deadlines: [{ due: '2027-01-08' }] });
    expect(newCase('2027-01-04T15:59:00Z', { policy: cutOff }).receivedOn).toBe('2027-01-04');
  });

  it('counts the months of the out-of-time rule across year ends and short months', () => {
    const outOfTime = { decision: 'not-accepted', notAcceptedReason: 'out-of-time', reason: 'late' } as const;
    const months = (n: number) => parsePolicy({ ...ENGLAND_STATUTORY_POLICY, id: `months-${n}`, outOfTimeMonths: n });
    // 14 months before Mon 4 Jan 2027 is 4 Nov 2025.
    const p14 = { policy: months(14) };
    expect(refusal(newCase('2027-01-04T10:00:00Z', p14), 'triage', { ...outOfTime, matterOccurredOn: '2025-11-04' }, '2027-01-04T11:00:00Z')).toContain(
      'within 14 months of receipt on Mon 4 Jan 2027',
    );
    expect(act(newCase('2027-01-04T10:00:00Z', p14), 'triage', { ...outOfTime, matterOccurredOn: '2025-11-03' }, '2027-01-04T11:00:00Z').status).toBe('closed');
    // 24 months before Mon 4 Jan 2027 is 4 Jan 2025 (a whole number of years: month 12 arithmetic).
    const p24 = { policy: months(24) };
    expect(refusal(newCase('2027-01-04T10:00:00Z', p24), 'triage', { ...outOfTime, matterOccurredOn: '2025-01-04' }, '2027-01-04T11:00:00Z')).toContain('not out of time');
    expect(act(newCase('2027-01-04T10:00:00Z', p24), 'triage', { ...outOfTime, matterOccurredOn: '2025-01-03' }, '2027-01-04T11:00:00Z').status).toBe('closed');
    // 18 months before Tue 31 Aug 2027 would be 31 Feb 2026: the last day of February, 28 Feb.
    const p18 = { policy: months(18) };
    expect(refusal(newCase('2027-08-31T10:00:00Z', p18), 'triage', { ...outOfTime, matterOccurredOn: '2026-02-28' }, '2027-08-31T11:00:00Z')).toContain('not out of time');
    expect(act(newCase('2027-08-31T10:00:00Z', p18), 'triage', { ...outOfTime, matterOccurredOn: '2026-02-27' }, '2027-08-31T11:00:00Z').status).toBe('closed');
    // 12 months before Wed 15 Dec 2027 is 15 Dec 2026 (December: month 12, not 0).
    expect(refusal(newCase('2027-12-15T10:00:00Z'), 'triage', { ...outOfTime, matterOccurredOn: '2026-12-15' }, '2027-12-15T11:00:00Z')).toContain('not out of time');
    expect(act(newCase('2027-12-15T10:00:00Z'), 'triage', { ...outOfTime, matterOccurredOn: '2026-12-14' }, '2027-12-15T11:00:00Z').status).toBe('closed');
  });

  it('accepts grounds arising on the day of receipt, and a late matter straight to Stage 2 with a good reason', () => {
    const sameDay = act(newCase(), 'triage', { decision: 'stage1', matterOccurredOn: '2027-01-04' }, '2027-01-04T11:00:00Z');
    expect(sameDay.procedure).toBe('statutory');
    const late = act(newCase(), 'triage', { decision: 'stage2', matterOccurredOn: '2025-12-01', goodReasonForDelay: 'in care' }, '2027-01-04T11:00:00Z');
    expect(events(late).at(-1)).toEqual(['triaged', '2027-01-04T11:00:00.000Z', { decision: 'stage2', acceptedLate: true }]);
    expect(late).toMatchObject({ stage: 'stage2', status: 'in-progress', steps: { triaged: '2027-01-04T11:00:00.000Z', stage2Requested: '2027-01-04T10:00:00.000Z' } });
    // Triage to Stage 1 under the statutory policy: no clarification clock.
    expect(Object.keys(pending(stage1Case()))).toEqual(['stage1.acknowledge', 'stage1.respond']);
  });

  it('routes out in writing with the reasons given', () => {
    const corp = act(newCase(), 'triage', { decision: 'corporate', reason: 'about a school', note: 'n' }, '2027-01-04T11:00:00Z');
    expect(events(corp).at(-1)).toEqual(['triaged', '2027-01-04T11:00:00.000Z', 'n', { decision: 'corporate' }]);
    expect(letters(corp)).toEqual([[1, 'letter', 'routed-to-corporate-procedure', { reasons: 'about a school' }]]);
    expect(corp).toMatchObject({ procedure: 'corporate', steps: { triaged: '2027-01-04T11:00:00.000Z' } });
    const rep = act(newCase(), 'triage', { decision: 'representation', reason: 'a suggestion' }, '2027-01-04T11:00:00Z');
    expect(letters(rep)).toEqual([[1, 'letter', 'representation-recorded', { reasons: 'a suggestion' }]]);
    expect(rep).toMatchObject({ procedure: 'representation', stage: 'closed', closedAt: '2027-01-04T11:00:00.000Z', steps: { triaged: '2027-01-04T11:00:00.000Z' } });
    expect(events(rep).at(-1)).toEqual(['triaged', '2027-01-04T11:00:00.000Z', { decision: 'representation' }]);
    const refused = act(newCase(), 'triage', { decision: 'not-accepted', notAcceptedReason: 'criminal', reason: 'police' }, '2027-01-04T11:00:00Z');
    expect(events(refused).at(-1)).toEqual(['triaged', '2027-01-04T11:00:00.000Z', { decision: 'not-accepted', notAcceptedReason: 'criminal' }]);
    expect(letters(refused)).toEqual([[1, 'letter', 'not-accepted', { reason: 'criminal', reasons: 'police', ombudsman: OMBUDSMAN }]]);
    expect(refused.steps.triaged).toBe('2027-01-04T11:00:00.000Z');
    expect(refusal(refused, 'withdraw', {}, '2027-01-05T10:00:00Z')).toBe('the case is closed (not-accepted)');
  });
});

describe('step times', () => {
  it('takes now when no time is given, and accepts a step dated exactly now', () => {
    const state = act(newCase(), 'triage', { decision: 'stage1', at: '2027-01-04T11:00:00Z' }, '2027-01-04T11:00:00Z');
    expect(state.steps.triaged).toBe('2027-01-04T11:00:00.000Z');
    act(state, 'acknowledge', {}, '2027-01-05T09:30:00Z');
    expect(deadline(state, 'stage1.acknowledge')!.metAt).toBe('2027-01-05T09:30:00.000Z');
  });

  it('names the step a step may not precede', () => {
    const before = (state: ComplaintState, name: CommandName, input: object, at: string, now: string) =>
      refusal(state, name, { ...input, at } as never, now);
    // The Stage 2 request: Stage 2 entered by a request on Wed 20 Jan.
    const s2 = act(act(stage1Case(), 'respond', {}, '2027-01-12T10:00:00Z'), 'escalate', {}, '2027-01-20T10:00:00Z');
    expect(before(s2, 'acknowledge', {}, '2027-01-20T09:00:00Z', '2027-01-21T10:00:00Z')).toBe(
      '"at" (2027-01-20T09:00:00Z) is before the Stage 2 request (2027-01-20T10:00:00.000Z)',
    );
    expect(before(s2, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-20T09:00:00Z', '2027-01-21T10:00:00Z')).toContain(
      'is before the Stage 2 request',
    );
    expect(before(s2, 'suspend-for-resolution', {}, '2027-01-20T09:00:00Z', '2027-01-21T10:00:00Z')).toContain('is before the Stage 2 request');
    // The statement of complaint: reports and adjudication follow it when there is one.
    const agreed = stage2Case();
    expect(before(agreed, 'submit-reports', { reports: ['investigating-officer'] }, '2027-01-06T09:00:00Z', '2027-01-07T10:00:00Z')).toBe(
      '"at" (2027-01-06T09:00:00Z) is before the agreement of the statement of complaint (2027-01-06T10:00:00.000Z)',
    );
    act(agreed, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-01-07T10:00:00Z');
    expect(before(agreed, 'adjudicate', {}, '2027-01-06T09:00:00Z', '2027-01-07T10:00:00Z')).toContain('is before the agreement of the statement of complaint');
    // Without a statement, they follow the appointment.
    const appointed = act(act(newCase(), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z'), 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    expect(before(appointed, 'submit-reports', { reports: ['investigating-officer'] }, '2027-01-05T09:00:00Z', '2027-01-07T10:00:00Z')).toContain(
      'is before the appointment of the investigators',
    );
    expect(before(appointed, 'agree-statement', {}, '2027-01-05T09:00:00Z', '2027-01-07T10:00:00Z')).toContain('is before the appointment of the investigators');
    act(appointed, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-01-07T10:00:00Z');
    expect(before(appointed, 'adjudicate', {}, '2027-01-05T09:00:00Z', '2027-01-07T10:00:00Z')).toContain('is before the appointment of the investigators');
    // The Stage 3 request, the scheduling of the panel, the panel and its report.
    const s3 = stage3Case();
    expect(before(s3, 'acknowledge', {}, '2027-03-08T09:00:00Z', '2027-03-09T10:00:00Z')).toBe(
      '"at" (2027-03-08T09:00:00Z) is before the Stage 3 request (2027-03-08T10:00:00.000Z)',
    );
    expect(before(s3, 'schedule-panel', { panelDate: '2027-04-15' }, '2027-03-08T09:00:00Z', '2027-03-09T10:00:00Z')).toContain('is before the Stage 3 request');
    act(s3, 'schedule-panel', { panelDate: '2027-04-15' }, '2027-03-10T10:00:00Z');
    for (const [name, input] of [
      ['notify-panel', {}],
      ['send-papers', {}],
      ['adjourn-panel', { panelDate: '2027-04-16', reason: 'x' }],
    ] as const) {
      expect(before(s3, name, input, '2027-03-10T09:00:00Z', '2027-03-11T10:00:00Z')).toBe(
        '"at" (2027-03-10T09:00:00Z) is before the scheduling of the panel (2027-03-10T10:00:00.000Z)',
      );
    }
    act(s3, 'record-panel', {}, '2027-04-15T10:00:00Z');
    expect(before(s3, 'panel-report', {}, '2027-04-15T09:00:00Z', '2027-04-16T10:00:00Z')).toBe(
      '"at" (2027-04-15T09:00:00Z) is before the panel (2027-04-15T10:00:00.000Z)',
    );
    act(s3, 'panel-report', {}, '2027-04-16T10:00:00Z');
    expect(before(s3, 'final-response', {}, '2027-04-16T09:00:00Z', '2027-04-19T10:00:00Z')).toBe(
      '"at" (2027-04-16T09:00:00Z) is before the panel\'s report (2027-04-16T10:00:00.000Z)',
    );
    // The hold, and the referral to the Ombudsman.
    const held = act(stage1Case(), 'hold', { reason: 'safeguarding' }, '2027-01-06T10:00:00Z');
    expect(before(held, 'release-hold', {}, '2027-01-06T09:00:00Z', '2027-01-07T10:00:00Z')).toBe(
      '"at" (2027-01-06T09:00:00Z) is before the hold (2027-01-06T10:00:00.000Z)',
    );
    const referred = act(act(stage1Case(), 'withdraw', {}, '2027-01-05T10:00:00Z'), 'refer-to-ombudsman', {}, '2027-02-01T10:00:00Z');
    expect(before(referred, 'record-ombudsman-decision', { decision: 'no-fault' }, '2027-02-01T09:00:00Z', '2027-02-02T10:00:00Z')).toBe(
      '"at" (2027-02-01T09:00:00Z) is before the referral to the Ombudsman (2027-02-01T10:00:00.000Z)',
    );
    act(referred, 'record-ombudsman-decision', { decision: 'upheld', complianceDate: '2027-03-01' }, '2027-02-02T10:00:00Z');
    expect(before(referred, 'record-ombudsman-compliance', {}, '2027-02-01T09:00:00Z', '2027-02-03T10:00:00Z')).toContain('is before the referral to the Ombudsman');
  });
});

describe('refusals by state', () => {
  it('names the stage a command needs and the outcome of a closed case', () => {
    expect(refusal(stage1Case(), 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z')).toBe(
      'the case is at stage1, not stage2',
    );
    expect(refusal(stage2Case(), 'respond', {}, '2027-01-07T10:00:00Z')).toBe('the case is at stage2, not stage1');
    expect(refusal(stage2Case(), 'schedule-panel', { panelDate: '2027-02-15' }, '2027-01-07T10:00:00Z')).toBe('the case is at stage2, not stage3');
    expect(refusal(stage3Case(), 'resume', {}, '2027-03-09T10:00:00Z')).toBe('the case is at stage3, not stage2');
    const completed = stage3Case();
    act(completed, 'schedule-panel', { panelDate: '2027-04-15' }, '2027-03-10T10:00:00Z');
    act(completed, 'record-panel', {}, '2027-04-15T10:00:00Z');
    act(completed, 'panel-report', {}, '2027-04-16T10:00:00Z');
    act(completed, 'final-response', {}, '2027-04-19T10:00:00Z');
    for (const [name, input] of [
      ['acknowledge', {}],
      ['withdraw', {}],
      ['hold', { reason: 'safeguarding' }],
      ['release-hold', { heads: ['1'] }],
      ['extend', { deadline: 'stage3.finalResponse', workingDays: 1, reason: 'x' }],
      ['close', { outcome: 'resolved' }],
      ['final-response', {}],
      ['clarify', {}],
      ['escalate', {}],
    ] as const) {
      expect(refusal(completed, name, input as never, '2027-04-20T10:00:00Z')).toBe('the case is closed (completed)');
    }
    // A resolved case keeps its window until the complainant withdraws: then it is closed to a request too.
    const resolved = act(act(stage1Case(), 'respond', {}, '2027-01-06T10:00:00Z'), 'close', { outcome: 'resolved' }, '2027-01-07T10:00:00Z');
    act(resolved, 'withdraw', {}, '2027-01-08T09:00:00Z');
    expect(refusal(resolved, 'escalate', {}, '2027-01-08T10:00:00Z')).toBe('the case is closed (resolved at stage1)');
    expect(refusal(resolved, 'withdraw', {}, '2027-01-08T10:00:00Z')).toBe('the case is closed (resolved at stage1)');
  });

  it('refuses every Stage 1, 2 and 3 step while the case is on hold', () => {
    const onHold = (state: ComplaintState, at: string) => `the case is on hold (court-proceedings) since ${new Date(Date.parse(at)).toISOString()}: release the hold first`;
    const s1 = act(stage1Case(LUTON), 'hold', { reason: 'court-proceedings' }, '2027-01-05T10:00:00Z');
    expect(refusal(s1, 'clarify', {}, '2027-01-06T10:00:00Z')).toBe(onHold(s1, '2027-01-05T10:00:00Z'));
    const s2 = act(newCase('2027-01-04T10:00:00Z', { policy: LUTON }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(s2, 'hold', { reason: 'court-proceedings' }, '2027-01-05T10:00:00Z');
    for (const [name, input] of [
      ['appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }],
      ['contact', {}],
      ['agree-statement', {}],
      ['suspend-for-resolution', {}],
      ['submit-reports', { reports: ['investigating-officer'] }],
      ['adjudicate', {}],
    ] as const) {
      expect(refusal(s2, name, input as never, '2027-01-06T10:00:00Z')).toBe(onHold(s2, '2027-01-05T10:00:00Z'));
    }
    const s3 = stage3Case();
    act(s3, 'schedule-panel', { panelDate: '2027-04-15' }, '2027-03-10T10:00:00Z');
    act(s3, 'hold', { reason: 'court-proceedings' }, '2027-03-11T10:00:00Z');
    for (const [name, input] of [
      ['schedule-panel', { panelDate: '2027-04-16' }],
      ['notify-panel', {}],
      ['send-papers', {}],
      ['adjourn-panel', { panelDate: '2027-04-16', reason: 'x' }],
      ['record-panel', {}],
      ['panel-report', {}],
      ['final-response', {}],
    ] as const) {
      expect(refusal(s3, name, input as never, '2027-03-12T10:00:00Z')).toBe(onHold(s3, '2027-03-11T10:00:00Z'));
    }
    // A late request awaiting a decision cannot be refused while the case is on hold.
    const late = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    tick(late, '2027-02-04T00:00:00Z');
    act(late, 'escalate', {}, '2027-02-08T10:00:00Z');
    act(late, 'hold', { reason: 'court-proceedings' }, '2027-02-08T11:00:00Z');
    expect(refusal(late, 'refuse-escalation', { reasons: 'no' }, '2027-02-09T10:00:00Z')).toBe(onHold(late, '2027-02-08T11:00:00Z'));
  });
});
