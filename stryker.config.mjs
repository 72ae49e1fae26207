// Mutation testing of the date, calendar, policy and workflow decision code
// (`npm run mutation`; docs/mutation.md). Only the pure unit tests run, through
// vitest.unit.config.ts: no Temporal server, no database.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.ts' },
  coverageAnalysis: 'perTest',
  // Static mutants (code that runs when a module loads: the shipped policy profiles are validated at import, the
  // statutory limits, the holiday rule tables, the label maps) each need the whole suite, about four fifths of the
  // run time; `npm run mutation -- --ignoreStatic false` includes them (docs/mutation.md).
  ignoreStatic: true,
  // An infinite-loop mutant (a calendar walk that never ends) is stopped this long after the tests' normal time.
  timeoutMS: 3000,
  mutate: [
    'domain/calendar.ts',
    'domain/holidays.ts',
    'domain/dates.ts',
    'domain/policy.ts',
    'domain/complaint/transitions/*.ts',
    'domain/complaint/clocks.ts',
  ],
  // The machine's cores are shared: two workers at most (the npm script also runs it under nice).
  concurrency: 2,
  // Reruns test only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // A score below `break` fails the run: set just under the score reached (95.5-96), so a drop fails.
  thresholds: { high: 95, low: 90, break: 95 },
  // The sandbox holds only what the pure unit tests load (node_modules is linked, not copied).
  ignorePatterns: ['/*', '!/domain', '!/workflows', '!/test', '/test/*', '!/test/unit', '!/vitest.unit.config.ts', '!/package.json', '!/tsconfig.json'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
