import { z } from 'zod';

/**
 * What every validation message says: the field, what was expected, and an
 * example ("receivedAt is required: a date-time such as 2026-11-20T09:30:00Z").
 * Installed once as zod's error map for the API's process, so no schema needs
 * its own wording; a message a schema states itself (a refinement's, a
 * pattern's) still wins. Workflow code runs in its own sandbox with its own
 * zod and is not affected.
 */

/** Examples for the string formats the API takes; a field's own `.meta({ examples })` comes first. */
const FORMATS: Record<string, string> = {
  datetime: 'a date-time such as 2026-11-20T09:30:00Z',
  date: 'a date such as 2026-11-20',
  email: 'an email address such as jo.parent@example.org',
};

type Issue = z.core.$ZodRawIssue & { inst?: z.core.$ZodType | z.core.$ZodCheck; schema?: z.core.$ZodType };

/** The field as a person reads it: its dotted path, or "the body". */
function fieldName(path: readonly PropertyKey[] | undefined): string {
  return path && path.length > 0 ? path.map(String).join('.') : 'the body';
}

function exampleOf(schema: z.core.$ZodType | undefined): unknown {
  const examples = schema ? (z.globalRegistry.get(schema as z.ZodType)?.examples as unknown[] | undefined) : undefined;
  return Array.isArray(examples) ? examples[0] : undefined;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What a schema expects, in words, with an example. */
export function expectation(schema: z.core.$ZodType | undefined, expected?: string): string {
  const def = schema?._zod.def as { type?: string; format?: string; entries?: Record<string, unknown>; values?: unknown[] } | undefined;
  // The bounds and number format a schema's checks state (a whole number from 1 to 65; text of up to 200 characters).
  const checks = ((def as { checks?: Array<{ _zod: { def: Record<string, unknown> } }> } | undefined)?.checks ?? []).map((c) => c._zod.def);
  const bound = (name: string, key: string) => checks.find((c) => c.check === name)?.[key] as number | undefined;
  const minimum = bound('greater_than', 'value');
  const maximum = bound('less_than', 'value') ?? bound('max_length', 'maximum');
  const whole = checks.some((c) => c.check === 'number_format' && String(c.format).includes('int'));
  const example = exampleOf(schema);
  const such = example === undefined ? '' : ` such as ${shown(example)}`;
  if (def?.format && FORMATS[def.format]) return example === undefined ? FORMATS[def.format]! : `${FORMATS[def.format]!.replace(/ such as .*/, '')} such as ${shown(example)}`;
  if (def?.type === 'enum' && def.entries) return `one of ${Object.values(def.entries).join(', ')}`;
  if (def?.type === 'literal' && def.values) return `exactly ${def.values.map(shown).join(' or ')}`;
  switch (expected ?? def?.type) {
    case 'string':
      return typeof example === 'string' ? `text such as "${example}"` : `text${maximum !== undefined ? ` of up to ${maximum} characters` : ''}`;
    case 'number':
    case 'int':
      return `${expected === 'int' || whole ? 'a whole number' : 'a number'}${such || (minimum !== undefined && maximum !== undefined ? ` from ${minimum} to ${maximum}` : ' such as 10')}`;
    case 'boolean':
      return 'true or false';
    case 'array':
      return `a list${such}`;
    case 'object':
      return `an object${such}`;
    default:
      return `a value${such}`;
  }
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}

/** The message for one zod issue; undefined leaves zod's own. */
export function validationMessage(iss: Issue): string | undefined {
  const field = fieldName(iss.path);
  // The schema that raised the issue (zod stamps it before asking for the message): its format, values and examples.
  const own = iss.schema;
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return `${field} is required: ${expectation(own, iss.expected)}`;
      return `${field} must be ${expectation(own, iss.expected === 'int' ? 'int' : iss.expected)}`;
    case 'invalid_format':
      if (FORMATS[iss.format]) return `${field} must be ${expectation(own)}`;
      return `${field} is not in the expected form${exampleOf(own) === undefined ? '' : `, such as ${shown(exampleOf(own))}`}`;
    case 'invalid_value': {
      const values = iss.values.map(shown).join(', ');
      if (iss.input === undefined) return `${field} is required: one of ${values}`;
      return `${field} must be one of ${values}`;
    }
    case 'too_small': {
      const n = iss.minimum;
      if (iss.origin === 'string') return Number(n) === 1 ? `${field} must not be empty` : `${field} must have at least ${plural(n, 'character')}`;
      if (iss.origin === 'array') return `${field} must have ${iss.exact ? 'exactly' : 'at least'} ${plural(n, 'item')}`;
      return `${field} must be ${iss.inclusive === false ? 'more than' : 'at least'} ${n}`;
    }
    case 'too_big': {
      const n = iss.maximum;
      if (iss.origin === 'string') return `${field} must have at most ${plural(n, 'character')}`;
      if (iss.origin === 'array') return `${field} must have ${iss.exact ? 'exactly' : 'at most'} ${plural(n, 'item')}`;
      return `${field} must be ${iss.inclusive === false ? 'less than' : 'at most'} ${n}`;
    }
    case 'unrecognized_keys':
      return `${field} has ${iss.keys.length === 1 ? 'a field' : 'fields'} the API does not take: ${iss.keys.join(', ')}`;
    case 'invalid_union':
      return `${field} must be one of the forms /docs shows${exampleOf(own) === undefined ? '' : `, such as ${shown(exampleOf(own))}`}`;
    default:
      return undefined;
  }
}

z.config({ customError: (iss) => validationMessage(iss as Issue) });
