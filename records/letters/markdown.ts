/**
 * The small Markdown the letter templates are written in, rendered three
 * ways: plain text and HTML (email, the outbox, print) and GOV.UK Notify's own
 * Markdown-like format. A renderer of our own, not a library, because the
 * values filled into a template (a complainant's name, staff's reasons) must
 * never be read as Markdown or HTML: they reach here as opaque slots and are
 * put back, escaped for each format, only after the template's own markup
 * has been parsed.
 *
 * The subset (templates/letters/README.md): blocks separated by a blank line;
 * `# heading` (`##`, `###`); a block of `- item` or `* item` lines is a list;
 * a block of `^ line` lines is inset text; any other block is a paragraph,
 * each of its line breaks kept (a sign-off's lines stay lines); `**bold**`.
 */

export interface RenderedMarkdown {
  text: string;
  /** An HTML fragment (wrap it with `htmlDocument`). */
  html: string;
  /** GOV.UK Notify's format: `#` headings, `*` bullets, `^` inset text, no bold. */
  notify: string;
}

/** Private-use characters around a slot's index: no template or value is expected to hold them. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SLOT = /\uE000(\d+)\uE001/g;

/** The text standing for the `index`th value in a template being rendered. */
export function slot(index: number): string {
  return `${OPEN}${index}${CLOSE}`;
}

type Block =
  | { type: 'heading'; level: number; line: string }
  | { type: 'list'; items: string[] }
  | { type: 'inset'; lines: string[] }
  | { type: 'paragraph'; lines: string[] };

function parseBlocks(source: string): Block[] {
  return source
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((chunk) => chunk.split('\n').map((l) => l.trim()).filter(Boolean))
    .filter((lines) => lines.length > 0)
    .map((lines): Block => {
      const heading = /^(#{1,3})\s+(.*)$/.exec(lines[0]!);
      if (heading && lines.length === 1) return { type: 'heading', level: heading[1]!.length, line: heading[2]! };
      if (lines.every((l) => /^[-*]\s+/.test(l))) return { type: 'list', items: lines.map((l) => l.replace(/^[-*]\s+/, '')) };
      if (lines.every((l) => /^\^\s*/.test(l))) return { type: 'inset', lines: lines.map((l) => l.replace(/^\^\s*/, '')) };
      return { type: 'paragraph', lines };
    });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A value in Notify's format: a link's brackets, and markup at the start of the value or of any of its lines, backslash-escaped (Notify's Markdown honours escapes), so it reads as written. */
function escapeNotify(value: string): string {
  return value.replace(/[[\]\\]/g, '\\$&').replace(/^(\s*)([#*^>+-]|\d+\.)/gm, '$1\\$2');
}

/** One line's inline markup (bold) for a format; the template's own text escaped for HTML. */
function inline(line: string, format: 'text' | 'html' | 'notify'): string {
  const parts = line.split(/\*\*(?=\S)(.+?)(?<=\S)\*\*/);
  return parts
    .map((part, i) => {
      const own = format === 'html' ? escapeHtml(part) : part;
      return i % 2 === 1 && format === 'html' ? `<strong>${own}</strong>` : own;
    })
    .join('');
}

/** Puts each slot's value back, escaped by `escape`. */
export function fillSlots(rendered: string, values: readonly string[], escape: (value: string) => string): string {
  return rendered.replace(SLOT, (_all, i: string) => escape(values[Number(i)] ?? ''));
}

/** Renders `source` (Markdown whose values stand as `slot(i)`) with `values[i]` put back, escaped per format. */
export function renderMarkdown(source: string, values: readonly string[] = []): RenderedMarkdown {
  const blocks = parseBlocks(source);
  const text = blocks
    .map((b) => {
      if (b.type === 'heading') return inline(b.line, 'text');
      if (b.type === 'list') return b.items.map((item) => `- ${inline(item, 'text')}`).join('\n');
      if (b.type === 'inset') return b.lines.map((l) => `    ${inline(l, 'text')}`).join('\n');
      return b.lines.map((l) => inline(l, 'text')).join('\n');
    })
    .join('\n\n');
  const html = blocks
    .map((b) => {
      if (b.type === 'heading') return `<h${b.level}>${inline(b.line, 'html')}</h${b.level}>`;
      if (b.type === 'list') return `<ul>\n${b.items.map((item) => `<li>${inline(item, 'html')}</li>`).join('\n')}\n</ul>`;
      if (b.type === 'inset') return `<blockquote>${b.lines.map((l) => inline(l, 'html')).join('<br>\n')}</blockquote>`;
      return `<p>${b.lines.map((l) => inline(l, 'html')).join('<br>\n')}</p>`;
    })
    .join('\n');
  const notify = blocks
    .map((b) => {
      if (b.type === 'heading') return `${b.level === 1 ? '#' : '##'} ${inline(b.line, 'notify')}`;
      if (b.type === 'list') return b.items.map((item) => `* ${inline(item, 'notify')}`).join('\n');
      if (b.type === 'inset') return b.lines.map((l) => `^ ${inline(l, 'notify')}`).join('\n');
      return b.lines.map((l) => inline(l, 'notify')).join('\n');
    })
    .join('\n\n');
  return {
    text: `${fillSlots(text, values, (v) => v)}\n`,
    html: fillSlots(html, values, (v) => escapeHtml(v).replace(/\r?\n/g, '<br>\n')),
    notify: `${fillSlots(notify, values, escapeNotify)}\n`,
  };
}

/** A complete HTML document around a rendered fragment: what an email's HTML part or a printed letter holds. */
export function htmlDocument(title: string, fragment: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 Arial,sans-serif;color:#0b0c0c;max-width:40em;margin:1em auto;padding:0 1em}blockquote{border-left:4px solid #b1b4b6;margin:1em 0;padding-left:1em}address{font-style:normal;margin-bottom:1.5em}address.from{text-align:right}</style>
</head><body>
${fragment}
</body></html>
`;
}
