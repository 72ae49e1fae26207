// Sections on the API's transitions and creations, each on a fresh dev server.
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { caseViewQuery, commandUpdates } from '../workflows/complaint/messages';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { defaultMaxCachedWorkflows } from '../worker/worker';
import { fmt, machineLoad, measure, pool, progress, ratio, sleep, startHarness, statsOf, stickyCacheMisses, TASK_QUEUE, type Harness, type Stats } from './harness';
import { planCost } from './plan-cost';
import { bareUpdate, noopUpdate, noopWorkflow, shapedUpdateWorkflow, sizedUpdate, type UpdateShape } from './workflows';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

/** Hold and release alternate: repeatable on one case, and each owes one letter (an activity), like the baseline's one activity. */
function holdOrRelease(i: number): [string, Record<string, unknown>] {
  return i % 2 === 0 ? ['hold', { reason: 'safeguarding' }] : ['release-hold', {}];
}

/** `n` sequential hold/release transitions through the API on one triaged case. */
async function apiTransitions(h: Harness, reference: string, n: number): Promise<Stats> {
  return measure(n, 1, (i) => h.command(reference, ...holdOrRelease(i)));
}

async function triagedCase(h: Harness, i: number): Promise<string> {
  const reference = await h.createCase(i);
  await h.command(reference, 'triage', { decision: 'stage1' });
  return reference;
}

async function warmUp(h: Harness): Promise<void> {
  const reference = await triagedCase(h, -1);
  await apiTransitions(h, reference, 10);
}

/** What the complaint's Update adds to a bare one, one part at a time, then together (shapedUpdateWorkflow). */
const SHAPES: Array<[string, UpdateShape]> = [
  ['a bare no-op Update (baseline)', {}],
  ['+ the wait re-armed with a timer', { timer: true }],
  ['+ the 11 search attributes upserted', { upsert: 'attributes' }],
  ['+ the 11 search attributes and the memo upserted', { upsert: true }],
  ['+ one no-op regular activity scheduled after it', { regular: 1 }],
  ['+ one no-op local activity before its answer', { local: 1 }],
  ['+ a local activity, then a regular one', { local: 1, regular: 1 }],
  ['+ two regular activities, one after the other', { regular: 2 }],
  ['+ timer, upserts, two regular activities (a transition with a regular sync)', { timer: true, upsert: true, regular: 2 }],
  ['+ timer, upserts, a local then a regular activity (a transition with a local sync)', { timer: true, upsert: true, local: 1, regular: 1 }],
];
const PROFILE_ROUND = 25;

/**
 * The bare Update with each shape, interleaved in rounds of PROFILE_ROUND so
 * every row sees the shared machine's load alike; `samples` each.
 */
async function profileShapes(h: Harness, samples: number): Promise<Stats[]> {
  const handles = await Promise.all(
    SHAPES.map(([, shape], k) => h.client.workflow.start(shapedUpdateWorkflow, { workflowId: `shaped-${k}-${Date.now()}`, taskQueue: TASK_QUEUE, args: [shape] })),
  );
  for (const handle of handles) for (let i = 0; i < 10; i++) await handle.executeUpdate(bareUpdate, { args: [i] });
  const latencies: number[][] = SHAPES.map(() => []);
  for (let done = 0; done < samples; done += PROFILE_ROUND) {
    for (const [k, handle] of handles.entries()) {
      for (let i = 0; i < Math.min(PROFILE_ROUND, samples - done); i++) {
        const t = performance.now();
        await handle.executeUpdate(bareUpdate, { args: [done + i] });
        latencies[k]!.push(performance.now() - t);
      }
    }
  }
  for (const handle of handles) await handle.executeUpdate(bareUpdate, { args: [-1] });
  return latencies.map((l) => statsOf(l));
}

const row = (label: string, s: Stats, base: Stats) =>
  `| ${label} | ${fmt(s.perSecond)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${ratio(s.p50, base.p50)} | ${ratio(s.p99, base.p99)} |`;

/** BENCH_RECORDS_SYNC=pglite: the worker files each change in the records store (PGlite, on this process's thread), as the product does. */
const RECORDS_SYNC = process.env.BENCH_RECORDS_SYNC === 'pglite';

export async function transitionSection(): Promise<string[]> {
  const load = machineLoad();
  const h = await startHarness({ recordsSync: RECORDS_SYNC });
  try {
    progress('transition: warming up…');
    await warmUp(h);
    const noop = await h.client.workflow.start(noopWorkflow, { workflowId: `noop-${Date.now()}`, taskQueue: TASK_QUEUE });
    for (let i = 0; i < 20; i++) await noop.executeUpdate(noopUpdate, { args: [i] });

    progress(`transition: ${SAMPLES} each, one at a time…`);
    const viaApi = await apiTransitions(h, await triagedCase(h, 0), SAMPLES);
    const directCase = h.client.workflow.getHandle(await triagedCase(h, 1));
    const direct = await measure(SAMPLES, 1, (i) =>
      i % 2 === 0
        ? directCase.executeUpdate(commandUpdates.hold, { args: [{ actor: 'bench', reason: 'safeguarding' }] })
        : directCase.executeUpdate(commandUpdates['release-hold'], { args: [{ actor: 'bench' }] }),
    );
    const baseline = await measure(SAMPLES, 1, (i) => noop.executeUpdate(noopUpdate, { args: [i] }));
    const bare = await measure(SAMPLES, 1, (i) => noop.executeUpdate(bareUpdate, { args: [i] }));
    progress(`transition: the profile, ${SAMPLES} of each shape, interleaved…`);
    const shaped = await profileShapes(h, SAMPLES);
    const own = planCost(SAMPLES);
    const profileRow = (label: string, s: Stats) => `| ${label} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${ratio(s.p50, shaped[0]!.p50)} |`;
    return [
      `## A transition (${SAMPLES} sequential, hold/release on one case; each delivers one notice through an activity)`,
      '',
      `Run ${new Date().toISOString()}; ${load}. ${RECORDS_SYNC ? 'Each change filed in the records store (PGlite), as the product does (BENCH_RECORDS_SYNC=pglite).' : 'The records sync is a no-op activity (BENCH_RECORDS_SYNC=pglite files it in PGlite).'}`,
      '',
      '| measured | per second | p50 ms | p95 ms | p99 ms | p50 ratio | p99 ratio |',
      '|---|---|---|---|---|---|---|',
      row('no-op Update awaiting one no-op activity (baseline)', baseline, baseline),
      row('a bare no-op Update', bare, baseline),
      row('the complaint Update called directly', direct, baseline),
      row('the same transition through the API', viaApi, baseline),
      '',
      `The API's own cost (API ÷ direct Update): p50 ${ratio(viaApi.p50, direct.p50)}, p99 ${ratio(viaApi.p99, direct.p99)}. Against a bare no-op Update: p50 ${ratio(viaApi.p50, bare.p50)}, p99 ${ratio(viaApi.p99, bare.p99)}.`,
      '',
      'The complaint Update answers once the transition is applied and its workflow task is done; its letter is delivered by an activity after the answer, so it is faster than the baseline that awaits its activity inside the Update.',
      '',
      `### What the complaint's Update adds to a bare one (${SAMPLES} Updates of each shape, interleaved in rounds of ${PROFILE_ROUND}, same run)`,
      '',
      '| the bare no-op Update, and after it in the main loop | p50 ms | p95 ms | p99 ms | p50 ratio |',
      '|---|---|---|---|---|',
      ...SHAPES.map(([label], k) => profileRow(label, shaped[k]!)),
      '',
      `The complaint Update called directly against the last two rows: p50 ${ratio(direct.p50, shaped[SHAPES.length - 2]!.p50)} of the regular-sync shape, ${ratio(direct.p50, shaped[SHAPES.length - 1]!.p50)} of the local-sync shape.`,
      '',
      `What the Update's own code costs a transition (bench/plan-cost.ts: the same domain code, ${SAMPLES} hold/release in this process, p50 / p99 ms): the validator's run of the plan ${own.validator.p50.toFixed(3)} / ${own.validator.p99.toFixed(3)}, the handler's run (parse, plan, apply) ${own.handler.p50.toFixed(3)} / ${own.handler.p99.toFixed(3)}, the case view built and serialized ${own.view.p50.toFixed(3)} / ${own.view.p99.toFixed(3)} (${fmt(own.viewBytes / 1024)} KiB at the last); against the direct Update's p50 of ${fmt(direct.p50)} ms.`,
      '',
    ];
  } finally {
    await h.stop();
  }
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The creation section's worker keeps at most this many cases cached: its 1,800 cases outgrow the workflow thread's heap under the SDK's default. */
const CREATION_CACHE = 1_000;

export async function creationSection(): Promise<string[]> {
  const load = machineLoad();
  const h = await startHarness({ maxCachedWorkflows: CREATION_CACHE });
  try {
    progress('creation: warming up…');
    await warmUp(h);
    // Each case files itself in the records store (its workflow's first activity): counted to know when the worker is done.
    const filed = new Set<string>();
    h.hooks.onSync = (snapshot) => void filed.add(snapshot.reference);
    const settle = async (references: string[]) => {
      while (references.some((r) => !filed.has(r))) await sleep(100);
    };
    interface Round { api: Stats; waited: Stats; noop: Stats; filedPerSecond: number; unavailable: number }
    const rounds = new Map<number, Round[]>();
    let next = 0;
    let waitedTimeouts = 0;
    for (const concurrency of [1, 4, 16]) {
      rounds.set(concurrency, []);
      for (let round = 0; round < ROUNDS; round++) {
        progress(`creation at concurrency ${concurrency}, round ${round + 1} of ${ROUNDS}…`);
        const n = Math.max(40, Math.round(SAMPLES / 2));
        const unavailableBefore = h.unavailable;
        // The API's answer; then the time until the worker has run every case's first task and filed it, outside the measure.
        const created: string[] = [];
        const t = performance.now();
        const api = await measure(n, concurrency, async () => void created.push(await h.createCase(next++)));
        await settle(created);
        const filedPerSecond = n / ((performance.now() - t) / 1000);
        const unavailable = h.unavailable - unavailableBefore;
        // The same creation, then waiting for the workflow's first task (a case view query), as creation answered before.
        const waitedFor: string[] = [];
        const waited = await measure(n, concurrency, async () => {
          const reference = await h.createCase(next++);
          waitedFor.push(reference);
          // Past the server's query deadline (the worker too busy to run the first task) it asks again, as the API's 503 made a client do.
          for (let attempt = 1; ; attempt++) {
            try {
              await h.client.workflow.getHandle(reference).query(caseViewQuery);
              break;
            } catch (error) {
              if (attempt >= 5 || !/deadline|timed out/i.test(String((error as Error).message) + String((error as { cause?: Error }).cause?.message))) throw error;
              waitedTimeouts++;
            }
          }
        });
        await settle(waitedFor);
        const noop = await measure(n, concurrency, (i) =>
          h.client.workflow.start(noopWorkflow, { workflowId: `noop-${concurrency}-${round}-${i}-${Date.now()}`, taskQueue: TASK_QUEUE }),
        );
        await sleep(1_000); // the no-op workflows' first tasks
        rounds.get(concurrency)!.push({ api, waited, noop, filedPerSecond, unavailable });
      }
    }
    const ratios = (rs: Round[], pick: (r: Round) => number) => rs.map((r) => pick(r) / r.noop.perSecond);
    const list = (xs: number[]) => xs.map((x) => `${x.toFixed(2)}×`).join(', ');
    return [
      '## Case creation at increasing concurrency',
      '',
      `Run ${new Date().toISOString()}; ${load} at the start, ${machineLoad().replace('load average ', '')} at the end. ${ROUNDS} rounds at each concurrency, each of ${Math.max(40, Math.round(SAMPLES / 2))} creations of each kind; medians of the rounds, and each round's ratio. The worker caches at most ${CREATION_CACHE.toLocaleString('en-GB')} workflows.`,
      '',
      '| concurrency | API creates/s | no-op starts/s | throughput ratio (median) | ratio each round | API p50 ms | API p99 ms | no-op p99 ms | cases filed/s | waiting for the first task: creates/s, ratio (median), p99 ms | API 503s retried |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...[...rounds.entries()].map(([concurrency, rs]) => {
        const m = (pick: (r: Round) => number) => fmt(median(rs.map(pick)));
        return `| ${concurrency} | ${m((r) => r.api.perSecond)} | ${m((r) => r.noop.perSecond)} | ${median(ratios(rs, (r) => r.api.perSecond)).toFixed(2)}× | ${list(ratios(rs, (r) => r.api.perSecond))} | ${m((r) => r.api.p50)} | ${m((r) => r.api.p99)} | ${m((r) => r.noop.p99)} | ${m((r) => r.filedPerSecond)} | ${m((r) => r.waited.perSecond)}, ${median(ratios(rs, (r) => r.waited.perSecond)).toFixed(2)}×, ${m((r) => r.waited.p99)} | ${rs.reduce((a, r) => a + r.unavailable, 0)} |`;
      }),
      '',
      `API creation (with an Idempotency-Key, as clients send) files the case in the records store, starts the workflow and answers with the case's first view, computed by the same opening code the workflow runs (domain/complaint/opening.ts), without waiting for the worker. Each round then waits, outside its measure, until the worker has run every new case's first task and filed it: "cases filed/s" is the round's creations over the time from its first request until the last case had filed itself. "Waiting for the first task" is the same creation followed by a case view query, which waits for the workflow's first task: what creation cost when it answered from the workflow (${waitedTimeouts} of those queries timed out before the worker ran the first task and were asked again). A creation the API could not finish within its Temporal deadline (10 s) is answered 503 with Retry-After and retried with the same key, as a client would; its latency includes the retry.`,
      '',
    ];
  } finally {
    await h.stop();
  }
}

const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 10_000);
// The worker's sticky cache: the product's default (WORKER_MAX_CACHED_WORKFLOWS unset), unless that would hold the
// idle cases measured (opened 11th to 110th), which must have been evicted to measure a wake that replays; BENCH_OPEN_CACHE sets it.
const OPEN_CACHE = Number(process.env.BENCH_OPEN_CACHE ?? 0) || (defaultMaxCachedWorkflows() <= OPEN_CASES - 200 ? defaultMaxCachedWorkflows() : Math.floor(OPEN_CASES / 4));

export async function openCasesSection(): Promise<string[]> {
  const load = machineLoad();
  const h = await startHarness({ maxCachedWorkflows: OPEN_CACHE });
  try {
    progress('open-cases: warming up…');
    await warmUp(h);
    // Cases received just now: their first clocks fall days ahead, so no timer fires while this runs.
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const calendar = defaultCalendarData('england-and-wales');
    let synced = 0;
    h.hooks.onSync = () => void synced++;
    const opened: string[] = [];
    const open = async (from: number, to: number) => {
      const before = synced;
      await pool(to - from, 8, async (i) => {
        const reference = `OPEN-${from + i}-${Date.now()}`;
        await h.client.workflow.start(complaintWorkflow, {
          workflowId: reference,
          taskQueue: TASK_QUEUE,
          args: [{ reference, receivedAt, policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'bench' }],
        });
        opened.push(reference);
      });
      // Settled when every new case has filed itself (its first activity).
      while (synced - before < to - from) await sleep(500);
      await sleep(2_000);
    };
    const measured = await triagedCase(h, 0);
    const read = (n: number) =>
      measure(n, 1, async () => {
        const res = await fetch(`${h.base}/v1/complaints/${measured}`, { headers: h.headers });
        if (res.status !== 200) throw new Error(`read: ${res.status}`);
        await res.arrayBuffer();
      });
    // The measured case, the warm-up case and 8 more: 10 open complaint cases.
    await open(0, 8);
    progress('open-cases: 10 open…');
    const few = await apiTransitions(h, measured, SAMPLES);
    const fewReads = await read(SAMPLES);
    progress(`open-cases: opening ${OPEN_CASES - 10} more…`);
    const t = performance.now();
    await open(8, OPEN_CASES - 2);
    const openSeconds = (performance.now() - t) / 1000;
    progress(`open-cases: ${OPEN_CASES} open…`);
    const many = await apiTransitions(h, measured, SAMPLES);
    const manyReads = await read(SAMPLES);
    // Cases opened early are long evicted from the worker's sticky cache: their first transition replays their history.
    const idle: number[] = [];
    const missesBefore = await stickyCacheMisses();
    progress(`open-cases: idle cases… (monotonic ${process.hrtime.bigint() / 1000n} µs)`);
    for (const id of opened.slice(10, 10 + Math.min(SAMPLES, 100))) {
      const t0 = performance.now();
      await h.client.workflow.getHandle(id).executeUpdate(commandUpdates.triage, { args: [{ actor: 'bench', decision: 'stage1' }] });
      idle.push(performance.now() - t0);
    }
    progress(`open-cases: done (monotonic ${process.hrtime.bigint() / 1000n} µs)`);
    // Each evicted case's first task is one miss; its later tasks (the triage's activity) find it cached again.
    const replayed = (await stickyCacheMisses()) - missesBefore;
    const coldCases = statsOf(idle);
    const rowOf = (label: string, s: Stats, base: Stats) => `| ${label} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${ratio(s.p50, base.p50)} | ${ratio(s.p99, base.p99)} |`;
    return [
      `## Transition latency with ${OPEN_CASES.toLocaleString('en-GB')} open cases against 10`,
      '',
      `Run ${new Date().toISOString()}; ${load}. One case, ${SAMPLES} sequential hold/release transitions through the API with 10 complaint cases open, then again after ${(OPEN_CASES - 10).toLocaleString('en-GB')} more were started (${fmt(openSeconds)} s to start them and let each file itself); also the case view read through the API (a workflow query).`,
      '',
      '| measured | p50 ms | p95 ms | p99 ms | p50 ratio | p99 ratio |',
      '|---|---|---|---|---|---|',
      rowOf('transition, 10 open (baseline)', few, few),
      rowOf(`transition, ${OPEN_CASES.toLocaleString('en-GB')} open`, many, few),
      rowOf('case view read, 10 open (baseline)', fewReads, fewReads),
      rowOf(`case view read, ${OPEN_CASES.toLocaleString('en-GB')} open`, manyReads, fewReads),
      rowOf(`first transition on ${coldCases.n} idle cases among ${OPEN_CASES.toLocaleString('en-GB')} (triage, direct Update), ${replayed} of them evicted`, coldCases, few),
      '',
      `The worker's sticky cache held ${h.worker.options.maxCachedWorkflows.toLocaleString('en-GB')} cases (the product's default on this machine, WORKER_MAX_CACHED_WORKFLOWS unset: ${defaultMaxCachedWorkflows().toLocaleString('en-GB')}). The last row is the first transition on cases opened early, so evicted since: ${replayed} of the ${coldCases.n} were (the worker's sticky-cache misses while they ran), and each of those replayed its short history first.`,
      '',
    ];
  } finally {
    await h.stop();
  }
}


function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

const LONG_CASES = Number(process.env.BENCH_LONG_CASES ?? 10);
const LONG_TRANSITIONS = 200;

export async function longCaseSection(): Promise<string[]> {
  const load = machineLoad();
  const h = await startHarness();
  try {
    progress('long-case: warming up…');
    await warmUp(h);
    // byIndex[i]: the latencies of the (i+1)th transition, one per case.
    const byIndex: number[][] = Array.from({ length: LONG_TRANSITIONS }, () => []);
    let continuedAsNew = 0;
    let lastHistory = 0;
    // The case view each transition answers with (API body bytes), by position.
    const sizes: number[][] = Array.from({ length: LONG_TRANSITIONS }, () => []);
    for (let k = 0; k < LONG_CASES; k++) {
      progress(`long-case: case ${k + 1} of ${LONG_CASES}…`);
      const reference = await triagedCase(h, k);
      const handle = h.client.workflow.getHandle(reference);
      const firstRun = (await handle.describe()).runId;
      for (let i = 0; i < LONG_TRANSITIONS; i++) {
        const t = performance.now();
        const bytes = await h.command(reference, ...holdOrRelease(i));
        byIndex[i]!.push(performance.now() - t);
        sizes[i]!.push(bytes);
      }
      const described = await handle.describe();
      if (described.runId !== firstRun) continuedAsNew++;
      lastHistory = described.historyLength;
    }
    // What the growing answer alone costs: bare Updates on a no-op workflow answering the 1st and the last view's size, interleaved.
    const firstBytes = statsOf(sizes[0]!).p50;
    const lastBytes = statsOf(sizes[LONG_TRANSITIONS - 1]!).p50;
    const noop = await h.client.workflow.start(noopWorkflow, { workflowId: `noop-long-${Date.now()}`, taskQueue: TASK_QUEUE });
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < LONG_TRANSITIONS; i++) {
      for (const [bytes, into] of [[firstBytes, small], [lastBytes, large]] as const) {
        const t = performance.now();
        await noop.executeUpdate(sizedUpdate, { args: [bytes] });
        into.push(performance.now() - t);
      }
    }
    const smallStats = statsOf(small);
    const largeStats = statsOf(large);
    const window = (from: number, to: number) => statsOf(byIndex.slice(from, to).flat());
    const first = statsOf(byIndex[0]!);
    const last = statsOf(byIndex[LONG_TRANSITIONS - 1]!);
    const firstTen = window(0, 10);
    const lastTen = window(LONG_TRANSITIONS - 10, LONG_TRANSITIONS);
    const rowOf = (label: string, s: Stats, base: Stats) => `| ${label} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.max)} | ${ratio(s.p50, base.p50)} |`;
    return [
      `## The ${ordinal(LONG_TRANSITIONS)} transition on one case against its first`,
      '',
      `Run ${new Date().toISOString()}; ${load}. ${LONG_CASES} cases, each triaged then taken through ${LONG_TRANSITIONS} hold/release transitions through the API one after another (each adds events to the case and owes a letter).`,
      '',
      '| transition | samples | p50 ms | p95 ms | max ms | p50 ratio |',
      '|---|---|---|---|---|---|',
      rowOf('1st (baseline)', first, first),
      rowOf(ordinal(LONG_TRANSITIONS), last, first),
      rowOf('1st–10th (baseline)', firstTen, firstTen),
      rowOf(`${ordinal(LONG_TRANSITIONS - 9)}–${ordinal(LONG_TRANSITIONS)}`, lastTen, firstTen),
      rowOf(`a bare Update answering ${fmt(firstBytes / 1024)} KiB, the 1st view's size (baseline)`, smallStats, smallStats),
      rowOf(`a bare Update answering ${fmt(lastBytes / 1024)} KiB, the ${ordinal(LONG_TRANSITIONS)} view's size`, largeStats, smallStats),
      '',
      `What grows with the case is the case view every transition answers with (the whole chronology: ${fmt(firstBytes / 1024)} KiB at the 1st, ${fmt(lastBytes / 1024)} KiB at the ${ordinal(LONG_TRANSITIONS)}); the last two rows, on the same server, are what that size alone costs an Update (${fmt(largeStats.p50 - smallStats.p50)} ms at p50). The Update's answer is also kept in the case's history, once per transition.`,
      '',
      `${continuedAsNew} of ${LONG_CASES} cases continued as new on the way (the workflow's limit is 2,000 history events, checked on each pass of its main loop); the last case's current run had ${lastHistory} events at the end.`,
      '',
    ];
  } finally {
    await h.stop();
  }
}
