import type { ListingScope } from '../domain/access';

/**
 * The access rule's listing scope (domain/access.ts `listingScope`) as SQL:
 * the cases of the caller's teams, or those where its subject has one of its
 * parts (case_parties, migration 008). One home for the filter, so the case
 * listing and the actions list agree. `columns` name the row's case and its
 * team; `param` adds a bind value and returns its placeholder; `also`, other
 * ways to reach a row (an action's owner). Null when the caller reaches every
 * case (no filter); `false` when it reaches none.
 */
export function scopeCondition(
  scope: ListingScope,
  columns: { reference: string; team: string },
  param: (value: unknown) => string,
  also: () => string[] = () => [],
): string | null {
  if (scope.everyCase) return null;
  const reaches: string[] = [];
  if (scope.teams.length > 0) reaches.push(`${columns.team} = ANY(${param([...scope.teams])}::text[])`);
  if (scope.parts.length > 0) {
    reaches.push(
      `EXISTS (SELECT 1 FROM case_parties sp WHERE sp.reference = ${columns.reference} AND sp.person_id = ${param(scope.subject)} AND sp.part = ANY(${param([...scope.parts])}::text[]))`,
    );
  }
  reaches.push(...also());
  return reaches.length > 0 ? `(${reaches.join(' OR ')})` : 'false';
}
