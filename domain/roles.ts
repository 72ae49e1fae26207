/**
 * The roles a member of staff may hold (a token's `roles` claim): the names
 * every command table (domain/<kind>/table.ts) and the clocks' reminder
 * recipients use. Plain strings: the API checks them, the procedure names
 * them.
 */
export const ROLES = [
  'complaints-officer',
  'complaints-manager',
  'service-manager',
  'investigating-officer',
  'independent-person',
  'adjudicating-officer',
  'panel-chair',
  'panel-member',
  'director',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** The complaints team: officers and their manager. */
export const OFFICE: readonly Role[] = ['complaints-officer', 'complaints-manager'];
