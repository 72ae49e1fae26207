/**
 * Replaces the bank holidays data file with a newer GOV.UK file.
 *
 *   npm run holidays -- <url-or-path> [--target <path>]
 *
 * The source (e.g. https://www.gov.uk/bank-holidays.json, or a downloaded
 * copy) is validated in full before anything is replaced; the new file is
 * written beside the target and renamed over it, so a failure at any point
 * leaves the old data in force. Prints the dates added and removed per
 * division. Running workflows are unaffected: each keeps the calendar it
 * started with.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BankHolidayFile, DIVISIONS, parseBankHolidayFile } from '../domain/bank-holidays';

const DEFAULT_TARGET = fileURLToPath(new URL('../domain/bank-holidays.json', import.meta.url));
const USAGE = 'usage: npm run holidays -- <url-or-path> [--target <path>]';
// npm runs scripts from the package root; paths the user typed are relative to where they typed them.
const CALLER_DIR = process.env.INIT_CWD ?? process.cwd();

function parseArgs(argv: string[]): { source: string; target: string } {
  const rest = [...argv];
  let target = DEFAULT_TARGET;
  const at = rest.indexOf('--target');
  if (at >= 0) {
    const value = rest[at + 1];
    if (!value) throw new Error(`--target needs a path\n${USAGE}`);
    target = path.resolve(CALLER_DIR, value);
    rest.splice(at, 2);
  }
  const [source, ...extra] = rest;
  if (!source || extra.length > 0) throw new Error(USAGE);
  return { source, target };
}

async function readSource(source: string): Promise<unknown> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`${source} answered ${response.status} ${response.statusText}`);
    text = await response.text();
  } else {
    text = await readFile(path.resolve(CALLER_DIR, source), 'utf8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The current file, or undefined if there is none or it is unreadable (the summary then lists every date as added). */
async function readCurrent(target: string): Promise<BankHolidayFile | undefined> {
  try {
    return parseBankHolidayFile(JSON.parse(await readFile(target, 'utf8')));
  } catch {
    return undefined;
  }
}

function summarise(before: BankHolidayFile | undefined, after: BankHolidayFile): string[] {
  return DIVISIONS.map((division) => {
    const old = new Set(before?.[division].events.map((e) => e.date));
    const now = new Set(after[division].events.map((e) => e.date));
    const added = after[division].events.filter((e) => !old.has(e.date)).map((e) => `${e.date} ${e.title}`);
    const removed = [...old].filter((d) => !now.has(d));
    const list = (label: string, items: string[]) => (items.length > 0 ? `\n  ${label}: ${items.join(', ')}` : '');
    return `${division}: ${added.length} added, ${removed.length} removed${list('added', added)}${list('removed', removed)}`;
  });
}

async function main(): Promise<void> {
  const { source, target } = parseArgs(process.argv.slice(2));
  const file = parseBankHolidayFile(await readSource(source));
  const before = await readCurrent(target);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, 'utf8');
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  console.log(`updated ${target} from ${source}`);
  for (const line of summarise(before, file)) console.log(line);
}

main().catch((error: unknown) => {
  console.error(`bank holidays not updated, the old file stays in force:\n${(error as Error).message}`);
  process.exitCode = 1;
});
