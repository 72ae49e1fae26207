import { defineUpdate } from '@temporalio/workflow';

/**
 * One Update definition per row of a command table, named `prefix` + the
 * command's name (the names running workflows know: never rename one).
 */
export function defineCommandUpdates<U>(table: object, prefix = ''): U {
  return Object.fromEntries(Object.keys(table).map((name) => [name, defineUpdate<unknown, [unknown]>(`${prefix}${name}`)])) as U;
}
