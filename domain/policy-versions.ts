/** Versions of a policy profile: how a case names the one it is pinned to, and what differs between two. */
import { getPolicy, type Policy } from './policy';

/** The version a case's copy of its policy names: copies made before versions name none, and were version 1. */
export function pinnedVersion(policy: Pick<Policy, 'version'>): number {
  return (policy.version as number | undefined) ?? 1;
}

/** A version as one string, `luton@2`: how a calendar change names the policy a case is pinned to. */
export function policyRef(id: string, version: number): string {
  return `${id}@${version}`;
}

/** The policy a ref names: `luton@2` that version, a bare `luton` (from before versions) the current one. */
export function getPolicyByRef(ref: string): Policy {
  const at = /^(.+)@(\d{1,9})$/.exec(ref);
  return at ? getPolicy(at[1]!, Number(at[2])) : getPolicy(ref);
}

/** One field that differs between two versions of a profile. */
export interface PolicyDifference {
  /** Its path, e.g. `timescales.stage2.respond` or `closureDays`. */
  field: string;
  from: unknown;
  to: unknown;
  /** For a list (closure days, reminders): what the later version adds and drops. */
  added?: unknown[];
  removed?: unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every leaf of a policy by its path; lists are leaves. */
function leaves(value: unknown, path: string, into: Map<string, unknown>): Map<string, unknown> {
  if (isRecord(value)) for (const [key, v] of Object.entries(value)) leaves(v, path ? `${path}.${key}` : key, into);
  else into.set(path, value);
  return into;
}

/**
 * What differs from one version of a profile to the next: timescales,
 * extensions, closure days and every other field (the version number
 * aside), in the order the later version lists them. A field one version
 * lacks reads as undefined there.
 */
export function policyDiff(from: Policy, to: Policy): PolicyDifference[] {
  const a = leaves(from, '', new Map());
  const b = leaves(to, '', new Map());
  a.delete('version');
  b.delete('version');
  const differences: PolicyDifference[] = [];
  for (const field of new Set([...b.keys(), ...a.keys()])) {
    const [x, y] = [a.get(field), b.get(field)];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    const difference: PolicyDifference = { field, from: x, to: y };
    if (Array.isArray(x) || Array.isArray(y)) {
      const [xs, ys] = [(x ?? []) as unknown[], (y ?? []) as unknown[]];
      difference.added = ys.filter((v) => !xs.includes(v));
      difference.removed = xs.filter((v) => !ys.includes(v));
    }
    differences.push(difference);
  }
  return differences;
}
