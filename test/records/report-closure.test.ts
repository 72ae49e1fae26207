import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEWER_THAN_5, NOT_SHOWN, suppress } from '../../domain/equalities';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { BACKENDS, newCase, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(async () => {
  await stopTestServer();
});

/** What a reader can know of a suppressed table: each hidden cell's bounds from its label, and that the cells sum to the total. */
function workedOut(table: Array<{ value: string; count: number | string }>, total: number): Map<string, number> {
  // A table withheld whole tells nothing but its total.
  if (table.every((c) => c.count === NOT_SHOWN)) return new Map();
  const hidden = table.filter((c) => typeof c.count === 'string');
  const left = total - table.reduce((n, c) => n + (typeof c.count === 'number' ? c.count : 0), 0);
  const bounds = hidden.map((c) => (c.count === FEWER_THAN_5 ? [0, 4] : [5, left]) as [number, number]);
  // Every assignment of the hidden cells within their bounds that sums to what is left: a cell with one possible value is disclosed.
  const possible = hidden.map(() => new Set<number>());
  const walk = (i: number, values: number[], sum: number) => {
    if (i === hidden.length) {
      if (sum === left) values.forEach((v, j) => possible[j]!.add(v));
      return;
    }
    for (let v = bounds[i]![0]; v <= Math.min(bounds[i]![1], left - sum); v++) walk(i + 1, [...values, v], sum + v);
  };
  walk(0, [], 0);
  return new Map(hidden.flatMap((c, j) => (possible[j]!.size === 1 ? [[c.value, [...possible[j]!][0]!] as const] : [])));
}

describe('small-number suppression (BANES 3.9)', () => {
  it('shows 1 to 4 as "fewer than 5" and hides enough besides that none can be worked out from the total', () => {
    expect(suppress([{ value: 'a', count: 12 }, { value: 'b', count: 3 }, { value: 'c', count: 0 }, { value: 'd', count: 7 }])).toEqual([
      { value: 'a', count: 12 },
      { value: 'b', count: FEWER_THAN_5 },
      { value: 'c', count: 0 },
      { value: 'd', count: NOT_SHOWN }, // 3 alone would be 22 - 12 - 7
    ]);
    expect(suppress([{ value: 'a', count: 10 }, { value: 'b', count: 2 }, { value: 'c', count: 3 }])).toEqual([
      { value: 'a', count: 10 },
      { value: 'b', count: FEWER_THAN_5 },
      { value: 'c', count: FEWER_THAN_5 },
    ]);
    expect(suppress([{ value: 'a', count: 20 }, { value: 'b', count: 9 }, { value: 'c', count: 0 }])).toEqual([
      { value: 'a', count: 20 },
      { value: 'b', count: 9 },
      { value: 'c', count: 0 },
    ]);
    // Three cases, all one answer: a zero is hidden with it, and says only "fewer than 5", as it must.
    expect(suppress([{ value: 'a', count: 3 }, { value: 'b', count: 0 }, { value: 'c', count: 0 }])).toEqual([
      { value: 'a', count: FEWER_THAN_5 },
      { value: 'b', count: FEWER_THAN_5 },
      { value: 'c', count: 0 },
    ]);
  });

  it('never lets a hidden figure be worked out by subtraction, over every table of 4 cells up to 12 cases', () => {
    const leaks: string[] = [];
    for (let n = 0; n < 13 ** 4; n++) {
      const counts = [n % 13, Math.floor(n / 13) % 13, Math.floor(n / 169) % 13, Math.floor(n / 2197) % 13];
      const total = counts.reduce((a, b) => a + b, 0);
      const table = suppress(counts.map((count, i) => ({ value: `v${i}`, count })));
      for (const [value, count] of workedOut(table, total)) leaks.push(`${counts.join(',')}: ${value} = ${count}`);
    }
    expect(leaks.slice(0, 5)).toEqual([]);
  });
});

describe.each(BACKENDS)('learning, satisfaction, care flags and equalities in the annual report (%s)', (backend) => {
  let db: Db;
  let records: Records;
  const refs = Array.from({ length: 8 }, (_, i) => `CSC-2026-EQL${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db);
    const care = ['in-care', 'in-care', 'care-experienced', 'care-leaver', 'none', undefined, 'in-care', 'none'] as const;
    for (const [i, ref] of refs.entries()) {
      await records.createCase(newCase(ref, { receivedAt: '2026-06-01T09:00:00Z', ...(care[i] ? { childCare: care[i] } : {}) }));
    }
    // Six complainants answered: five female, one male; two children: one prefer-not-to-say.
    for (const ref of refs.slice(0, 5)) await records.equalities.record(ref, 'complainant', { sex: 'female', ageBand: '25-44' }, 'officer-1');
    await records.equalities.record(refs[5]!, 'complainant', { sex: 'male', ageBand: '25-44', disability: 'prefer-not-to-say' }, 'officer-1');
    await records.equalities.record(refs[0]!, 'child', { ageBand: '11-15', sex: 'prefer-not-to-say' }, 'officer-1');
    // Learning and satisfaction as the workflow syncs them.
    const closed = { status: 'closed', stage: 'closed', closedAt: '2026-07-01T10:00:00.000Z', outcome: { kind: 'resolved', stage: 'stage1' } };
    await records.syncCase(snapshot(refs[0]!, { ...closed, satisfaction: 'satisfied', learning: [{ stage: 'stage1', themes: ['communication', 'recording'], recordedAt: '2026-06-20T10:00:00.000Z' }] }));
    await records.syncCase(snapshot(refs[1]!, { ...closed, satisfaction: 'not-satisfied', learning: [{ stage: 'stage1', themes: ['communication'], recordedAt: '2026-06-21T10:00:00.000Z' }, { stage: 'stage2', themes: ['timeliness'], recordedAt: '2026-09-21T10:00:00.000Z' }] }));
    await records.syncCase(snapshot(refs[2]!, { ...closed, satisfaction: null }));
    // A retried sync writes nothing twice.
    await records.syncCase(snapshot(refs[1]!, { ...closed, satisfaction: 'not-satisfied', learning: [{ stage: 'stage1', themes: ['communication'], recordedAt: '2026-06-21T10:00:00.000Z' }, { stage: 'stage2', themes: ['timeliness'], recordedAt: '2026-09-21T10:00:00.000Z' }] }));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('counts learning themes by stage, satisfaction of cases closed, and care flags of cases received', async () => {
    const r = await records.report({ from: '2026-04-01', to: '2027-03-31' });
    expect(r.learning.filter((l) => l.stage1 + l.stage2 + l.stage3 > 0)).toEqual([
      { theme: 'communication', stage1: 2, stage2: 0, stage3: 0 },
      { theme: 'recording', stage1: 1, stage2: 0, stage3: 0 },
      { theme: 'timeliness', stage1: 0, stage2: 1, stage3: 0 },
    ]);
    expect(r.satisfaction).toEqual([
      { answer: 'satisfied', cases: 1 },
      { answer: 'not-satisfied', cases: 1 },
      { answer: 'not-asked', cases: 0 },
      { answer: 'no-answer', cases: 0 },
      { answer: 'not recorded', cases: 1 },
    ]);
    expect(r.childCare).toEqual([
      { flag: 'in-care', cases: 3 },
      { flag: 'care-experienced', cases: 1 },
      { flag: 'care-leaver', cases: 1 },
      { flag: 'none', cases: 2 },
      { flag: 'not recorded', cases: 1 },
    ]);
    // A period that holds only the Stage 2 learning.
    const q2 = await records.report({ from: '2026-07-01', to: '2026-09-30' });
    expect(q2.learning.filter((l) => l.stage1 + l.stage2 + l.stage3 > 0)).toEqual([{ theme: 'timeliness', stage1: 0, stage2: 1, stage3: 0 }]);
  });

  it('reports equalities in aggregate only, small numbers suppressed so none can be worked out from the cases received', async () => {
    const r = await records.report({ from: '2026-04-01', to: '2027-03-31' });
    const received = r.stages.stage1.received;
    expect(received).toBe(8);
    // Sex of complainants: 5 female, 1 male, 2 not given: the 1 and the 2 are "fewer than 5", two of them, so neither can be worked out.
    expect(r.equalities.complainant.sex).toEqual([
      { value: 'female', count: 5 },
      { value: 'male', count: FEWER_THAN_5 },
      { value: 'other', count: 0 },
      { value: 'prefer-not-to-say', count: 0 },
      { value: 'not given', count: FEWER_THAN_5 },
    ]);
    // Age band of complainants: 6 aged 25-44, 2 not given ("fewer than 5"), which alone 8 - 6 would give: the 6 is hidden with it.
    expect(r.equalities.complainant.ageBand.filter((c) => c.count !== 0)).toEqual([
      { value: '25-44', count: NOT_SHOWN },
      { value: 'not given', count: FEWER_THAN_5 },
    ]);
    // The children: 7 not given, 1 prefer-not-to-say: the 7 hidden with the 1.
    expect(r.equalities.child.sex.filter((c) => c.count !== 0)).toEqual([
      { value: 'prefer-not-to-say', count: FEWER_THAN_5 },
      { value: 'not given', count: NOT_SHOWN },
    ]);
    for (const subject of ['complainant', 'child'] as const) {
      for (const [field, table] of Object.entries(r.equalities[subject])) {
        expect([...workedOut(table, received)], `${subject} ${field}`).toEqual([]);
      }
    }
    // The JSON holds no reference, nor anything but the counts.
    expect(JSON.stringify(r.equalities)).not.toMatch(/CSC-/);
  });

  it('stores the answers apart, replaces them per person, and leaves an event that names no answer', async () => {
    await records.equalities.record(refs[6]!, 'complainant', { sex: 'female' }, 'officer-2');
    await records.equalities.record(refs[6]!, 'complainant', { religion: 'none' }, 'officer-2');
    expect(await records.equalities.read(refs[6]!)).toEqual([
      { subject: 'complainant', religion: 'none', recordedAt: expect.any(String), recordedBy: 'officer-2' },
    ]);
    const events = (await records.listEvents(refs[6]!)).filter((e) => e.action === 'equalities-recorded');
    expect(events.map((e) => e.detail)).toEqual([{ subject: 'complainant' }, { subject: 'complainant' }]);
    const c = await records.getCase(refs[6]!);
    expect(JSON.stringify(c)).not.toMatch(/religion|"none"/);
  });

  it("gives a data subject their own answers when they ask, never another person's", async () => {
    const c = await records.getCase(refs[0]!);
    const complainant = c!.people.find((p) => p.role === 'complainant')!;
    const child = c!.people.find((p) => p.role === 'child')!;
    const mine = (await records.subjectAccessExport({ personIds: [complainant.id] })).cases[0]!;
    expect(mine.equalities).toEqual([{ subject: 'complainant', sex: 'female', ageBand: '25-44', recordedAt: expect.any(String), recordedBy: 'officer-1' }]);
    expect(mine.childCare).toBe('in-care');
    const theirs = (await records.subjectAccessExport({ personIds: [child.id] })).cases[0]!;
    expect(theirs.equalities).toEqual([{ subject: 'child', sex: 'prefer-not-to-say', ageBand: '11-15', recordedAt: expect.any(String), recordedBy: 'officer-1' }]);
  });

  it("changes the child's care flag with an event, once", async () => {
    expect(await records.equalities.childCare(refs[5]!)).toBeNull();
    await records.equalities.setChildCare(refs[5]!, 'care-leaver', 'officer-1');
    await records.equalities.setChildCare(refs[5]!, 'care-leaver', 'officer-1');
    expect(await records.equalities.childCare(refs[5]!)).toBe('care-leaver');
    expect((await records.listEvents(refs[5]!)).filter((e) => e.action === 'child-care-recorded').map((e) => e.detail)).toEqual([{ childCare: 'care-leaver' }]);
    expect(await records.equalities.childCare('CSC-2026-NOSUCH')).toBeUndefined();
  });
});
