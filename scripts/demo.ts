// `npm run demo -- [--api URL] [--token JWT] [--ref SLUG]`
// Seeds a dozen invented cases at every point of the procedure through the
// running product's API (scripts/demo-cases.ts), so the Temporal UI, the
// listing and the annual report show something real, and prints each
// reference with its stage and next date. Running it again creates nothing:
// each case is imported under a fixed source id (the reference follows from
// it) with an Idempotency-Key, and each later step carries its own key.
// `--ref SLUG` prints only that case's reference, for scripts:
// REF=$(npm run --silent demo -- --ref awaiting-triage)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadOrCreateLocalKeys, localTokenHours, signLocalToken } from '../api/auth/local-keys';
import { loadConfig } from '../config/config';
import { WorkingDayCalendar } from '../domain/calendar';
import { defaultCalendarData } from '../domain/holidays';
import { formatLong, londonDateOf } from '../domain/dates';
import { demoCases, type DemoCase } from './demo-cases';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from './tools.mjs';

export interface SeededCase {
  slug: string;
  label: string;
  reference: string;
  /** Whether this run imported it (false: an earlier run had). */
  created: boolean;
  stage: string;
  status: string;
  onHold: boolean;
  next: { key: string; due: string } | null;
  overdue: { key: string; due: string; since: string } | null;
}

export interface SeedOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000. */
  api: string;
  /** A complaints manager's token (importing and closing are a manager's). */
  token: string;
  /** Wall clock: the demo is dated back from this instant's London date. */
  now?: number;
}

async function call(options: SeedOptions, method: string, route: string, body?: unknown, key?: string) {
  const res = await fetch(`${options.api.replace(/\/$/, '')}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${String(answer.detail ?? '')} ${answer.errors ? JSON.stringify(answer.errors) : ''}`);
  return answer;
}

/** Imports one demo case (or finds it imported) and takes its later steps, each once. */
async function seedOne(options: SeedOptions, demo: DemoCase, today: string): Promise<SeededCase> {
  const rows = { rows: [{ sourceId: `demo-${demo.slug}`, ...demo.row }] };
  type Result = { status: string; reference?: string; problems?: unknown };
  // A dry run first: it finds a case an earlier run imported (on any day) and starts nothing.
  let [result] = (await call(options, 'POST', '/v1/imports?source=demo&dryRun=true', rows)).results as Result[];
  const created = result?.status === 'would-start';
  if (created) [result] = (await call(options, 'POST', '/v1/imports?source=demo', rows, `demo-${demo.slug}-${today}`)).results as Result[];
  if (!result?.reference || (result.status !== 'started' && result.status !== 'already-imported')) {
    throw new Error(`demo case ${demo.slug} was not imported: ${JSON.stringify(result)}`);
  }
  // Each step under its own key: a second run (or a run that stopped half way) gets the first answer, applying nothing twice.
  for (const step of demo.then ?? []) {
    await call(options, 'POST', `/v1/complaints/${result.reference}/commands/${step.command}`, step.body, `demo-${demo.slug}-${step.command}`);
  }
  const view = await call(options, 'GET', `/v1/complaints/${result.reference}`);
  return {
    slug: demo.slug,
    label: demo.label,
    reference: result.reference,
    created,
    stage: view.stage as string,
    status: view.status as string,
    onHold: view.onHold === true,
    next: (view.next as SeededCase['next']) ?? null,
    overdue: (view.overdue as SeededCase['overdue']) ?? null,
  };
}

/** Seeds every demo case, one after another (each is a few round trips). */
export async function seedDemo(options: SeedOptions): Promise<SeededCase[]> {
  const today = londonDateOf(options.now ?? Date.now());
  const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
  const seeded: SeededCase[] = [];
  for (const demo of demoCases(today, calendar)) seeded.push(await seedOne(options, demo, today));
  return seeded;
}

/** One line a case: reference, where it is, and its next date (or what is overdue). */
export function describeSeeded(c: SeededCase): string {
  const when = c.overdue
    ? `OVERDUE: ${c.overdue.key} was due ${formatLong(c.overdue.due)}`
    : c.next
      ? `next: ${c.next.key} by ${formatLong(c.next.due)}`
      : c.onHold
        ? 'on hold: every clock stopped'
        : 'nothing due';
  return `${c.reference}  ${c.stage.padEnd(6)}  ${c.status.padEnd(19)}  ${when}  (${c.label}${c.created ? '' : '; already there'})`;
}

async function localManagerToken(): Promise<string> {
  const config = loadConfig();
  if (config.AUTH_JWKS_URL) throw new Error('AUTH_JWKS_URL is set: pass a complaints manager token from your identity provider with --token');
  const keys = await loadOrCreateLocalKeys(path.resolve(ROOT as string, config.DATA_DIR));
  return signLocalToken(keys, 'demo-seeder', ['complaints-manager'], localTokenHours(config));
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { api: { type: 'string' }, token: { type: 'string' }, ref: { type: 'string' } } });
  const slugs = demoCases('2026-01-05', new WorkingDayCalendar(defaultCalendarData('england-and-wales'))).map((c) => c.slug);
  if (values.ref !== undefined && !slugs.includes(values.ref)) {
    console.error(`--ref takes one of: ${slugs.join(', ')}`);
    return 2;
  }
  const api = values.api ?? `http://127.0.0.1:${loadConfig().PORT}`;
  const seeded = await seedDemo({ api, token: values.token ?? (await localManagerToken()) });
  if (values.ref !== undefined) {
    console.log(seeded.find((c) => c.slug === values.ref)!.reference);
    return 0;
  }
  for (const c of seeded) console.log(describeSeeded(c));
  const created = seeded.filter((c) => c.created).length;
  console.log(`\n${created} demo cases created, ${seeded.length - created} already there. All names are invented.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
