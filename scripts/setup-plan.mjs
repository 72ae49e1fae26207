// What each command needs set up before it runs, as a list of steps the
// bootstrap carries out in order. Plain Node with no dependencies, because it
// runs before `npm ci` has.
//   dependencies   npm ci when node_modules is missing or stale
//   temporal-cli   the Temporal CLI (its dev server)
//   test-server    the Java time-skipping test server
//   compose, postgresql, chromium   Debian packages the test suite uses
//   temporal-server, ui-server   the cluster's own programs, built once with go install into the tool cache

/** The commands the bootstrap runs. */
export const COMMANDS = ['start', 'test', 'bench', 'setup', 'token', 'council', 'cluster', 'test:cluster'];

/** The steps `command` needs, given the environment it runs in. */
export function setupPlan(command, env = process.env) {
  if (command === 'token') return ['dependencies'];
  // The cluster (npm run cluster, its test lane): Temporal's services and UI server on Debian's PostgreSQL.
  if (command === 'cluster' || command === 'test:cluster') return ['dependencies', 'temporal-server', 'ui-server', 'postgresql'];
  const steps = ['dependencies'];
  // `npm start` on an existing cluster (TEMPORAL_ADDRESS) needs no dev server;
  // the benchmarks always run their own dev servers, whatever it says.
  if (!env.TEMPORAL_ADDRESS || command === 'setup' || command === 'bench') steps.push('temporal-cli');
  // Tests and the benchmarks' time-skipped section run on the time-skipping test server.
  if (command === 'test' || command === 'setup' || command === 'bench') steps.push('test-server');
  if (command === 'test' || command === 'setup') {
    steps.push('compose');
    // The records tests run on a real PostgreSQL server as well as PGlite.
    if (!env.TEST_DATABASE_URL) steps.push('postgresql');
    // The annual report's page is screenshotted in a real browser (playwright-core drives Debian's chromium).
    steps.push('chromium');
  }
  return steps;
}
