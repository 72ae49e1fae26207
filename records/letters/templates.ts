import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateError } from '../errors';
import { fillSlots, renderMarkdown, slot } from './markdown';

/** `templates/letters/` at the project's root: files a council edits. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/letters', import.meta.url));

export interface LetterTemplate {
  name: string;
  subject: string;
  audience: 'complainant' | 'staff';
  body: string;
}

/** Parts added to every complainant letter, in this order: the Ombudsman always last. */
const PARTIALS = ['_signoff', '_advocacy', '_ombudsman'] as const;
type PartialName = (typeof PARTIALS)[number];

export interface TemplateSet {
  templates: Map<string, LetterTemplate>;
  partials: Record<PartialName, string>;
}

/**
 * Reads every template in `dir` once (a council's edits apply at the next
 * start). `partial`: a council's own few, over the defaults (activities/delivery/council.ts).
 */
export function loadTemplates(dir = TEMPLATES_DIR, options: { partial?: boolean } = {}): TemplateSet {
  const templates = new Map<string, LetterTemplate>();
  const partials: Partial<Record<PartialName, string>> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const name = file.slice(0, -3);
    const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
    if (name.startsWith('_')) {
      if (!(PARTIALS as readonly string[]).includes(name)) throw new TemplateError(`unknown partial template ${file}`);
      partials[name as PartialName] = text.trim();
    } else {
      templates.set(name, parseTemplate(name, text));
    }
  }
  if (!options.partial) for (const p of PARTIALS) if (partials[p] === undefined) throw new TemplateError(`template ${p}.md is missing from ${dir}`);
  return { templates, partials: partials as Record<PartialName, string> };
}

function parseTemplate(name: string, text: string): LetterTemplate {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new TemplateError(`template ${name}.md must start with a --- header holding subject and audience`);
  const header = Object.fromEntries(
    match[1]!.split('\n').flatMap((line) => {
      const m = /^(\w+):\s*(.*)$/.exec(line.trim());
      return m ? [[m[1]!, m[2]!]] : [];
    }),
  );
  if (!header.subject) throw new TemplateError(`template ${name}.md has no subject`);
  if (header.audience !== 'complainant' && header.audience !== 'staff') {
    throw new TemplateError(`template ${name}.md: audience must be complainant or staff`);
  }
  return { name, subject: header.subject, audience: header.audience, body: match[2]!.trim() };
}

/** A template's values: a string, or a list of items a section repeats. */
export type Values = { [key: string]: string | null | undefined | Values[] };

const SECTION = /\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders and `{{#name}}…{{/name}}` (present) or
 * `{{^name}}…{{/name}}` (absent) sections, nested ones too. A section whose
 * value is a list repeats once per item, the item's values over the
 * others (`{{#heads}}- {{head}}: {{finding}}\n{{/heads}}`); an empty list is absent.
 * A placeholder with no value (undefined, null, empty) or naming a list is a
 * `TemplateError` naming it and the template. `put` decides what stands for a
 * value (itself, by default; a slot when rendering).
 */
export function fill(text: string, values: Values, where: string, put: (value: string) => string = (v) => v): string {
  const present = (key: string) => {
    const value = values[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '';
  };
  // Again until nothing changes, so a section may hold sections of other names.
  let sectioned = text;
  for (let before = ''; before !== sectioned; ) {
    before = sectioned;
    sectioned = sectioned.replace(SECTION, (_all, sign: string, key: string, inner: string) => {
      const value = values[key];
      if (sign === '#' && Array.isArray(value)) return value.map((item) => fill(inner, { ...values, [key]: undefined, ...item }, where, put)).join('');
      return (sign === '#') === present(key) ? inner : '';
    });
  }
  return sectioned.replace(PLACEHOLDER, (_all, key: string) => {
    const value = values[key];
    if (Array.isArray(value)) throw new TemplateError(`${where} uses the list {{${key}}} as a value: repeat it with {{#${key}}}…{{/${key}}}`);
    if (!present(key)) throw new TemplateError(`${where} needs {{${key}}}, which has no value`);
    return put(value!);
  });
}

export interface RenderedLetter {
  template: string;
  audience: 'complainant' | 'staff';
  subject: string;
  /** The letter as Markdown, values as given (what a council's template says, filled). */
  body: string;
  /** Plain text: no Markdown marks. */
  text: string;
  /** An HTML fragment, every value escaped. */
  html: string;
  /** GOV.UK Notify's Markdown-like format. */
  notify: string;
}

/**
 * Renders template `name`. A complainant letter ends with the sign-off, the
 * offer of an advocate when `advocacy` is set, and the Ombudsman's details.
 */
export function renderLetter(set: TemplateSet, name: string, values: Values, options: { advocacy: boolean }): RenderedLetter {
  const template = set.templates.get(name);
  if (!template) throw new TemplateError(`no letter template ${name}.md`);
  // Values stand as slots while the template's own Markdown is parsed (markdown.ts).
  const slotted: string[] = [];
  const put = (value: string) => slot(slotted.push(value) - 1);
  const parts = [fill(template.body, values, `template ${name}.md`, put)];
  if (template.audience === 'complainant') {
    parts.push(fill(set.partials._signoff, values, 'template _signoff.md', put));
    if (options.advocacy) parts.push(fill(set.partials._advocacy, values, 'template _advocacy.md', put));
    parts.push(fill(set.partials._ombudsman, values, 'template _ombudsman.md', put));
  }
  const source = parts.join('\n\n');
  return {
    template: name,
    audience: template.audience,
    // A subject is plain text: a value in it is never read as Markdown.
    subject: fill(template.subject, values, `the subject of ${name}.md`),
    body: `${fillSlots(source, slotted, (v) => v)}\n`,
    ...renderMarkdown(source, slotted),
  };
}
