import { describe, expect, it } from 'vitest';
import { addPolicyVersion, getPolicy, PolicyError, policyHistory, POLICY_PROFILES } from '../../domain/policy';
import { getPolicyByRef, pinnedVersion, policyDiff, policyRef } from '../../domain/policy-versions';

// Run again in one process by Stryker (vitest.unit.config.ts does not isolate):
// each test adds versions on top of whatever is there, and counts from it.

describe('policy versions', () => {
  it('every shipped profile starts at version 1, numbered on, each with a note of what changed', () => {
    expect(policyHistory().map((p) => p.id)).toEqual(Object.keys(POLICY_PROFILES));
    for (const { id, versions } of policyHistory()) {
      expect(versions[0]!.policy).toBe(POLICY_PROFILES[id]);
      expect(versions.map((v) => v.policy.version)).toEqual(versions.map((_, i) => i + 1));
      for (const v of versions) expect(v.changes).not.toBe('');
    }
  });

  it('a new version is the current one; the earlier stay served exactly, by number or by ref', () => {
    const v1 = POLICY_PROFILES.rutland!;
    const before = getPolicy('rutland');
    const next = addPolicyVersion('rutland', { timescales: { 'stage2.respond': 20 }, closureDays: ['2027-12-29'] }, 'Stage 2 in 20 working days; closed 29 Dec.');
    const n = before.version + 1;
    expect(next).toMatchObject({ id: 'rutland', version: n, name: v1.name, timescales: { 'stage2.respond': 20, 'stage1.respond': 10 }, closureDays: ['2027-12-29'] });
    expect(Object.isFrozen(next.timescales)).toBe(true);
    expect(getPolicy('rutland')).toBe(next);
    expect(getPolicy('rutland', 1)).toBe(v1);
    expect(getPolicy('rutland', before.version)).toBe(before);
    expect(getPolicyByRef(policyRef('rutland', 1))).toBe(v1);
    expect(getPolicyByRef(`rutland@${n}`)).toBe(next);
    // A pass from before versions names a bare id: the current version.
    expect(getPolicyByRef('rutland')).toBe(next);
    expect(() => getPolicy('rutland', n + 1)).toThrow(`version: policy rutland has no version ${n + 1}; versions 1 to ${n}`);
    expect(() => getPolicy('rutland', 0)).toThrow(PolicyError);
    expect(() => getPolicy('rutland', 1.5)).toThrow(PolicyError);
    expect(() => getPolicyByRef('bristol@1')).toThrow('unknown policy "bristol"');
    expect(() => addPolicyVersion('bristol', {}, 'none')).toThrow('unknown policy "bristol"');
  });

  it('a version outside the statutory limits is refused and not added', () => {
    const before = getPolicy('banes');
    expect(() => addPolicyVersion('banes', { timescales: { 'stage1.respond': 12 } }, 'too long')).toThrow(PolicyError);
    expect(getPolicy('banes')).toBe(before);
  });

  it('a copy made before versions names none: it was version 1', () => {
    const { version: _dropped, ...old } = POLICY_PROFILES.luton!;
    expect(pinnedVersion(old as unknown as { version: number })).toBe(1);
    expect(pinnedVersion({ version: 3 })).toBe(3);
  });
});

describe('policyDiff', () => {
  it('lists each field that differs, lists with what is added and removed, never the version', () => {
    const v1 = POLICY_PROFILES.kingston!;
    const v2 = addPolicyVersion(
      'kingston',
      { timescales: { 'stage1.respond': 8 }, extensions: { stage1MaxWorkingDays: 5 }, stage1Clarify: true, closureDays: ['2027-03-12'], reminders: { workingDaysBefore: [2, 1], elapsedShares: [0.5, 0.75] } },
      'Faster Stage 1.',
    );
    const v3 = addPolicyVersion('kingston', { closureDays: ['2027-03-16'] }, 'A different closure day.');
    expect(policyDiff(v1, v2)).toEqual([
      { field: 'timescales.stage1.respond', from: 10, to: 8 },
      { field: 'extensions.stage1MaxWorkingDays', from: 10, to: 5 },
      { field: 'stage1Clarify', from: false, to: true },
      { field: 'reminders.workingDaysBefore', from: [2], to: [2, 1], added: [1], removed: [] },
      { field: 'closureDays', from: [], to: ['2027-03-12'], added: ['2027-03-12'], removed: [] },
    ]);
    expect(policyDiff(v2, v3)).toEqual([{ field: 'closureDays', from: ['2027-03-12'], to: ['2027-03-16'], added: ['2027-03-16'], removed: ['2027-03-12'] }]);
    expect(policyDiff(v3, v3)).toEqual([]);
  });
});
