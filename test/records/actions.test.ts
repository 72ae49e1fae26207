import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRecords, type ActionSnapshot } from '../../records/actions';
import type { Db } from '../../records/db';
import { RecordsInputError } from '../../records/errors';
import { Records } from '../../records/repository';
import { BACKENDS, EVERY_CASE, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(stopTestServer);

function actionSnapshot(reference: string, overrides: Partial<ActionSnapshot> = {}): ActionSnapshot {
  return {
    actionId: `${reference}-stage2-R1`,
    workflowId: `action-${reference}-stage2-R1`,
    reference,
    source: 'stage2',
    recommendationId: 'R1',
    owner: 'hos-1',
    due: '2027-03-30',
    explanation: 'Stage 2 adjudication recorded Fri 19 Mar 2027; 5 working days → Tue 30 Mar 2027',
    status: 'open',
    completedAt: null,
    completedBy: null,
    evidenceNoteId: null,
    escalations: [],
    events: [{ seq: 1, action: 'started', actor: 'adjudicator-1', at: '2027-03-19T14:00:00.000Z', recordedAt: '2027-03-19T14:00:00.000Z', detail: { owner: 'hos-1' } }],
    ...overrides,
  };
}

describe.each(BACKENDS)('action records on %s', (backend) => {
  let db: Db;
  let records: Records;
  let actions: ActionRecords;

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db);
    actions = new ActionRecords(db);
  });
  afterAll(() => db?.close());

  it('takes over the row the case sync made, writes each event once, and the case sync no longer moves it', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    const findings = [{ stage: 'stage2' as const, recordedAt: '2027-03-19T14:00:00.000Z', heads: [], actions: [{ id: 'R1', owner: 'hos-1', due: '2027-03-30' }] }];
    await records.syncCase(snapshot(ref, { findings }));
    expect((await actions.get(`${ref}-stage2-R1`, '2027-03-20'))).toMatchObject({ owner: 'hos-1', tracked: false, explanation: null });

    const extended = actionSnapshot(ref, {
      owner: 'hos-3',
      due: '2027-04-01',
      events: [
        { seq: 1, action: 'started', actor: 'adjudicator-1', at: '2027-03-19T14:00:00.000Z', recordedAt: '2027-03-19T14:00:00.000Z' },
        { seq: 2, action: 'extended', actor: 'manager-1', at: '2027-03-22T09:00:00.000Z', recordedAt: '2027-03-22T09:00:00.000Z', detail: { workingDays: 2, noteId: 'n1' } },
      ],
    });
    expect(await actions.record(extended)).toEqual({ eventsInserted: 2 });
    expect(await actions.record(extended)).toEqual({ eventsInserted: 0 });
    // A later case sync (say, the case closing) carries the recommendation's first owner and date: the action keeps its own.
    await records.syncCase(snapshot(ref, { findings, status: 'closed', stage: 'closed' }));
    const stored = (await actions.get(`${ref}-stage2-R1`, '2027-03-31'))!;
    expect(stored).toMatchObject({ owner: 'hos-3', due: '2027-04-01', tracked: true, overdue: false });
    expect((await actions.get(`${ref}-stage2-R1`, '2027-04-02'))!.overdue).toBe(true);

    await actions.addNote({ actionId: `${ref}-stage2-R1`, noteId: 'n1', kind: 'extend', actor: 'manager-1', text: 'panel date moved' });
    await actions.addNote({ actionId: `${ref}-stage2-R1`, noteId: 'n1', kind: 'extend', actor: 'manager-1', text: 'a retry' });
    await actions.addNote({ actionId: `${ref}-stage2-R1`, noteId: 'n2', kind: 'reassign', actor: 'manager-1', text: 'refused step' });
    // A note an event refers to stays; one no event refers to (a refused step) goes.
    await actions.removeNote(`${ref}-stage2-R1`, 'n1');
    await actions.removeNote(`${ref}-stage2-R1`, 'n2');
    const detail = (await actions.detail(`${ref}-stage2-R1`, '2027-03-31', { withText: true }))!;
    expect(detail.events.map((e) => [e.action, e.note])).toEqual([
      ['started', null],
      ['extended', 'panel date moved'],
    ]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM action_notes WHERE action_id = $1', [`${ref}-stage2-R1`]);
    expect(rows[0]!.n).toBe(1);
  });

  it("blanks the evidence and reasons when the case's personal data is disposed of", async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    await records.syncCase(snapshot(ref, { status: 'closed', stage: 'closed', outcome: { kind: 'resolved', stage: 'stage1' }, closedAt: '2020-01-10T10:00:00Z' }));
    await actions.record(actionSnapshot(ref, { status: 'done', completedAt: '2020-02-01T10:00:00.000Z', completedBy: 'hos-1', evidenceNoteId: 'e1' }));
    await actions.addNote({ actionId: `${ref}-stage2-R1`, noteId: 'e1', kind: 'complete', actor: 'hos-1', text: 'met the family at home', evidenceReference: 'DOC-9' });
    expect(await records.disposeClosedBefore('2021-01-01T00:00:00Z', 'retention')).toContain(ref);
    const detail = (await actions.detail(`${ref}-stage2-R1`, '2021-01-01', { withText: true }))!;
    expect(detail).toMatchObject({ status: 'done', evidence: { reference: null, summary: null, recordedBy: 'hos-1' } });
  });

  it('lists by owner and overdue in due order, with a cursor', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    for (const [id, due, status] of [
      ['A', '2027-03-01', 'open'],
      ['B', '2027-03-05', 'open'],
      ['C', '2027-02-01', 'done'],
      ['D', '2027-06-01', 'open'],
    ] as const) {
      await actions.record(actionSnapshot(ref, { actionId: `${ref}-ombudsman-${id}`, source: 'ombudsman', recommendationId: id, owner: `owner-${ref}`, due, status, events: [] }));
    }
    const all = await actions.list({ owner: `owner-${ref}`, today: '2027-03-10' }, EVERY_CASE);
    expect(all.actions.map((a) => [a.recommendationId, a.overdue])).toEqual([
      ['C', false],
      ['A', true],
      ['B', true],
      ['D', false],
    ]);
    expect((await actions.list({ owner: `owner-${ref}`, overdue: true, today: '2027-03-10' }, EVERY_CASE)).actions.map((a) => a.recommendationId)).toEqual(['A', 'B']);
    expect((await actions.list({ owner: `owner-${ref}`, overdue: false, today: '2027-03-10' }, EVERY_CASE)).actions.map((a) => a.recommendationId)).toEqual(['C', 'D']);
    const first = await actions.list({ owner: `owner-${ref}`, limit: 3, today: '2027-03-10' }, EVERY_CASE);
    expect(first.nextCursor).not.toBeNull();
    const rest = await actions.list({ owner: `owner-${ref}`, limit: 3, cursor: first.nextCursor!, today: '2027-03-10' }, EVERY_CASE);
    expect(rest).toEqual({ actions: [expect.objectContaining({ recommendationId: 'D' })], nextCursor: null });
    await expect(actions.list({ cursor: Buffer.from(JSON.stringify(['2027-02-30', 'x'])).toString('base64url'), today: '2027-03-10' }, EVERY_CASE)).rejects.toThrow(RecordsInputError);
  });
});
