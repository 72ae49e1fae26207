import express, { type RequestHandler } from 'express';

/**
 * The deepest nesting of arrays and objects a JSON body may have. The API's
 * deepest body (a command's `history` step with its fields) nests five
 * levels; 32 leaves room and keeps every recursive walk that follows (zod,
 * the storable-text check, PostgreSQL's jsonb) far from the stack's limit.
 */
export const MAX_JSON_DEPTH = 32;

/** `[` `{` `]` `}` `"` `\` as bytes: in UTF-8 they never occur inside a multi-byte character. */
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests deeper than `max`, by one pass over its code units
 * (linear, no recursion, nothing allocated): brackets count outside strings
 * only. Malformed text is left to the parser, which says what is wrong.
 */
export function nestsDeeperThan(text: Uint8Array | Uint16Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === BACKSLASH) i++; // the escaped unit cannot end the string
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** The body as code units to scan: UTF-8 bytes as they are, UTF-16 decoded; other charsets are refused. */
function codeUnits(body: Buffer, encoding: string): Uint8Array | Uint16Array {
  const charset = encoding.toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return body;
  if (['utf-16', 'utf-16le', 'utf-16be'].includes(charset)) {
    const text = new TextDecoder(charset).decode(body);
    return Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  }
  // UTF-7 or UTF-32 could hide brackets from the scan; no client of this API sends them.
  throw Object.assign(new Error(`unsupported charset "${encoding.toUpperCase()}"`), { status: 415, type: 'charset.unsupported' });
}

/**
 * express.json, refusing a body nested deeper than MAX_JSON_DEPTH before it
 * is parsed (the error handler answers 400 `/problems/nesting-too-deep`).
 */
export function jsonBody(limit: number | string): RequestHandler {
  return express.json({
    limit,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, body, encoding) => {
      if (nestsDeeperThan(codeUnits(body, encoding), MAX_JSON_DEPTH)) {
        throw Object.assign(new Error(`The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`), { status: 400, type: 'entity.too.deep' });
      }
    },
  });
}
