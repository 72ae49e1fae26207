import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listingScope, type Principal } from '../../domain/access';
import { snapshotFromState } from '../../domain/complaint/snapshot';
import type { ComplaintState } from '../../domain/complaint/state';
import type { Role } from '../../domain/roles';
import type { Db } from '../../records/db';
import { RecordsInputError } from '../../records/errors';
import { Records } from '../../records/repository';
import { StaffQueues } from '../../records/staff-queues';
import { act, stage1Case, stage2Case, stage3Case } from '../helpers/procedure';
import { BACKENDS, newCase, openTestDb, stopTestServer } from './fixtures';

afterAll(stopTestServer);

/**
 * The staff's working queues (records/staff-queues.ts) over cases run by the
 * procedure's own rules (the plans the workflow runs, domain/complaint/
 * transitions) and filed by the records sync as the workflow files them
 * (snapshotFromState, syncCase): late requests to decide, extensions awaiting
 * the complainant, panels to schedule and actions past their date, each only
 * for those who reach the case.
 */

const CIC = 'Children in Care';
const FOSTERING = 'Fostering';

/** Stage 1 answered Mon 11 Jan 2027: the window to ask for Stage 2 closes at the end of Mon 8 Feb. */
function answered(team: string): ComplaintState {
  const state = stage1Case();
  state.team = team;
  return act(state, 'respond', {}, '2027-01-11T10:00:00Z');
}

const CASES: Record<string, () => ComplaintState> = {
  // Late requests: Wed 10 Feb (decide by Mon 15 Feb) and Tue 9 Feb (decide by Fri 12 Feb), each 3 working days on.
  'CSC-2027-LATE01': () => act(answered(CIC), 'escalate', {}, '2027-02-10T10:00:00Z'),
  'CSC-2027-LATE02': () => act(answered(FOSTERING), 'escalate', {}, '2027-02-09T10:00:00Z'),
  // Decided: accepted by a manager, so no longer waiting.
  'CSC-2027-LATE03': () => {
    const state = act(answered(CIC), 'escalate', {}, '2027-02-10T10:00:00Z');
    return act(state, 'escalate', { lateAcceptedReason: 'The complainant was in hospital' }, '2027-02-11T10:00:00Z');
  },
  // Stage 2 response due Wed 10 Feb 2027; 10 more working days asked for Mon 18 Jan: Wed 24 Feb if agreed.
  'CSC-2027-EXT001': () => act(stage2Case({ team: CIC }), 'request-extension', { workingDays: 10, reason: 'Two more people to interview' }, '2027-01-18T10:00:00Z'),
  'CSC-2027-EXT002': () => {
    const state = act(stage2Case({ team: CIC }), 'request-extension', { workingDays: 10, reason: 'Two more people to interview' }, '2027-01-18T10:00:00Z');
    return act(state, 'answer-extension', { agree: false }, '2027-01-20T10:00:00Z');
  },
  // Stage 3 requested Mon 8 Mar 2027: the panel must meet by Wed 21 Apr (30 working days, Good Friday and Easter Monday skipped).
  'CSC-2027-PANEL1': () => {
    const state = stage3Case();
    state.team = CIC;
    return state;
  },
  // Put on hold Mon 15 Mar (court proceedings): the panel clock waits with its working days left.
  'CSC-2027-PANEL3': () => {
    const state = stage3Case();
    state.team = FOSTERING;
    return act(state, 'hold', { reason: 'court-proceedings' }, '2027-03-15T10:00:00Z');
  },
  'CSC-2027-PANEL2': () => {
    const state = stage3Case();
    state.team = CIC;
    return act(state, 'schedule-panel', { panelDate: '2027-04-14' }, '2027-03-15T10:00:00Z');
  },
  // Findings of Mon 11 Jan 2027 with a recommendation due 5 working days on: Mon 18 Jan.
  'CSC-2027-ACT001': () => {
    const state = stage1Case();
    state.team = FOSTERING;
    return act(
      state,
      'respond',
      { findings: { heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service' }], recommendations: [{ id: 'R1', owner: 'olu.owner', dueInWorkingDays: 5 }] } },
      '2027-01-11T10:00:00Z',
    );
  },
};

const person = (roles: Role[], subject: string, teams: string[] = []): Principal => ({ subject, roles, teams });
const MANAGER = listingScope(person(['complaints-manager'], 'mo.manager'));
const CIC_OFFICER = listingScope(person(['complaints-officer'], 'cic.officer', [CIC]));
const IO = listingScope(person(['investigating-officer'], 'io-7'));
const OWNER = listingScope(person(['service-manager'], 'olu.owner', ['Somewhere else']));

describe.each(BACKENDS)('working queues (%s)', (backend) => {
  let db: Db;
  let queues: StaffQueues;

  beforeAll(async () => {
    db = await openTestDb(backend);
    const records = new Records(db);
    for (const [reference, build] of Object.entries(CASES)) {
      const state = build();
      state.reference = reference;
      await records.createCase(newCase(reference, { receivedAt: state.receivedAt, team: state.team ?? CIC }));
      await records.syncCase(snapshotFromState(state));
    }
    queues = new StaffQueues(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('late requests to decide: soonest decision first, with the window that closed and the date to decide by; a decided one gone', async () => {
    expect(await queues.lateEscalations(MANAGER)).toEqual({
      items: [
        { reference: 'CSC-2027-LATE02', team: FOSTERING, to: 'stage2', requestedAt: '2027-02-09T10:00:00.000Z', windowClosedOn: '2027-02-08', decideBy: '2027-02-12', onHold: false },
        { reference: 'CSC-2027-LATE01', team: CIC, to: 'stage2', requestedAt: '2027-02-10T10:00:00.000Z', windowClosedOn: '2027-02-08', decideBy: '2027-02-15', onHold: false },
      ],
      nextCursor: null,
    });
    // The officer reaches their team's cases only; the Investigating Officer none of these.
    expect((await queues.lateEscalations(CIC_OFFICER)).items.map((i) => i.reference)).toEqual(['CSC-2027-LATE01']);
    expect((await queues.lateEscalations(IO)).items).toEqual([]);
  });

  it('pages by the date and reference, the cursor carrying on where the page ended', async () => {
    const first = await queues.lateEscalations(MANAGER, { limit: 1 });
    expect(first).toEqual({ items: [expect.objectContaining({ reference: 'CSC-2027-LATE02' })], nextCursor: '2027-02-12_CSC-2027-LATE02' });
    const second = await queues.lateEscalations(MANAGER, { limit: 1, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ reference: 'CSC-2027-LATE01' })], nextCursor: null });
    await expect(queues.lateEscalations(MANAGER, { cursor: '2027-02-30_CSC-2027-LATE02' })).rejects.toBeInstanceOf(RecordsInputError);
    await expect(queues.panelsToSchedule(MANAGER, { cursor: 'nonsense' })).rejects.toBeInstanceOf(RecordsInputError);
    await expect(queues.extensionsAwaitingAgreement(MANAGER, { limit: 0 })).rejects.toBeInstanceOf(RecordsInputError);
    await expect(queues.extensionsAwaitingAgreement(MANAGER, { limit: 201 })).rejects.toBeInstanceOf(RecordsInputError);
  });

  it('extensions awaiting the complainant: the response date as it stands and as it would be; an answered one gone', async () => {
    expect(await queues.extensionsAwaitingAgreement(MANAGER)).toEqual({
      items: [{ reference: 'CSC-2027-EXT001', team: CIC, requestedAt: '2027-01-18T10:00:00.000Z', workingDays: 10, proposedDue: '2027-02-24', due: '2027-02-10', onHold: false }],
      nextCursor: null,
    });
    // The Investigating Officer appointed to it reaches it by their part.
    expect((await queues.extensionsAwaitingAgreement(IO)).items.map((i) => i.reference)).toEqual(['CSC-2027-EXT001']);
    expect((await queues.extensionsAwaitingAgreement(listingScope(person(['complaints-officer'], 'x', [FOSTERING])))).items).toEqual([]);
  });

  it('panels to schedule: the date the panel must meet by (30 working days), one on hold with its clock paused; a scheduled one gone', async () => {
    expect(await queues.panelsToSchedule(MANAGER)).toEqual({
      items: [
        { reference: 'CSC-2027-PANEL1', team: CIC, requestedAt: '2027-03-08T10:00:00.000Z', panelBy: '2027-04-21', state: 'pending', onHold: false },
        { reference: 'CSC-2027-PANEL3', team: FOSTERING, requestedAt: '2027-03-08T10:00:00.000Z', panelBy: '2027-04-21', state: 'paused', onHold: true },
      ],
      nextCursor: null,
    });
    // Same date: by reference, the cursor keeping the order.
    const first = await queues.panelsToSchedule(MANAGER, { limit: 1 });
    expect(first.nextCursor).toBe('2027-04-21_CSC-2027-PANEL1');
    expect((await queues.panelsToSchedule(MANAGER, { cursor: first.nextCursor! })).items.map((i) => i.reference)).toEqual(['CSC-2027-PANEL3']);
    expect((await queues.panelsToSchedule(CIC_OFFICER)).items.map((i) => i.reference)).toEqual(['CSC-2027-PANEL1']);
  });

  it('actions past their date: open after the end of the due date in London; the owner reaches their own', async () => {
    expect(await queues.actionsPastDate(MANAGER, { today: '2027-01-18' })).toEqual({ items: [], nextCursor: null });
    const page = await queues.actionsPastDate(MANAGER, { today: '2027-01-19' });
    expect(page.items.map((a) => [a.reference, a.recommendationId, a.owner, a.due, a.overdue])).toEqual([['CSC-2027-ACT001', 'R1', 'olu.owner', '2027-01-18', true]]);
    expect((await queues.actionsPastDate(OWNER, { today: '2027-01-19' })).items.map((a) => a.id)).toEqual(['CSC-2027-ACT001-stage1-R1']);
    expect((await queues.actionsPastDate(CIC_OFFICER, { today: '2027-01-19' })).items).toEqual([]);
  });
});
