import { describe, expect, it } from 'vitest';
import { openCase, refused, refusedAt, runAt, type CommandArg } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

// In the workflow bundle, zod is evaluated by the first workflow that uses it
// and shared by every workflow after it in the worker's V8 context
// (workflows/shared-modules.ts). Each case here, the first, the others and one
// evicted and replayed, still refuses bad input in zod's own words, format
// checks (a date's pattern) included, and takes good input.
const RECEIVED = '2027-01-04T10:00:00Z';
const TRIAGED = '2027-01-04T11:00:00Z';

describe("zod shared by a worker's workflows (time-skipping)", () => {
  it('refuses the same bad input in the same words in every case, one evicted and replayed among them', async () => {
    // A cache of two: the first case is evicted by the third, so its next Update replays it with the shared zod.
    const s = await scenario('2027-01-04T10:05:00Z', { maxCachedWorkflows: 2 });
    await s.run(async () => {
      const cases = [];
      for (const n of [1, 2, 3]) cases.push(await openCase(s, { reference: `CSC-2027-ZOD00${n}`, receivedAt: RECEIVED }));
      for (const c of cases) {
        expect(await refusedAt(s, c, TRIAGED, 'triage', { decision: 'stage9' } as never)).toBe(
          'invalid triage input: decision: Invalid option: expected one of "stage1"|"stage2"|"corporate"|"representation"|"service-request"|"not-accepted"',
        );
        expect(await refused(c, 'triage', { actor: 'officer-1', decision: 'stage1', at: '4 January 2027' } as CommandArg<'triage'>)).toBe(
          'invalid triage input: at: Invalid ISO datetime',
        );
      }
      for (const c of cases) expect(await runAt(s, c, TRIAGED, 'triage', { decision: 'stage1' })).toMatchObject({ stage: 'stage1', status: 'in-progress' });
    });
  });
});
