import { z } from 'zod';
import '../../api/validation-messages';
import { clientBody } from '../../api/command-body';
import { decideCommand, type CaseAccessFacts, type Principal } from '../../domain/access';
import { EVERY_ROW_RULES, type RoleRule } from '../../domain/command-table';
import { stepSchema, type CommandInput, type CommandName } from '../../domain/complaint/commands';
import { datedEarlierDay, lettersHeldBack } from '../../domain/complaint/past';
import type { CaseView } from '../../domain/complaint/state';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { formatLong, londonDateOf, londonInstant, londonTimeOf } from '../../domain/dates';
import type { Role } from '../../domain/roles';
import { happenedOnDate } from '../journey';
import { ITEMS, labelOf, optionText, placedLabel, plainHint, words, type Labels } from './command-words';

/**
 * Every command of the complaint's table as a GOV.UK form, derived from its
 * row: the body the API takes (`clientBody`, so no actor, `by` or register
 * answer), its JSON Schema as /docs shows it (api/openapi.ts derives the same
 * way), its roles and the roles its fields call for. Pure: the staff pages
 * render the result with views/command-form.njk and post the body back
 * through `readForm`. Dates are London dates; an instant is a London date
 * and a London time.
 */

/** A posted urlencoded body (express.urlencoded: a repeated name is an array). */
export type FormBody = Record<string, string | string[] | undefined>;

/** A GOV.UK error summary item, beside the field it concerns (`field` null: the form as a whole). */
export interface ErrorItem {
  field: string | null;
  href: string;
  text: string;
}

export type FieldKind = 'text' | 'number' | 'textarea' | 'radios' | 'checkboxes' | 'checkbox' | 'list' | 'date' | 'datetime' | 'group' | 'repeat';

export interface FormField {
  kind: FieldKind;
  /** The posted name (a dotted path, `findings.heads.0.head`); a date's parts are `<name>-day`, `-month`, `-year` and `-time`. */
  name: string;
  /** The HTML id (the name with dashes); an error summary links here, or to `<id>-day` for a date. */
  id: string;
  label: string;
  hint?: string;
  required: boolean;
  /** Radios' and checkboxes' items, as govuk-frontend takes them. */
  options?: Array<{ value: string; text: string; checked: boolean }>;
  /** The value to show: text, the ticked values, or a date's parts. */
  value?: string | string[] | DateParts;
  error?: string;
  /** A date and time's error: on its date or on its time (the inputs to mark). */
  errorOn?: 'date' | 'time';
  /** A group's fields; a repeat's rows, each its fields. */
  fields?: FormField[];
  rows?: FormField[][];
  /** A repeat: the word for one row ("finding"), and whether another may be added. */
  item?: string;
  canAdd?: boolean;
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
  time?: string;
}

export interface CommandForm {
  command: CommandName;
  title: string;
  /** What the command does, from its schema's description. */
  description: string;
  fields: FormField[];
  errors: ErrorItem[];
  idempotencyKey: string;
  submitText: string;
}

/** The id of the form element: summary-level errors link to it. */
export const FORM_ID = 'command-form';

/** Names the pages post beside the command's own fields. */
const RESERVED = ['_csrf', '_idempotency', '_add'];

// ---------- The command's body as JSON Schema (as api/openapi.ts derives it) ----------

interface Json {
  type?: string;
  format?: string;
  enum?: string[];
  const?: unknown;
  description?: string;
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
}

const schemas = new Map<CommandName, Json>();
function bodySchema(command: CommandName): Json {
  let s = schemas.get(command);
  if (!s) {
    s = jsonOf(clientBody(COMMAND_TABLE[command].schema));
    schemas.set(command, s);
  }
  return s;
}

const jsonSchemas = new WeakMap<z.ZodType, Json>();
/** A body's JSON Schema as a client writes it (defaults optional). */
function jsonOf(schema: z.ZodType): Json {
  let s = jsonSchemas.get(schema);
  if (!s) {
    s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
    jsonSchemas.set(schema, s);
  }
  return s;
}

function isCommand(command: string): command is CommandName {
  return Object.hasOwn(COMMAND_TABLE, command);
}

/** The fields a role rule keeps for some roles (the row's `rolesWhen`, and every row's `backdateReason`). */
function ruleFor(command: CommandName, field: string): RoleRule | undefined {
  return [...(COMMAND_TABLE[command].rolesWhen ?? []), ...EVERY_ROW_RULES].find((r) => r.field === field);
}

function idOf(name: string): string {
  return `f-${name.replace(/\./g, '-')}`;
}

// ---------- The form ----------

function kindOf(s: Json): FieldKind {
  if (s.type === 'object') return 'group';
  if (s.type === 'array') {
    if (s.items?.type === 'object') return 'repeat';
    return s.items?.enum ? 'checkboxes' : 'list';
  }
  if (s.enum) return 'radios';
  if (s.type === 'boolean') return 'checkbox';
  if (s.type === 'integer' || s.type === 'number') return 'number';
  if (s.format === 'date') return 'date';
  if (s.format === 'date-time') return 'datetime';
  return (s.maxLength ?? Infinity) >= 500 ? 'textarea' : 'text';
}

function str(body: FormBody, name: string): string {
  const v = body[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

function all(body: FormBody, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim()).filter((x) => x !== '');
}

/** Rows of a repeat: as many as were posted (or its minimum, or one), and one more when "add another" was pressed. */
function rowCount(s: Json, name: string, body: FormBody): number {
  const prefix = `${name}.`;
  let posted = 0;
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const index = /^(\d+)\./.exec(key.slice(prefix.length))?.[1];
    if (index !== undefined) posted = Math.max(posted, Number(index) + 1);
  }
  const rows = Math.max(posted, s.minItems ?? 1, 1) + (str(body, '_add') === name ? 1 : 0);
  return Math.min(rows, s.maxItems ?? 50);
}

interface Build {
  /** The role rule of a top-level field, if one keeps it for some roles. */
  rule: (field: string) => RoleRule | undefined;
  roles: readonly Role[];
  body: FormBody;
  errors: Map<string, ErrorItem>;
  labels?: Labels;
}

function buildField(b: Build, s: Json, path: string[], required: boolean): FormField | undefined {
  const name = path.join('.');
  const kind = kindOf(s);
  // A field a role rule keeps for some roles appears only to a viewer acting in one of them here.
  const rule = path.length === 1 ? b.rule(path[0]!) : undefined;
  if (rule && !b.roles.some((r) => rule.roles.includes(r))) return undefined;
  const field: FormField = { kind, name, id: idOf(name), label: labelOf(path, b.labels), required, ...(s.description ? { hint: plainHint(s.description) } : {}) };
  const error = b.errors.get(name);
  if (error) {
    field.error = error.text;
    if (kind === 'datetime' || kind === 'date') field.errorOn = error.href.endsWith('-time') ? 'time' : 'date';
  }
  switch (kind) {
    case 'group': {
      const req = new Set(s.properties ? (s.required ?? []) : []);
      field.fields = Object.entries(s.properties ?? {}).flatMap(([key, child]) => buildField(b, child, [...path, key], req.has(key)) ?? []);
      break;
    }
    case 'repeat': {
      const count = rowCount(s, name, b.body);
      field.item = ITEMS[path.at(-1)!] ?? 'item';
      field.rows = Array.from({ length: count }, (_, i) => buildField(b, s.items!, [...path, String(i)], true)!.fields!);
      field.canAdd = count < (s.maxItems ?? 50);
      break;
    }
    case 'radios':
      field.value = str(b.body, name);
      field.options = s.enum!.map((v) => ({ value: v, text: optionText(v), checked: v === field.value }));
      break;
    case 'checkboxes': {
      const ticked = all(b.body, name);
      field.value = ticked;
      field.options = s.items!.enum!.map((v) => ({ value: v, text: optionText(v), checked: ticked.includes(v) }));
      break;
    }
    case 'checkbox':
      field.value = str(b.body, name);
      // A yes-or-no the API requires is two radios: an unticked box cannot say "no".
      if (required) {
        field.kind = 'radios';
        field.options = [
          { value: 'true', text: 'Yes', checked: field.value === 'true' },
          { value: 'false', text: 'No', checked: field.value === 'false' },
        ];
      }
      break;
    case 'date':
    case 'datetime':
      field.value = {
        day: str(b.body, `${name}-day`),
        month: str(b.body, `${name}-month`),
        year: str(b.body, `${name}-year`),
        ...(kind === 'datetime' ? { time: str(b.body, `${name}-time`) } : {}),
      };
      field.hint = kind === 'datetime' ? `${field.hint ?? ''}${required ? '' : ' Leave it blank if it is happening now.'} The date and time are London's.`.trim() : field.hint;
      break;
    case 'list':
      field.hint = `${field.hint ?? ''} Separate them with commas.`.trim();
      field.value = str(b.body, name);
      break;
    default:
      field.value = str(b.body, name);
  }
  return field;
}

export interface FormOptions {
  /** The signed-in person, as their token says. */
  viewer: Principal;
  /** The case as the workflow shows it (its team and parties decide the viewer's part). */
  caseView: CaseView;
  /** Today's London date: a date input's example. */
  today: string;
  /** A posted body to show again (after errors, or "add another"). */
  values?: FormBody;
  errors?: ErrorItem[];
  /** Kept across a form shown again, so a double submit applies once; a new one otherwise. */
  idempotencyKey?: string;
}

/** The roles the viewer acts in on this case for the command, as the API decides them (domain/access.ts); none when it may not send it. */
function actingRoles(viewer: Principal, caseView: CaseView, command: CommandName): Role[] {
  const decision = decideCommand(viewer, factsOf(caseView), COMMAND_TABLE[command].roles, `The ${command} command`);
  return decision.allowed ? decision.as : [];
}

function factsOf(caseView: CaseView): CaseAccessFacts {
  return { team: caseView.team ?? null, parties: caseView.parties };
}

/**
 * The form for a command on this case: its fields (those a role rule keeps
 * for roles the viewer does not act in left out), the posted values and
 * errors to show again, and the idempotency key.
 */
export function formFor(command: CommandName, options: FormOptions): CommandForm {
  const { fields, idempotencyKey } = schemaForm(clientBody(COMMAND_TABLE[command].schema), {
    ...options,
    roles: actingRoles(options.viewer, options.caseView, command),
    rule: (field) => ruleFor(command, field),
    json: bodySchema(command),
  });
  const description = plainHint(z.globalRegistry.get(COMMAND_TABLE[command].schema)?.description ?? '');
  const title = words(command);
  // The command's own fields first, then those of every step (when, a note, the letter, a reason for backdating).
  const common = (f: FormField) => Object.hasOwn(stepSchema().shape, f.name);
  return {
    command,
    title,
    description,
    fields: [...fields.filter((f) => !common(f)), ...fields.filter(common)],
    errors: options.errors ?? [],
    idempotencyKey,
    submitText: title,
  };
}

export interface SchemaFormOptions {
  /** Today's London date: a date input's example. */
  today: string;
  values?: FormBody;
  errors?: ErrorItem[];
  idempotencyKey?: string;
  /** The roles the viewer acts in, for fields a role rule keeps (none: every field without a rule). */
  roles?: readonly Role[];
  rule?: (field: string) => RoleRule | undefined;
  /** Labels of this form's own, before the shared ones (command-words.ts). */
  labels?: Labels;
  /** The body's JSON Schema, when already derived. */
  json?: Json;
}

/**
 * The fields of a form for any request body the API parses with `schema` (a
 * zod object), derived as a command's are: the posted values and errors to
 * show again, and the idempotency key (kept across a form shown again).
 */
export function schemaForm(schema: z.ZodType, options: SchemaFormOptions): { fields: FormField[]; idempotencyKey: string } {
  const body = options.values ?? {};
  const errors = options.errors ?? [];
  const b: Build = { rule: options.rule ?? (() => undefined), roles: options.roles ?? [], body, errors: new Map(errors.flatMap((e) => (e.field ? [[e.field, e] as const] : []))), ...(options.labels ? { labels: options.labels } : {}) };
  const root = buildField(b, options.json ?? jsonOf(schema), [], false)!;
  const [dd, mm, yyyy] = options.today.split('-').reverse();
  const example = `For example, ${Number(dd)} ${Number(mm)} ${yyyy}.`;
  const withExample = (f: FormField): FormField => ({
    ...f,
    ...(f.kind === 'date' || f.kind === 'datetime' ? { hint: `${f.hint ?? ''} ${example}`.trim() } : {}),
    ...(f.fields ? { fields: f.fields.map(withExample) } : {}),
    ...(f.rows ? { rows: f.rows.map((row) => row.map(withExample)) } : {}),
  });
  return { fields: root.fields!.map(withExample), idempotencyKey: options.idempotencyKey ?? (str(body, '_idempotency') || globalThis.crypto.randomUUID()) };
}

/**
 * The commands the viewer may send on this case now, in the table's order:
 * those whose row has a role the viewer holds in a part that reaches this
 * case (decideCommand, the API's one check) and, given `open`, that the case
 * takes now whatever their input (the workflow's openCommandsQuery, from the
 * gates its Update validators run first: domain/complaint/gates.ts). What
 * the input decides is refused with its reason when sent (`refusalErrors`).
 */
export function commandsFor(viewer: Principal, caseView: CaseView, open?: readonly CommandName[]): CommandName[] {
  return (Object.keys(COMMAND_TABLE) as CommandName[]).filter((command) => (!open || open.includes(command)) && actingRoles(viewer, caseView, command).length > 0);
}

// ---------- Reading a posted form ----------

export type ReadResult<C extends CommandName> =
  | { ok: true; input: Omit<CommandInput<C>, 'actor'>; idempotencyKey: string | undefined }
  /** `adding`: "add another" was pressed; nothing is wrong, show the form again with one more row. */
  | { ok: false; errors: ErrorItem[]; adding: boolean };

interface Read {
  body: FormBody;
  errors: ErrorItem[];
  labels?: Labels;
}

/** An ISO instant without milliseconds, as the API's examples write them. */
function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A London time of day, HH:MM (24-hour); "9:05" is read as 09:05. */
function timeOf(raw: string): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(raw);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

function dateError(r: Read, path: string[], part: 'day' | 'time', text: string): void {
  const name = path.join('.');
  r.errors.push({ field: name, href: `#${idOf(name)}-${part}`, text });
}

/**
 * The value of a field from the body; undefined when left blank. A required
 * group left blank is an empty object, and a required list of rows left blank
 * keeps its first row, so the schema names the fields to fill in.
 */
function readValue(r: Read, s: Json, path: string[], required = false): unknown {
  const name = path.join('.');
  switch (kindOf(s)) {
    case 'group': {
      const out: Record<string, unknown> = {};
      const req = new Set(s.required ?? []);
      for (const [key, child] of Object.entries(s.properties ?? {})) {
        const value = readValue(r, child, [...path, key], required && req.has(key));
        if (value !== undefined) out[key] = value;
      }
      return Object.keys(out).length || required ? out : undefined;
    }
    case 'repeat': {
      const rows: unknown[] = [];
      for (let i = 0; i < rowCount(s, name, r.body); i++) {
        const row = readValue(r, s.items!, [...path, String(i)]);
        // A row left blank is no row: the form shows one blank row to fill in.
        if (row !== undefined) rows.push(row);
      }
      if (!rows.length && required && (s.minItems ?? 0) > 0) return [readValue(r, s.items!, [...path, '0'], true)];
      return rows.length ? rows : undefined;
    }
    case 'checkboxes': {
      const ticked = all(r.body, name);
      return ticked.length ? ticked : undefined;
    }
    case 'list': {
      const items = str(r.body, name).split(/[,\s]+/).filter(Boolean);
      return items.length ? items : undefined;
    }
    case 'checkbox': {
      const v = str(r.body, name);
      return v === 'true' ? true : v === 'false' ? false : undefined;
    }
    case 'number': {
      const v = str(r.body, name).replace(/,/g, '');
      // Anything but a whole number goes to the schema as written, to be refused there in its words.
      return v === '' ? undefined : /^-?\d+$/.test(v) ? Number(v) : v;
    }
    case 'date':
    case 'datetime': {
      const parts = { day: str(r.body, `${name}-day`), month: str(r.body, `${name}-month`), year: str(r.body, `${name}-year`) };
      const time = str(r.body, `${name}-time`);
      const label = labelOf(path, r.labels);
      if (!parts.day && !parts.month && !parts.year && !time) {
        // Asked for in the form's words, not the API's ("a date such as 2027-01-20").
        if (required) dateError(r, path, 'day', kindOf(s) === 'date' ? `${label}: enter the date, such as 27 3 2026` : `${label}: enter the date and the time in London, such as 27 3 2026 and 14:30`);
        return undefined;
      }
      const date = happenedOnDate(parts);
      if (!date) {
        dateError(r, path, 'day', `${label} must be a real date, such as 27 3 2026`);
        return undefined;
      }
      if (kindOf(s) === 'date') return date;
      const hhmm = timeOf(time);
      if (!hhmm) {
        dateError(r, path, 'time', time ? `${label}: the time must be a time of day in London, such as 14:30` : `${label}: enter the time in London, such as 14:30`);
        return undefined;
      }
      const instant = londonInstant(date, hhmm);
      // The hour London's clocks skip in March does not exist there.
      if (londonDateOf(instant) !== date || londonTimeOf(instant) !== hhmm) {
        dateError(r, path, 'time', `${label}: ${hhmm} did not happen in London on ${formatLong(date)} (the clocks went forward an hour)`);
        return undefined;
      }
      return isoInstant(instant);
    }
    default: {
      const v = str(r.body, name);
      return v === '' ? undefined : v;
    }
  }
}

/** The schema node at a path of the body (array indexes step into items). */
function nodeAt(s: Json, path: readonly PropertyKey[]): Json | undefined {
  let node: Json | undefined = s;
  for (const key of path) {
    if (!node) return undefined;
    node = typeof key === 'number' || /^\d+$/.test(String(key)) ? node.items : node.properties?.[String(key)];
  }
  return node;
}

/** Where an error on this path is shown: the field itself, or its first input for a group or a repeat. */
function hrefOf(s: Json, path: string[]): string {
  const node = nodeAt(s, path);
  if (!node) return `#${FORM_ID}`;
  const kind = kindOf(node);
  const name = path.join('.');
  if (kind === 'date' || kind === 'datetime') return `#${idOf(name)}-day`;
  if (kind === 'group') {
    const first = Object.keys(node.properties ?? {})[0];
    return first ? hrefOf(s, [...path, first]) : `#${FORM_ID}`;
  }
  if (kind === 'repeat') return hrefOf(s, [...path, '0']);
  return `#${idOf(name)}`;
}

/** The API's message with its field path in plain words. */
function errorText(path: string[], message: string, code: string, labels?: Labels): string {
  const label = placedLabel(path, labels);
  const dotted = path.join('.');
  if (dotted && message.startsWith(`${dotted} `)) return `${label} ${message.slice(dotted.length + 1)}`;
  // A pattern's own message says what the field must be ("a staff id: letters, digits…").
  if (code === 'invalid_format' && /^an? /.test(message)) return `${label} must be ${message}`;
  return path.length ? `${label}: ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * A posted form back into the command's body, checked by the same schema the
 * API parses with (clientBody, strict). London dates and times become the
 * instant the API takes; blank fields and blank rows are left out; a yes-or-no
 * is a boolean. Errors come one per field, with the link to it.
 */
export function readForm<C extends CommandName>(command: C, body: FormBody): ReadResult<C> {
  if (!isCommand(command)) throw new RangeError(`no such command: ${String(command)}`);
  return readSchemaForm(clientBody(COMMAND_TABLE[command].schema).strict(), body, { json: bodySchema(command) }) as ReadResult<C>;
}

/**
 * A posted form back into the body `schema` parses (strict), as `readForm`
 * reads a command's: the same London dates, blanks and errors beside fields.
 */
export function readSchemaForm<T>(
  schema: z.ZodType<T>,
  body: FormBody,
  options: { json?: Json; labels?: Labels } = {},
): { ok: true; input: T; idempotencyKey: string | undefined } | { ok: false; errors: ErrorItem[]; adding: boolean } {
  if (str(body, '_add')) return { ok: false, errors: [], adding: true };
  const fields: FormBody = Object.fromEntries(Object.entries(body).filter(([k]) => !RESERVED.includes(k)));
  const json = options.json ?? jsonOf(schema);
  const r: Read = { body: fields, errors: [], ...(options.labels ? { labels: options.labels } : {}) };
  const input = readValue(r, json, [], true) as Record<string, unknown>;
  const parsed = schema.safeParse(input);
  const own = new Set(r.errors.map((e) => e.field));
  const errors = [...r.errors];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const field = path.length ? path.join('.') : null;
      // One error per field: a date already found unreadable says so itself.
      if (own.has(field) || errors.some((e) => e.field === field && field !== null)) continue;
      // A choice left unmade or made outside the options: the options in words, not the API's codes.
      const text = issue.code === 'invalid_value' && path.length ? `${placedLabel(path, options.labels)}: choose ${issue.values.length > 1 ? 'one' : 'it'}` : errorText(path, issue.message, issue.code, options.labels);
      errors.push({ field, href: field ? hrefOf(json, path) : `#${FORM_ID}`, text });
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors, adding: false };
  const key = str(body, '_idempotency');
  return { ok: true, input: parsed.data, idempotencyKey: key || undefined };
}

/** The API's errors for fields of a body (a ProblemError's `errors`: a dotted field and its message), each beside its field on the form. */
export function problemErrors(schema: z.ZodType, listed: ReadonlyArray<{ field: string; message: string }>, labels?: Labels): ErrorItem[] {
  const json = jsonOf(schema);
  return listed.map(({ field, message }) => {
    const path = field.split('.');
    return nodeAt(json, path) ? { field, href: hrefOf(json, path), text: errorText(path, `${field} ${message}`, 'custom', labels) } : { field: null, href: `#${FORM_ID}`, text: `${field}: ${message}` };
  });
}

/** Every field name of the body, with its path, deepest last (rows as row 0). */
function namesOf(s: Json, path: string[] = []): string[][] {
  const kind = kindOf(s);
  if (kind === 'group') return Object.entries(s.properties ?? {}).flatMap(([k, child]) => [[...path, k], ...namesOf(child, [...path, k])]);
  if (kind === 'repeat') return namesOf(s.items!, [...path, '0']);
  return [];
}

/** A capital to start a sentence, unless it starts with a code such as stage1.respond. */
function sentence(text: string): string {
  return /^[a-z]+(?=[\s,:;]|$)/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Text as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ways a refusal names a field: its name in the body (a short one only quoted, as "at"), or its label if more than a word. */
function namings(path: string[]): RegExp[] {
  const key = path.at(-1)!;
  const label = labelOf(path);
  return [key.length > 3 ? new RegExp(`\\b${key}\\b`) : new RegExp(`"${key}"`), ...(label.includes(' ') ? [new RegExp(`\\b${literal(label)}(?![\\w-])`, 'i')] : [])];
}

function fieldNames(fields: FormField[]): Set<string> {
  const names = new Set<string>();
  const walk = (list: FormField[]) => {
    for (const f of list) {
      names.add(f.name);
      walk(f.fields ?? []);
      walk(f.rows?.[0] ?? []);
    }
  };
  walk(fields);
  return names;
}

/**
 * A refusal by the workflow's rules (the API's 409 and its detail) beside the
 * field it names first, by its name in the body or its label in words
 * (`"at"`, matterOccurredOn, "the panel date"); else for the form as a whole.
 * With the form shown (`form`), only a field on it: a field a role rule keeps
 * from this viewer is never linked to.
 */
export function refusalErrors(command: CommandName, detail: string, form?: CommandForm): ErrorItem[] {
  const schema = bodySchema(command);
  const shown = form ? fieldNames(form.fields) : undefined;
  const text = sentence(detail);
  let best: { path: string[]; index: number; pattern: RegExp } | undefined;
  for (const path of namesOf(schema)) {
    if (shown && !shown.has(path.join('.'))) continue;
    for (const pattern of namings(path)) {
      const index = detail.search(pattern);
      if (index >= 0 && (!best || index < best.index)) best = { path, index, pattern };
    }
  }
  if (!best) return [{ field: null, href: `#${FORM_ID}`, text }];
  // The field's name in the body, as the API's detail gives it, in the form's words.
  const named = detail.replace(best.pattern, labelOf(best.path).toLowerCase());
  return [{ field: best.path.join('.'), href: hrefOf(schema, best.path), text: sentence(named) }];
}

/**
 * The posted body that fills the form with `input` (the command's body as
 * the API takes it): the inverse of `readForm`, for a form shown filled in.
 * An instant is shown as its London date and time.
 */
export function formBody(command: CommandName, input: Record<string, unknown>): FormBody {
  const out: FormBody = {};
  const write = (s: Json, path: string[], value: unknown): void => {
    if (value === undefined) return;
    const name = path.join('.');
    const kind = kindOf(s);
    if (kind === 'group') {
      for (const [k, child] of Object.entries(s.properties ?? {})) write(child, [...path, k], (value as Record<string, unknown>)[k]);
    } else if (kind === 'repeat') {
      (value as unknown[]).forEach((row, i) => write(s.items!, [...path, String(i)], row));
    } else if (kind === 'checkboxes') {
      out[name] = (value as string[]).map(String);
    } else if (kind === 'list') {
      out[name] = (value as string[]).join(', ');
    } else if (kind === 'date' || kind === 'datetime') {
      const instant = kind === 'date' ? undefined : Date.parse(value as string);
      const date = instant === undefined ? (value as string) : londonDateOf(instant);
      const [year, month, day] = date.split('-');
      out[`${name}-day`] = String(Number(day));
      out[`${name}-month`] = String(Number(month));
      out[`${name}-year`] = year!;
      if (instant !== undefined) out[`${name}-time`] = londonTimeOf(instant);
    } else {
      out[name] = String(value);
    }
  };
  write(bodySchema(command), [], input);
  return out;
}

// ---------- A step dated in the past ----------

export interface PastNotice {
  /** The London date the step is dated. */
  datedOn: string;
  /** Whether the step's letters go to the complainant. */
  lettersSent: boolean;
  /** What will and will not be sent, in plain words. */
  lines: string[];
}

/**
 * What a step dated an earlier London day than today does and does not send
 * (domain/complaint/past.ts, the rule the workflow applies after the step):
 * its letters are held back unless `sendLetter`, and a letter sent never
 * promises a date already gone; nothing alerts on a duty the history shows
 * met. Null for a step dated today or not dated.
 */
export function pastNotice(command: CommandName, input: { at?: string; sendLetter?: boolean; backdateReason?: string }, now: number): PastNotice | null {
  if (!isCommand(command) || !datedEarlierDay(input, now)) return null;
  const datedOn = londonDateOf(Date.parse(input.at!));
  const held = lettersHeldBack(input, now);
  const lines = [
    `This step is dated ${formatLong(datedOn)}, before today (${formatLong(londonDateOf(now))}): it counts from that day, and every clock is worked out from it.`,
    held
      ? 'Any letter this step would send the complainant will not be sent. Tick “Send the letter” to send it.'
      : 'Any letter this step sends goes today, and leaves out any date it would promise that has already gone.',
    'No reminder or breach alert goes out for a duty the full history shows was met; an alert already sent that this step proves wrong is withdrawn by a correction to the complaints manager.',
  ];
  if (input.backdateReason === undefined) {
    lines.push('If the case already showed a deadline as missed and this step would make it met, a complaints manager must give a reason for backdating.');
  }
  return { datedOn, lettersSent: !held, lines };
}
