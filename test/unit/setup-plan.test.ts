import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with the bootstrap
import { setupPlan } from '../../scripts/setup-plan.mjs';

const plan = setupPlan as (command: string, env: Record<string, string | undefined>) => string[];

describe('what each command sets up before it runs', () => {
  it('the benchmarks set up the dev server and the time-skipping test server, as the tests do', () => {
    expect(plan('bench', {})).toEqual(['dependencies', 'temporal-cli', 'test-server']);
    expect(plan('test', {})).toEqual(['dependencies', 'temporal-cli', 'test-server', 'compose', 'postgresql', 'chromium']);
  });

  it('the benchmarks run dev servers of their own even with an existing cluster named', () => {
    expect(plan('bench', { TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual(['dependencies', 'temporal-cli', 'test-server']);
  });

  it('npm start needs only the dev server, and none on an existing cluster', () => {
    expect(plan('start', {})).toEqual(['dependencies', 'temporal-cli']);
    expect(plan('start', { TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual(['dependencies']);
  });

  it('the tests skip the PostgreSQL packages when given a server, and set-up prepares everything', () => {
    expect(plan('test', { TEST_DATABASE_URL: 'postgres://127.0.0.1/x' })).not.toContain('postgresql');
    expect(plan('setup', { TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual(['dependencies', 'temporal-cli', 'test-server', 'compose', 'postgresql', 'chromium']);
    expect(plan('token', {})).toEqual(['dependencies']);
  });

  it('the cluster and its test lane build the server and UI programs and use Debian\'s PostgreSQL, nothing of the dev server', () => {
    expect(plan('cluster', {})).toEqual(['dependencies', 'temporal-server', 'ui-server', 'postgresql']);
    expect(plan('test:cluster', { TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual(['dependencies', 'temporal-server', 'ui-server', 'postgresql']);
  });
});
