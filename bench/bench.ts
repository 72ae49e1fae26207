// `npm run bench`: scripted load on dev servers over loopback. Each figure
// sits beside a baseline measured in the same run on the same server:
//   transition   a transition through the API against a no-op Update that
//                awaits one no-op activity, and against the same Update direct;
//   creation     case creation against no-op workflow starts, rising concurrency;
//   open-cases   transition latency with 10,000 open cases against 10;
//   idle-wake    the first transition on a case evicted from a small sticky cache
//                against one on a cached case (bench/idle-wake.ts);
//   long-case    the 200th transition on one case against its first;
//   deadlines    deadlines in the same minute (BENCH_DEADLINES, default 1,000; the cases'
//                spread window BENCH_WAKE_SPREAD seconds): lateness against trivial timers;
//   time-skipped a full three-stage case on the time-skipping test server
//                against a trivial workflow that sleeps as long;
//   history      events and largest payload of a full case's history;
//   soak         worker memory over a soak (default 30 min): does it plateau;
//   calendar     working-day arithmetic against plain Date arithmetic;
//   councils     one council's transitions while another imports BENCH_IMPORT_CASES
//                (default 1,000) cases, against the same with it quiet (bench/councils.ts).
// `npm run bench -- --only=deadlines,history` runs some; `--soak-minutes=5`
// shortens the soak. `npm run bench -- --cluster` runs only the open-cases
// benchmark on the production shape (bench/cluster.ts), with 10,000 open
// cases or `--cases=N`. Each section's table is kept in bench/results/<name>.md,
// and bench/RESULTS.md is assembled from all of them with the machine they ran on.
import fs from 'node:fs';
import path from 'node:path';
import { HERE, machine, progress } from './harness';

const SECTIONS = ['transition', 'creation', 'open-cases', 'idle-wake', 'long-case', 'deadlines', 'time-skipped', 'history', 'soak', 'calendar', 'councils'] as const;
type Section = (typeof SECTIONS)[number];

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.slice(2).find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const only = option('only')?.split(',').map((s) => s.trim()).filter(Boolean);
for (const name of only ?? []) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    process.stderr.write(`unknown section "${name}"; sections: ${SECTIONS.join(', ')}\n`);
    process.exit(2);
  }
}
const soakMinutes = Number(option('soak-minutes') ?? process.env.BENCH_SOAK_MINUTES ?? 30);
if (!(soakMinutes > 0)) {
  process.stderr.write('--soak-minutes must be a positive number\n');
  process.exit(2);
}
const onCluster = process.argv.includes('--cluster');
const cases = Number(option('cases') ?? 10_000);
if (!Number.isInteger(cases) || cases < 20) {
  process.stderr.write('--cases must be a whole number of at least 20\n');
  process.exit(2);
}
const selected: Array<Section | 'cluster'> = onCluster ? ['cluster'] : SECTIONS.filter((s) => !only || only.includes(s));

async function run(section: Section | 'cluster'): Promise<string[]> {
  switch (section) {
    case 'cluster':
      return (await import('./cluster')).clusterSection(cases);
    case 'transition':
      return (await import('./transitions')).transitionSection();
    case 'creation':
      return (await import('./transitions')).creationSection();
    case 'open-cases':
      return (await import('./transitions')).openCasesSection();
    case 'idle-wake':
      return (await import('./idle-wake')).idleWakeSection();
    case 'long-case':
      return (await import('./transitions')).longCaseSection();
    case 'deadlines':
      return (await import('./deadlines')).deadlinesSection();
    case 'time-skipped':
      return (await import('./time-skipped')).timeSkippedSection();
    case 'history':
      return (await import('./history')).historySection();
    case 'soak':
      return (await import('./soak')).soakSection(soakMinutes);
    case 'calendar':
      return (await import('./calendar')).calendarSection();
    case 'councils':
      return (await import('./councils')).councilsSection();
  }
}

const resultsDir = path.join(HERE, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
for (const section of selected) {
  progress(`section ${section}…`);
  const lines = await run(section);
  fs.writeFileSync(path.join(resultsDir, `${section}.md`), lines.join('\n'));
  console.log(lines.join('\n'));
}

// RESULTS.md: every section's latest table, in the list's order.
const parts = [...SECTIONS, 'cluster'].map((s) => path.join(resultsDir, `${s}.md`))
  .filter((f) => fs.existsSync(f))
  .map((f) => fs.readFileSync(f, 'utf8'));
const header = [
  '# Benchmark results',
  '',
  `Machine: ${machine()}. Shared with other engineers' builds and tests while these ran, so each section gives its load average; the ratios against a baseline measured in the same section, on the same server, are what matter.`,
  'Each section runs on a Temporal dev server of its own (in-memory SQLite) over loopback (the last, on the cluster, excepted), the worker and API in the bench process unless said otherwise. Ratios are figure ÷ baseline (lower is better for latency and lateness, higher for throughput).',
  '',
];
fs.writeFileSync(path.join(HERE, 'RESULTS.md'), [...header, ...parts].join('\n'));
process.exit(0);
