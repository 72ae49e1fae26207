// `npm run import -- <file.csv|file.json> [--dry-run] [--api URL] [--source NAME] [--chunk N] [--token JWT]`
// Sends an older system's export of open cases to POST /v1/imports in chunks,
// with a progress bar on stderr (plain lines when stderr is not a terminal),
// and prints every row's problems. Re-running it starts nothing twice.
// The token: --token, or IMPORT_TOKEN, or (embedded default) one signed for a
// complaints manager with the local key pair, as `npm run token` does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateLocalKeys, localTokenHours, signLocalToken } from '../api/auth/local-keys';
import { parseCsvRecords } from '../api/csv';
import type { RowResult } from '../api/routes/imports';
import { loadConfig } from '../config/config';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from './tools.mjs';

const USAGE = 'usage: npm run import -- <file.csv|file.json> [--dry-run] [--api URL] [--source NAME] [--chunk N] [--token JWT]';

interface ImportAnswer {
  summary: { rows: number; started: number; alreadyImported: number; wouldStart: number; invalid: number };
  results: RowResult[];
}

/** The rows of a file: CSV with a header line, or JSON (an array of rows, or {"rows": [...]}). */
function readRows(file: string): unknown[] {
  const text = fs.readFileSync(file, 'utf8');
  if (/\.json$/i.test(file)) {
    const parsed = JSON.parse(text) as unknown;
    const rows = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown }).rows;
    if (!Array.isArray(rows)) throw new Error(`${file}: expected an array of rows or {"rows": [...]}`);
    return rows;
  }
  return parseCsvRecords(text);
}

/** A progress bar that redraws in place on a terminal, and writes a line per chunk elsewhere (logs, CI). */
function progress(total: number, stream: NodeJS.WriteStream = process.stderr) {
  return (done: number, counts: ImportAnswer['summary']) => {
    const tally = `started ${counts.started}, already imported ${counts.alreadyImported}, would start ${counts.wouldStart}, problems ${counts.invalid}`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${tally}${done === total ? '\n' : ''}`);
    } else {
      stream.write(`imported ${done}/${total}: ${tally}\n`);
    }
  };
}

async function tokenFor(given: string | undefined): Promise<string> {
  if (given) return given;
  if (process.env.IMPORT_TOKEN) return process.env.IMPORT_TOKEN;
  const config = loadConfig();
  if (config.AUTH_JWKS_URL) throw new Error('AUTH_JWKS_URL is set: pass a complaints manager token from your identity provider with --token or IMPORT_TOKEN');
  const keys = await loadOrCreateLocalKeys(path.resolve(ROOT as string, config.DATA_DIR));
  return signLocalToken(keys, 'local-complaints-manager', ['complaints-manager'], localTokenHours(config));
}

/** One chunk, retried with the same Idempotency-Key while the API answers 503 or 429 or cannot be reached. */
async function send(url: string, token: string, rows: unknown[]): Promise<ImportAnswer> {
  const key = `import-${crypto.randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    let res: Response | undefined;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: JSON.stringify({ rows }),
      });
    } catch (error) {
      if (attempt >= 5) throw error;
    }
    if (res && res.status !== 503 && res.status !== 429) {
      const body = (await res.json()) as ImportAnswer & { detail?: string; errors?: unknown };
      if (!res.ok) throw new Error(`the API answered ${res.status}: ${body.detail ?? ''} ${body.errors ? JSON.stringify(body.errors) : ''}`);
      return body;
    }
    if (attempt >= 5) throw new Error(`the API answered ${res?.status} five times`);
    const wait = Number(res?.headers.get('retry-after') ?? 2);
    await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 1), 30) * 1000));
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      api: { type: 'string' },
      source: { type: 'string', default: 'legacy' },
      chunk: { type: 'string', default: '50' },
      token: { type: 'string' },
    },
  });
  const [file] = positionals;
  const chunk = Number(values.chunk);
  if (!file || positionals.length > 1 || !Number.isInteger(chunk) || chunk < 1 || chunk > 500) {
    console.error(USAGE);
    return 2;
  }
  const rows = readRows(file);
  const base = values.api ?? `http://127.0.0.1:${loadConfig().PORT}`;
  const url = `${base.replace(/\/$/, '')}/v1/imports?dryRun=${values['dry-run']}&source=${encodeURIComponent(values.source!)}`;
  const token = await tokenFor(values.token);
  const show = progress(rows.length);
  const totals = { rows: 0, started: 0, alreadyImported: 0, wouldStart: 0, invalid: 0 };
  const problems: string[] = [];
  show(0, totals);
  for (let offset = 0; offset < rows.length; offset += chunk) {
    const answer = await send(url, token, rows.slice(offset, offset + chunk));
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += answer.summary[k];
    for (const r of answer.results) {
      // Rows are numbered in the file: a CSV's data lines, or the JSON array's items, from 1.
      if (r.status === 'invalid') for (const p of r.problems ?? []) problems.push(`row ${offset + r.row} (${r.sourceId ?? 'no sourceId'}): ${p.field}: ${p.message}`);
    }
    show(Math.min(offset + chunk, rows.length), totals);
  }
  for (const line of problems) console.log(line);
  console.log(
    `${values['dry-run'] ? 'dry run: ' : ''}${totals.rows} rows; started ${totals.started}, already imported ${totals.alreadyImported}, would start ${totals.wouldStart}, with problems ${totals.invalid}`,
  );
  return totals.invalid > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
