import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { parseBankHolidayFile } from '../../domain/bank-holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { builtInCalendarVersion, CalendarStore, calendarDataFor } from '../../records/calendar';
import type { Db } from '../../records/db';
import { RecordsInputError } from '../../records/errors';
import { FeedbackKeyReused, FeedbackStore } from '../../records/feedback';
import { Records } from '../../records/repository';
import { BACKENDS, newCase, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(stopTestServer);

const DC = 'Disabled Children';
const FOSTERING = 'Fostering';

describe.each(BACKENDS)('compliments, representations and the calendar in the records store (%s)', (backend) => {
  let db: Db;
  let records: Records;
  let feedback: FeedbackStore;
  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db);
    feedback = new FeedbackStore(db);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A case triaged as a representation (closed at triage), received on `on`. */
  async function triagedRepresentation(reference: string, on: string, team: string): Promise<void> {
    const at = `${on}T09:30:00.000Z`;
    await records.createCase(newCase(reference, { receivedAt: at, team }));
    await records.syncCase(
      snapshot(reference, {
        receivedAt: at,
        receivedOn: on,
        team,
        procedure: 'representation',
        stage: 'closed',
        status: 'closed',
        outcome: { kind: 'representation' },
        closedAt: `${on}T11:00:00.000Z`,
        deadlines: [],
        events: [
          { seq: 1, action: 'received', actor: 'officer-1', at, recordedAt: at },
          { seq: 2, action: 'triaged', actor: 'officer-1', at: `${on}T11:00:00.000Z`, recordedAt: `${on}T11:00:00.000Z`, detail: { decision: 'representation' } },
        ],
      }),
    );
  }

  it('the annual report counts logged compliments, and representations logged and triaged, in the period only', async () => {
    // Period 1 Apr 2026 to 31 Mar 2027, both ends included.
    await triagedRepresentation('CSC-2026-FBR001', '2026-07-06', DC);
    await triagedRepresentation('CSC-2026-FBR002', '2026-03-31', DC); // the day before the period
    const log = (kind: 'compliment' | 'representation', receivedOn: string, team?: string) =>
      feedback.log({ kind, receivedOn, recordedBy: 'officer-1', ...(team ? { team } : {}) });
    await log('compliment', '2026-04-01', DC); // first day
    await log('compliment', '2026-09-15');
    await log('compliment', '2027-03-31', FOSTERING); // last day
    await log('compliment', '2027-04-01', DC); // the day after
    await log('representation', '2026-05-20', DC);
    await log('representation', '2026-11-02', FOSTERING);
    await log('representation', '2026-03-31', FOSTERING); // the day before

    const r = await records.report({ from: '2026-04-01', to: '2027-03-31' });
    // By team, in the period only: the first day's (Disabled Children), the one with no team, the last day's (Fostering).
    expect(r.compliments).toEqual({
      received: 3,
      byTeam: [
        { team: DC, compliments: 1 },
        { team: FOSTERING, compliments: 1 },
        { team: 'not recorded', compliments: 1 },
      ],
    });
    // One triaged (FBR001) and two logged.
    expect(r.representations).toEqual({ received: 3 });
    expect(r.teams.map((t) => [t.team, t.representations])).toEqual([
      [DC, 2],
      [FOSTERING, 1],
    ]);
    expect(r.notes).toContain('Representations are those triaged as such plus those logged without a case; compliments are those logged, by the date received.');

    const q4 = await records.report({ from: '2027-01-01', to: '2027-03-31' });
    expect([q4.compliments.received, q4.representations.received]).toEqual([1, 0]);
  });

  it('a representation logged as not pursued counts so in the flow table; a compliment has no outcome', async () => {
    const period = { from: '2030-04-01', to: '2031-03-31' } as const;
    await feedback.log({ kind: 'representation', receivedOn: '2030-06-03', team: DC, recordedBy: 'officer-1' });
    const dropped = await feedback.log({ kind: 'representation', receivedOn: '2030-07-01', team: DC, outcome: 'not-pursued', recordedBy: 'officer-1' });
    await feedback.log({ kind: 'representation', receivedOn: '2030-08-01', team: DC, outcome: 'answered', recordedBy: 'officer-1' });
    expect(dropped.feedback.outcome).toBe('not-pursued');
    const r = await records.report(period);
    // Three received: two resolved (one with no outcome given, one answered), one not pursued; the row balances.
    expect(r.published.flow.find((f) => f.row === 'representation')).toMatchObject({ carriedOver: 0, received: 3, resolved: 2, notPursued: 1, withdrawn: 0, carriedForward: 0 });
    expect(r.representations).toEqual({ received: 3 });
    // The store refuses an outcome on a compliment, writing nothing.
    await expect(feedback.log({ kind: 'compliment', receivedOn: '2030-09-01', team: DC, outcome: 'answered', recordedBy: 'officer-1' })).rejects.toThrow();
    expect((await records.report(period)).compliments.received).toBe(0);
  });

  it('a keyed log is written once; the key with another body is refused; pages run newest first', async () => {
    const input = { kind: 'compliment' as const, receivedOn: '2025-02-03', team: 'Leaving Care', fromType: 'care-leaver', note: 'Thanks to the personal adviser', recordedBy: 'officer-2', requestKey: 'k-1', requestHash: 'h-1' };
    const first = await feedback.log(input);
    const again = await feedback.log(input);
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, feedback: first.feedback });
    expect(first.feedback).toMatchObject({ kind: 'compliment', receivedOn: '2025-02-03', team: 'Leaving Care', fromType: 'care-leaver', recordedBy: 'officer-2' });
    await expect(feedback.log({ ...input, requestHash: 'h-2' })).rejects.toBeInstanceOf(FeedbackKeyReused);
    await expect(feedback.log({ ...input, kind: 'representation' })).rejects.toBeInstanceOf(FeedbackKeyReused);

    await feedback.log({ kind: 'compliment', receivedOn: '2025-02-04', team: 'Leaving Care', recordedBy: 'officer-2' });
    await feedback.log({ kind: 'compliment', receivedOn: '2025-02-01', team: 'Leaving Care', recordedBy: 'officer-2' });
    const page1 = await feedback.list({ kind: 'compliment', team: 'Leaving Care', limit: 2 });
    expect(page1.items.map((f) => f.receivedOn)).toEqual(['2025-02-04', '2025-02-03']);
    const page2 = await feedback.list({ kind: 'compliment', team: 'Leaving Care', limit: 2, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({ items: [{ receivedOn: '2025-02-01' }], nextCursor: null });
    expect((await feedback.list({ kind: 'compliment', from: '2025-02-02', to: '2025-02-03' })).items.map((f) => f.receivedOn)).toEqual(['2025-02-03']);
    await expect(feedback.list({ kind: 'compliment', cursor: 'nonsense' })).rejects.toBeInstanceOf(RecordsInputError);
    // Date-shaped but impossible: refused as input, never a database error.
    await expect(feedback.list({ kind: 'compliment', cursor: '2026-02-30_1' })).rejects.toBeInstanceOf(RecordsInputError);
  });

  it('calendar versions: loading the current content changes nothing; going back to an older version is a new change', async () => {
    const store = new CalendarStore(db);
    expect(await store.current()).toEqual({ version: builtInCalendarVersion(), change: null });
    // The built-in file again: already current.
    expect(await store.loadBankHolidays(parseBankHolidayFile(bankHolidaysJson), 'manager-1')).toMatchObject({ created: false, change: null });

    const closed = await store.addClosureDay({ date: '2026-12-29', reason: 'Christmas closure' }, 'manager-1');
    expect(closed).toMatchObject({ created: true, change: { seq: expect.any(Number), kind: 'closure-day', detail: { date: '2026-12-29', reason: 'Christmas closure' }, actor: 'manager-1' } });
    expect(closed.version.closureDays).toEqual([{ date: '2026-12-29', reason: 'Christmas closure' }]);
    // The same date again (any reason): nothing changes.
    expect(await store.addClosureDay({ date: '2026-12-29', reason: 'again' }, 'manager-2')).toMatchObject({ created: false, change: { seq: closed.change!.seq } });

    // The version id is its content's: stored and read back (jsonb reorders keys) it is the same.
    const stored = await store.getVersion(closed.version.id);
    expect(stored!.id).toBe(closed.version.id);
    const data = calendarDataFor(stored!, ENGLAND_STATUTORY_POLICY);
    expect(data.closureDays).toEqual(['2026-12-29']);

    const file = parseBankHolidayFile(bankHolidaysJson);
    const trimmed = { ...file, 'england-and-wales': { ...file['england-and-wales'], events: file['england-and-wales'].events.filter((e) => e.date !== '2026-12-28') } };
    const removed = await store.loadBankHolidays(trimmed, 'manager-1');
    expect(removed).toMatchObject({ created: true, change: { kind: 'bank-holidays', detail: { added: [], removed: [{ date: '2026-12-28' }] } } });
    // Back to the full file with the closure day: that version exists, and becomes current again by a new change.
    const back = await store.loadBankHolidays(file, 'manager-1');
    expect(back.version.id).toBe(closed.version.id);
    expect(back.change!.seq).toBeGreaterThan(removed.change!.seq);
    expect((await store.current()).change!.seq).toBe(back.change!.seq);
  });

  it('open cases page in reference order; cases closed long ago or disposed of are left out', async () => {
    const store = new CalendarStore(db);
    for (const ref of ['CSC-2026-OPN003', 'CSC-2026-OPN001', 'CSC-2026-OPN002']) await records.createCase(newCase(ref));
    await records.createCase(newCase('CSC-2026-OPN004'));
    await records.syncCase(snapshot('CSC-2026-OPN004', { stage: 'closed', status: 'closed', outcome: { kind: 'withdrawn', stage: 'stage1' }, closedAt: '2024-01-10T10:00:00.000Z' }));
    const today = '2026-12-20';
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { cases: Array<{ reference: string; policyId: string }>; nextCursor: string | null } = await store.openCasesPage({ cursor, limit: 2, today });
      all.push(...page.cases.map((c) => c.reference));
      cursor = page.nextCursor;
    } while (cursor);
    const mine = all.filter((r) => r.startsWith('CSC-2026-OPN'));
    expect(mine).toEqual(['CSC-2026-OPN001', 'CSC-2026-OPN002', 'CSC-2026-OPN003']);
    expect(await store.countOpenCases(today)).toBe(all.length);
  });
});
