import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Threads crash with the Temporal worker's native runtime: one process per file.
    pool: 'forks',
    maxWorkers: 2,
    include: ['test/**/*.test.ts'],
    // The cluster lane runs on its own (vitest.cluster.config.ts, `npm run test:cluster`).
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // CI also keeps vitest's own JSON report, from which .ci/run prints its closing count.
    reporters: process.env.VITEST_JSON_REPORT ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]] : ['default'],
  },
});
