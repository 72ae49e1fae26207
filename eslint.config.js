// Lint: floating promises are bugs; workflow and domain code stay
// deterministic (no Node, no process, no non-workflow Temporal packages).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib'];
const NODE_PATHS = NODE_BUILTINS.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'Workflow code is deterministic: no Node built-ins.' }));

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', 'coverage/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_PATHS,
          patterns: [
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflow code imports only @temporalio/workflow and @temporalio/common.' },
            { group: ['../../activities', '../../activities/*', '../../api/*', '../../temporal/*', '../../config/*'], allowTypeImports: true, message: 'Workflow code imports activities as types only, and no server code.' },
            // The store is the activities' business: the workflow builds its snapshot from domain/ and hands it to an activity.
            { regex: '^(\\.\\./)+records(/|$)', message: 'workflows/ imports nothing from records/ (not even types): snapshots and their types live in domain/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Nothing under workflows/ or domain/ reads configuration: pass it in as input.' }, 'setTimeout', 'setInterval'],
    },
  },
  {
    // The procedure itself: no Temporal in sight, and nothing from the layers built on it (not even types).
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_PATHS,
          patterns: [
            { group: ['@temporalio/*'], message: 'domain/ is the procedure without Temporal: Temporal plumbing belongs in workflows/.' },
            {
              regex: '^(\\.\\./)+(records|api|activities|worker|workflows|temporal|config)(/|$)',
              message: 'domain/ imports only domain/ (and zod): records, API, activity, worker and workflow code build on it, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    // The store is storage only: delivery, the API and the workflows build on it, not the other way round.
    files: ['records/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(api|activities|workflows|worker|temporal)(/|$)',
              message: 'records/ imports only domain/ and config types: delivery is activities/delivery/, Temporal is workflows/ and temporal/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
