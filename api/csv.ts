/**
 * CSV as RFC 4180 has it (fields separated by commas, records by CRLF or LF,
 * a field in double quotes may hold commas, line breaks and "" for a quote),
 * without a dependency: the old systems' exports are plain and small enough.
 */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Every record's fields, in order. A blank line is no record. */
export function parseCsv(text: string): string[][] {
  return parseLines(text).map((r) => r.fields);
}

function parseLines(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let recordLine = 1;
  let record: string[] = [];
  let field = '';
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark some spreadsheets write
  let fieldStarted = false;
  const endRecord = () => {
    // A line with nothing on it is not a record of one empty field.
    if (record.length > 0 || fieldStarted || field !== '') {
      record.push(field);
      records.push({ line: recordLine, fields: record });
    }
    record = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      if (field !== '') throw new CsvError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
      const startLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvError(startLine, 'a quoted field is never closed');
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      fieldStarted = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvError(line, 'text after the closing quote of a field');
      }
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  endRecord();
  return records;
}

/**
 * Records as objects keyed by the header line's names. Every record must have
 * as many fields as the header; a header name may appear once.
 */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseLines(text);
  if (!header) throw new CsvError(1, 'no header line');
  const names = header.fields.map((h) => h.trim());
  names.forEach((name, i) => {
    if (name === '') throw new CsvError(header.line, `column ${i + 1} has no name`);
    if (names.indexOf(name) !== i) throw new CsvError(header.line, `column "${name}" appears twice`);
  });
  return rows.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      throw new CsvError(line, `${fields.length} fields where the header has ${names.length}`);
    }
    return Object.fromEntries(names.map((name, i) => [name, fields[i]!]));
  });
}

/** One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
