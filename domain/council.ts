/**
 * A council's id: the tenant every record, namespace and token names. It is
 * part of the Temporal namespace (`complaints-<id>`) and of SQL settings, so
 * it is kept to lowercase letters, digits and single hyphens inside.
 */
export const DEFAULT_COUNCIL = 'default';

const COUNCIL_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_LENGTH = 40;

/** Why `id` is not a council id, or undefined when it is one. */
export function councilIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'a council id is required, such as "luton" or "north-somerset"';
  if (id.length > MAX_LENGTH) return `a council id has at most ${MAX_LENGTH} characters; "${id.slice(0, 50)}" has ${id.length}`;
  if (!COUNCIL_ID.test(id)) {
    return `"${id}" is not a council id: use lowercase letters, digits and hyphens, starting with a letter, with no hyphen at either end or two together (such as "luton" or "north-somerset")`;
  }
  return undefined;
}

export function isCouncilId(id: unknown): id is string {
  return typeof id === 'string' && councilIdProblem(id) === undefined;
}

/** The Temporal namespace of a council's cases; the default council keeps the deployment's own. */
export function councilNamespace(id: string, defaultNamespace: string): string {
  return id === DEFAULT_COUNCIL ? defaultNamespace : `complaints-${id}`;
}
