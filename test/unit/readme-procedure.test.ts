import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESPONSIBLE } from '../../domain/complaint/clocks';
import { COMMAND_TABLE } from '../../domain/complaint/table';

/**
 * The README's "The procedure, step by step" is where a reader finds each step
 * and the regulation or paragraph it comes from: a command or a clock added
 * later without its row (and its source) fails here.
 */

const HEADING = '### The procedure, step by step';
const COLUMNS = ['step (command)', 'what it does', 'clock (working days, from what)', 'where it comes from'];
/** A source: a regulation, a document's paragraph or heading, or a product choice said as such. */
const SOURCE = /\breg\. \d|\b(?:Luton|Rutland|BANES|Kingston|RRC)\b|\bproduct choice\b/i;

/** The cells of the first table under the heading, header first. */
function stepTable(markdown: string): string[][] {
  const start = markdown.indexOf(`\n${HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${HEADING}" section`);
  const lines = markdown.slice(start + HEADING.length + 2).split('\n');
  const end = lines.findIndex((line) => /^#{1,3} /.test(line));
  const section = end < 0 ? lines : lines.slice(0, end);
  const first = section.findIndex((line) => line.startsWith('|'));
  if (first < 0) throw new Error(`"${HEADING}" has no table`);
  const table: string[] = [];
  for (const line of section.slice(first)) {
    if (!line.startsWith('|')) break;
    table.push(line);
  }
  // The separator row (|---|---|) is not a step.
  return table.filter((line) => !/^\|[-| ]+\|$/.test(line)).map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim()));
}

/** The `code` names in a cell. */
function names(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

const [header, ...rows] = stepTable(fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
const commands = Object.keys(COMMAND_TABLE);
// A command's row starts with its name; a step the workflow takes by itself is in italics.
const commandRows = rows.filter((cells) => cells[0]!.startsWith('`'));

describe('the README lists each step of the procedure with where it comes from', () => {
  it('has the four columns', () => {
    expect(header).toEqual(COLUMNS);
  });

  it('has a row for every command of COMMAND_TABLE', () => {
    const listed = new Set(commandRows.flatMap((cells) => names(cells[0]!)));
    expect(commands.filter((c) => !listed.has(c))).toEqual([]);
  });

  it('names no command the table does not have', () => {
    expect(commandRows.flatMap((cells) => names(cells[0]!)).filter((c) => !commands.includes(c))).toEqual([]);
  });

  it('names every clock in its clock column', () => {
    const clocks = new Set(rows.flatMap((cells) => names(cells[2] ?? '')));
    expect(Object.keys(RESPONSIBLE).filter((key) => !clocks.has(key))).toEqual([]);
  });

  it('says for every row what it does and where it comes from', () => {
    const incomplete = rows.filter((cells) => cells.length !== COLUMNS.length || !cells[1] || !SOURCE.test(cells[3] ?? ''));
    expect(incomplete.map((cells) => cells[0])).toEqual([]);
  });
});
