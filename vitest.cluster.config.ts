import { defineConfig } from 'vitest/config';

// The cluster lane (`npm run test:cluster`): one real Temporal cluster on
// PostgreSQL with mutual TLS, started once for the run (test/cluster/global-setup.ts).
// The files run one after another: some stop and start the cluster's parts.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: process.env.VITEST_JSON_REPORT ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]] : ['default'],
  },
});
