/** The pure domain: dates, working-day calendars, bank holidays and council policies. Safe in the workflow sandbox. */
export * from './bank-holidays';
export * from './calendar';
export * from './dates';
export * from './holidays';
export * from './policy';
export { formatIssues } from './issues';
