import { escapeHtml, htmlDocument } from './markdown';
import type { RenderedLetter } from './templates';

/** What a channel stores and sends: the text (or Notify's Markdown) and, where it has one, the HTML page. */
export interface LetterForm {
  body: string;
  html?: string;
}

/** Who sends a printed letter: the return address at its head. */
export interface Sender {
  /** The signature, e.g. "Complaints Team". */
  team: string;
  councilName: string;
  /** The team's postal address; without it the head names the team only. */
  address?: string;
}

/** An address as lines: as given, one a line, or split at its commas ("1 High Street, Oakham, LE15 6AA"). */
export function addressLines(address: string): string[] {
  return address
    .split(address.includes('\n') ? /\r?\n/ : /,/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The letter as posted: the council's return address, then the addressee's
 * name and postal address (for a window envelope), then the letter. Without
 * a postal address it is the letter alone (it is emailed, or waits for one).
 */
export function printedLetter(letter: RenderedLetter, to: { name: string; address?: string }, from: Sender, staffLine?: string): LetterForm {
  // A line for the staff who print it (communication needs), above everything the complainant reads.
  const staff = staffLine ? { text: `${staffLine}\n\n`, html: `<p class="staff-only"><strong>${escapeHtml(staffLine)}</strong></p>\n` } : { text: '', html: '' };
  if (!to.address) return { body: `${staff.text}${letter.text}`, html: htmlDocument(letter.subject, `${staff.html}${letter.html}`) };
  const sender = [from.team, from.councilName, ...(from.address ? addressLines(from.address) : [])];
  const addressee = [to.name, ...addressLines(to.address)];
  const block = (lines: string[], cls: string) => `<address class="${cls}">${lines.map(escapeHtml).join('<br>\n')}</address>`;
  return {
    body: `${staff.text}${sender.join('\n')}\n\n${addressee.join('\n')}\n\n${letter.text}`,
    html: htmlDocument(letter.subject, `${staff.html}${block(sender, 'from')}\n${block(addressee, 'to')}\n${letter.html}`),
  };
}

/** The letter in a channel's form (see `Channel.form`). */
export function letterForm(form: 'print' | 'email' | 'notify', letter: RenderedLetter, to: { name: string; address?: string }, from: Sender, staffLine?: string): LetterForm {
  if (form === 'notify') return { body: letter.notify };
  if (form === 'email') return { body: letter.text, html: htmlDocument(letter.subject, letter.html) };
  return printedLetter(letter, to, from, staffLine);
}
