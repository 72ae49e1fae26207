// The working-day calendar's cost, which every clock of every case pays:
// adding 65 working days (the longest Stage 2 clock) and counting a decade
// of working days, against the floor of adding 65 calendar days to a Date.
import { WorkingDayCalendar } from '../domain/calendar';
import { defaultCalendarData } from '../domain/holidays';
import { fmt, machineLoad, progress, ratio } from './harness';

const N = 200_000;

/** Nanoseconds per call of `op`, the median of five timed rounds after a warm-up. */
function nanosEach(op: (i: number) => unknown): number {
  for (let i = 0; i < N / 10; i++) op(i);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < N; i++) op(i);
    rounds.push(Number(process.hrtime.bigint() - started) / N);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

export async function calendarSection(): Promise<string[]> {
  const load = machineLoad();
  progress('calendar: working-day arithmetic…');
  const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
  let sink = 0;
  const floor = nanosEach((i) => (sink += new Date(Date.UTC(2019, 0, 7 + (i % 10)) + 65 * 86_400_000).getUTCDate()));
  const add = nanosEach((i) => (sink += calendar.addWorkingDays('2019-01-07', 60 + (i % 10)).length));
  const decade = nanosEach(() => (sink += calendar.workingDaysBetween('2019-01-01', '2030-12-31')));
  const explained = nanosEach((i) => (sink += calendar.due('2026-12-18', 60 + (i % 10), 'received').explanation.length));
  if (sink === 0) throw new Error('unreachable: keeps the loops from being optimised away');
  return [
    '## Working-day arithmetic',
    '',
    `Run ${new Date().toISOString()}; ${load}. In the bench process, no server: the median of five rounds of ${N.toLocaleString('en-GB')} calls each, after a warm-up.`,
    '',
    '| measured | ns a call | baseline: 65 calendar days added to a Date | ratio |',
    '|---|---|---|---|',
    `| 60–69 working days added (2019, across its bank holidays) | ${fmt(add)} | ${fmt(floor)} | ${ratio(add, floor)} |`,
    `| working days counted between 1 Jan 2019 and 31 Dec 2030 | ${fmt(decade)} | ${fmt(floor)} | ${ratio(decade, floor)} |`,
    `| a due date with its explanation (Christmas 2026) | ${fmt(explained)} | ${fmt(floor)} | ${ratio(explained, floor)} |`,
    '',
  ];
}
