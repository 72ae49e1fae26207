import { defineConfig } from 'vitest/config';

/**
 * The pure unit tests of the date, calendar, policy and transition code: no
 * global setup (no Temporal server, no database), so Stryker can run them
 * thousands of times (`npm run mutation`, stryker.config.mjs).
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/calendar.test.ts',
      'test/unit/calendar.properties.test.ts',
      'test/unit/dates.test.ts',
      'test/unit/policy.test.ts',
      'test/unit/policy-versions.test.ts',
      'test/unit/bank-holidays.test.ts',
      'test/unit/transitions.test.ts',
      'test/unit/*-mutants.test.ts',
    ],
    // Pure tests with no shared state: reusing the loaded modules between runs makes each mutant's run much cheaper.
    isolate: false,
    // Instrumented code on a shared machine: a property test can take several times its usual second.
    testTimeout: 60_000,
    reporters: ['default'],
  },
});
