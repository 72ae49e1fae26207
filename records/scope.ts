import type { ListingScope } from '../domain/access';

/**
 * The access rule's listing scope (domain/access.ts `listingScope`) as SQL:
 * the cases of the caller's teams, or those where its subject has one of its
 * parts (case_parties, migration 008). One home for the filter, so the case
 * listing and the actions list agree. `param` adds a bind value and returns
 * its placeholder; `reference` is the column naming the case; `also`, other
 * ways to reach a row. Null when the caller reaches every case (no filter).
 */
export function scopeCondition(scope: ListingScope, reference: string, param: (value: unknown) => string, also: () => string[] = () => []): string | null {
  if (scope.everyCase) return null;
  const reaches = [
    `EXISTS (SELECT 1 FROM cases sc WHERE sc.reference = ${reference} AND sc.team = ANY(${param([...scope.teams])}::text[]))`,
    `EXISTS (SELECT 1 FROM case_parties sp WHERE sp.reference = ${reference} AND sp.person_id = ${param(scope.subject)} AND sp.part = ANY(${param([...scope.parts])}::text[]))`,
    ...also(),
  ];
  return `(${reaches.join(' OR ')})`;
}
