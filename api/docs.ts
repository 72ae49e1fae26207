/**
 * The API's documentation page, written for a person: per operation what it
 * does, who may call it, its fields in words with "required" or "optional",
 * and an example body. Everything comes from the OpenAPI document (itself
 * from the zod schemas' descriptions and examples), so the page cannot drift
 * from what the API takes. Self-contained (no CDN, no script): the machines
 * this runs on may have no internet.
 */

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  examples?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  'x-row'?: JsonSchema;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema; example?: unknown }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema; example?: unknown }> };
  responses: Record<string, { description?: string }>;
}

const TAGS: Record<string, string> = {
  complaints: 'Complaints',
  commands: 'Commands: the steps of the procedure',
  conduct: 'Unreasonable conduct',
  actions: 'Recommendation actions',
  imports: 'Importing open cases',
  calendar: 'The working-day calendar',
  feedback: 'Compliments and representations',
  records: 'MP and councillor enquiries, service requests',
  reports: 'Reports',
  audit: 'Audit and subject access',
  operations: 'Operations',
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `code` spans from Markdown backticks, the rest escaped. */
const prose = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return ` (${min} to ${max}${unit})`;
  if (max !== undefined) return ` (up to ${max}${unit})`;
  if (min !== undefined && min > 1) return ` (at least ${min}${unit})`;
  return '';
}

/** What a field takes, in words (never the date regexes the JSON Schema carries). */
export function typeInWords(s: JsonSchema): string {
  const options = s.oneOf ?? s.anyOf;
  if (options) return options.map(typeInWords).join(', or ');
  if (s.enum) return `one of: ${s.enum.map((v) => String(v)).join(', ')}`;
  if (s.const !== undefined) return `exactly ${JSON.stringify(s.const)}`;
  if (s.format === 'date-time') return 'a date-time with Z or an offset, such as 2026-11-20T09:30:00Z';
  if (s.format === 'date') return 'a date, such as 2026-11-20';
  if (s.format === 'email') return 'an email address';
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return `text${range(s.minLength, s.maxLength, ' characters')}`;
    case 'integer':
      return `a whole number${range(s.minimum, s.maximum, '')}`;
    case 'number':
      return `a number${range(s.minimum, s.maximum, '')}`;
    case 'boolean':
      return 'true or false';
    case 'array':
      return `a list${s.items ? ` of ${typeInWords(s.items).replace(/^(a|an) /, '').replace('object (its fields follow)', 'objects (their fields follow)')}` : ''}${range(s.minItems, s.maxItems, ' items')}`;
    case 'object':
      return 'an object (its fields follow)';
    default:
      return 'any value';
  }
}

interface FieldRow {
  name: string;
  /** Required, or required when its optional parent (named) is given. */
  required: boolean | string;
  takes: string;
  description: string;
}

/** The fields of an object schema, nested ones as `parent.child` and list items as `list[].field`. */
function fieldRows(s: JsonSchema | undefined, prefix = '', depth = 0, optionalParent?: string): FieldRow[] {
  if (!s?.properties || depth > 4) return [];
  return Object.entries(s.properties).flatMap(([name, field]) => {
    const full = `${prefix}${name}`;
    const example = field.examples?.[0];
    const notes = [field.description ?? '', field.default !== undefined ? `Default: ${JSON.stringify(field.default)}.` : '', example !== undefined && typeof example !== 'object' ? `For example: ${String(example)}` : '']
      .filter(Boolean)
      .join(' ');
    const required = s.required?.includes(name) ?? false;
    const row = { name: full, required: required && optionalParent ? optionalParent : required, takes: typeInWords(field), description: notes };
    const parent = required ? optionalParent : full;
    const nested = field.type === 'array' ? fieldRows(field.items, `${full}[].`, depth + 1, parent) : fieldRows(field, `${full}.`, depth + 1, parent);
    return [row, ...nested];
  });
}

function fieldsTable(rows: FieldRow[], caption: string): string {
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row"><code>${esc(r.name)}</code></th><td>${r.required === true ? '<strong class="req">required</strong>' : r.required ? `<strong class="req">required</strong> with <code>${esc(r.required)}</code>` : 'optional'}</td><td>${esc(r.takes)}</td><td>${prose(r.description)}</td></tr>`,
    )
    .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">Field</th><th scope="col">Required</th><th scope="col">Takes</th><th scope="col">Meaning</th></tr></thead><tbody>${body}</tbody></table>`;
}

function operationSection(path: string, method: string, op: Operation): string {
  const id = op.operationId ?? `${method}-${path}`.replace(/[^A-Za-z0-9_-]+/g, '-');
  const description = op.description ?? '';
  const roles = /Roles: ([^.]+)\./.exec(description)?.[1];
  // The summary is the description's first sentence: said once.
  const rest = description
    .replace(/Roles: [^.]+\.\s*/, '')
    .replace(op.summary ?? '\u0000', '')
    .replace(/^\.\s*/, '')
    .trim();
  const parameters = (op.parameters ?? []).filter((p) => p.in !== 'header');
  const parameterRows = parameters.map((p) => ({ name: p.name, required: p.required ?? false, takes: p.schema ? typeInWords(p.schema) : '', description: `In the ${p.in}. ${p.description ?? ''}${p.example !== undefined ? ` For example: ${String(p.example)}` : ''}`.trim() }));
  const json = op.requestBody?.content['application/json'];
  const csv = op.requestBody?.content['text/csv'];
  // A choice of bodies (a calendar change: a bank holidays file or a closure day) gets a table for each.
  const choices = json?.schema?.oneOf ?? [json?.schema?.['x-row'] ?? json?.schema];
  const tables = choices
    .map((choice, i) =>
      fieldsTable(fieldRows(choice), choices.length > 1 ? `Either (${i + 1} of ${choices.length}): ${choice?.description ?? 'this body'}` : `Fields of the ${method.toUpperCase()} ${path} body`),
    )
    .join('\n');
  const body = json
    ? `<h4>Request body${op.requestBody?.required ? '' : ' (may be left out)'}</h4>
${json.schema?.['x-row'] ? '<p>A JSON object <code>{"rows": [...]}</code>, each row a case with these fields:</p>' : ''}
${tables}
${json.example !== undefined ? `<h5>Example body</h5><pre class="example" tabindex="0"><code>${esc(JSON.stringify(json.example, null, 2))}</code></pre>` : ''}
${csv ? `<p>Or <code>text/csv</code>: ${prose(csv.schema?.description ?? '')}</p>` : ''}`
    : '';
  const responses = Object.entries(op.responses)
    .map(([code, r]) => `<li><code>${esc(code)}</code> ${esc(r.description ?? '')}</li>`)
    .join('');
  return `<section class="op" id="${esc(id)}" aria-labelledby="${esc(id)}-h">
<h3 id="${esc(id)}-h"><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p class="summary">${prose(op.summary ?? '')}</p>
${rest ? `<p>${prose(rest)}</p>` : ''}
${roles ? `<p><strong>Who may call it:</strong> ${esc(roles)}</p>` : ''}
${fieldsTable(parameterRows, `Parameters of ${method.toUpperCase()} ${path}`)}
${body}
<details><summary>Answers</summary><ul>${responses}</ul></details>
</section>`;
}

export function docsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const byTag = new Map<string, string[]>(Object.keys(TAGS).map((t) => [t, []]));
  const contents = new Map<string, string[]>(Object.keys(TAGS).map((t) => [t, []]));
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const tag = op.tags?.[0] && TAGS[op.tags[0]] ? op.tags[0] : 'operations';
      byTag.get(tag)!.push(operationSection(path, method, op));
      const id = op.operationId ?? `${method}-${path}`.replace(/[^A-Za-z0-9_-]+/g, '-');
      contents.get(tag)!.push(`<li><a href="#${esc(id)}">${esc(method.toUpperCase())} ${esc(path)}</a></li>`);
    }
  }
  const tags = [...byTag.keys()].filter((t) => byTag.get(t)!.length > 0);
  const nav = tags.map((t) => `<li><a href="#tag-${t}">${esc(TAGS[t]!)}</a><ul>${contents.get(t)!.join('')}</ul></li>`).join('');
  const sections = tags.map((t) => `<h2 id="tag-${t}">${esc(TAGS[t]!)}</h2>\n${byTag.get(t)!.join('\n')}`).join('\n');
  const info = doc.info as { title: string; description: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}
h1{font-size:1.8rem}h2{font-size:1.5rem;margin-top:2.5rem;border-bottom:3px solid #1d70b8}h3{font-size:1.1rem;margin:0}h4{margin:1rem 0 .25rem}h5{font-size:1rem;margin:.75rem 0 .25rem}
section.op{border-top:1px solid #b1b4b6;padding:1rem 0}.m{display:inline-block;min-width:3.5rem;font-weight:700}.post{color:#00703c}.get{color:#1d70b8}
.summary{font-weight:600}table{border-collapse:collapse;width:100%;font-size:15px;margin:.5rem 0}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:top}.req{color:#942514}
pre{background:#f3f2f1;padding:.75rem;overflow:auto;font-size:14px}code{font-size:14px}nav ul ul{columns:2;font-size:15px}nav a{display:inline-block;min-height:24px;line-height:24px}</style></head>
<body><header><h1>${esc(info.title)}</h1><p>${esc(info.description)}</p>
<p>Send <code>Authorization: Bearer &lt;token&gt;</code> and JSON bodies (<code>Content-Type: application/json</code>). A field marked <strong class="req">required</strong> must be given; the others may be left out. Every example body below is one the API accepts.
An invalid request answers 400 with each field and what it expects, such as <q>receivedAt is required: a date-time such as 2026-11-20T09:30:00Z</q>. Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p></header>
<nav aria-label="Contents"><h2>Contents</h2><ul>${nav}</ul></nav>
<main>
${sections}
</main></body></html>`;
}
