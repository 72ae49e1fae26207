/** Dependencies the activities need, built once by the worker. */
export type ActivityDeps = Record<string, never>;

/**
 * The complaint workflow's activities. Records, correspondence and alerts
 * arrive with the system of record; the workflow imports this type only.
 */
export function createActivities(_deps: ActivityDeps) {
  return {};
}

export type Activities = ReturnType<typeof createActivities>;
