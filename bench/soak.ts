// Worker memory under a steady load: cases created and driven through all
// three stages for `minutes`, the worker in its own process sampled every 30 s.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { startDevServer } from '../temporal/dev-server';
import { type CommandName } from '../domain/complaint/commands';
import { commandUpdates } from '../workflows/complaint/messages';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { fmt, HERE, machineLoad, progress, sleep, THREE_STAGE_RECEIVED_AT, THREE_STAGE_STEPS } from './harness';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEMPORAL_CLI } from '../scripts/tools.mjs';

interface Sample { at: number; rss: number; heapUsed: number; heapTotal: number; external: number }

const MiB = 2 ** 20;
const SAMPLE_MS = 30_000;
const DRIVERS = 2;
/** Between one driver's commands: a steady load that leaves the shared cores room. */
const PAUSE_MS = 100;
const CACHE = 100;

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function soakSection(minutes: number): Promise<string[]> {
  const load = machineLoad();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-soak-'));
  const server = await startDevServer({ binary: TEMPORAL_CLI as string, port: 7850 + Math.floor(Math.random() * 100), logFile: path.join(tmp, 'temporal.log'), readyTimeoutMs: 120_000 });
  const taskQueue = 'soak';
  const child = fork(path.join(HERE, 'soak-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SOAK_TEMPORAL_ADDRESS: server.address, SOAK_TASK_QUEUE: taskQueue, SOAK_SAMPLE_MS: String(SAMPLE_MS), SOAK_MAX_CACHED_WORKFLOWS: String(CACHE) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const samples: Sample[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: { type: string } & Sample) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'sample') samples.push(message);
    });
    void exited.then((code) => reject(new Error(`the soak worker exited with ${code} before it was ready`)));
  });
  await ready;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const calendar = defaultCalendarData('england-and-wales');
  progress(`soak: ${minutes} min, ${DRIVERS} drivers, worker pid ${child.pid}…`);

  const started = Date.now();
  const endAt = started + minutes * 60_000;
  let cases = 0;
  let commands = 0;
  let failures = 0;
  const drivers = Array.from({ length: DRIVERS }, async (_, d) => {
    while (Date.now() < endAt) {
      const reference = `SOAK-${d}-${cases++}-${Date.now()}`;
      try {
        const handle = await client.workflow.start(complaintWorkflow, {
          workflowId: reference,
          taskQueue,
          args: [{ reference, receivedAt: THREE_STAGE_RECEIVED_AT, policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'soak', team: 'Fostering' }],
        });
        for (const [name, input] of THREE_STAGE_STEPS) {
          if (Date.now() >= endAt) break;
          await sleep(PAUSE_MS);
          await handle.executeUpdate(commandUpdates[name as CommandName] as (typeof commandUpdates)['acknowledge'], { args: [{ ...input, actor: 'soak' } as never] });
          commands++;
        }
      } catch (error) {
        failures++;
        if (failures <= 3) progress(`soak: ${(error as Error).message}`);
      }
    }
  });
  const ticker = setInterval(() => {
    const last = samples.at(-1);
    progress(`soak: ${((Date.now() - started) / 60_000).toFixed(1)} min, ${cases} cases, ${commands} commands, RSS ${last ? fmt(last.rss / MiB) : '?'} MiB`);
  }, 5 * 60_000);
  await Promise.all(drivers);
  clearInterval(ticker);
  const seconds = (Date.now() - started) / 1000;
  child.send({ type: 'stop' });
  await exited;
  await connection.close();
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });

  // The first fifth is warm-up (bundle, JIT, the sticky cache filling); the verdict is on the rest.
  const t0 = samples[0]!.at;
  const steady = samples.filter((s) => s.at - t0 >= (minutes * 60_000) / 5);
  const hours = steady.map((s) => (s.at - t0) / 3_600_000);
  const rssSlope = slope(hours, steady.map((s) => s.rss / MiB));
  const heapSlope = slope(hours, steady.map((s) => s.heapUsed / MiB));
  const meanRss = steady.reduce((a, s) => a + s.rss, 0) / steady.length / MiB;
  const window = hours.length > 1 ? hours.at(-1)! - hours[0]! : 0;
  const rssGrowth = rssSlope * window;
  const plateau = steady.length >= 3 && rssGrowth < 0.05 * meanRss;
  const every = Math.max(1, Math.round(samples.length / 12));
  const rows = samples.filter((_, i) => i % every === 0 || i === samples.length - 1);
  return [
    `## Worker memory over a ${minutes}-minute soak`,
    '',
    `Run ${new Date(started).toISOString()}; ${load}. The worker (the product's workflows and activity code, sticky cache bounded at ${CACHE} workflows so it fills in the first minutes) ran in its own process on its own dev server; ${DRIVERS} drivers each created a case and took it through all three stages (17 Updates, ${PAUSE_MS} ms apart), then the next. ${cases} cases, ${commands} transitions (${fmt(commands / seconds)}/s), ${failures} failed. RSS and heap sampled every ${SAMPLE_MS / 1000} s.`,
    '',
    '| minute | RSS MiB | heap used MiB | heap total MiB |',
    '|---|---|---|---|',
    ...rows.map((s) => `| ${((s.at - t0) / 60_000).toFixed(1)} | ${fmt(s.rss / MiB)} | ${fmt(s.heapUsed / MiB)} | ${fmt(s.heapTotal / MiB)} |`),
    '',
    `After warm-up (the first ${(minutes / 5).toFixed(0)} min): RSS slope ${rssSlope.toFixed(1)} MiB/hour (${rssGrowth.toFixed(1)} MiB over the last ${(window * 60).toFixed(0)} min, mean ${fmt(meanRss)} MiB), heap-used slope ${heapSlope.toFixed(1)} MiB/hour. **${plateau ? 'Plateaus' : 'Does not plateau'}** (criterion: RSS grows less than 5% of its mean over the steady window).`,
    '',
  ];
}
