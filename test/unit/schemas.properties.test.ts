import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { unstorableText } from '../../api/problems';
import { createComplaintSchema, CHANNELS, COMPLAINANT_TYPES } from '../../api/schemas';
import { COMMAND_SCHEMAS, type CommandName, type stepSchema } from '../../domain/complaint/commands';

/**
 * Properties of the zod schemas every request goes through: whatever a client
 * sends, parsing answers (never throws), what it accepts is already in its
 * final form, and every refusal names a field the client can find.
 */

/** The body of a command as the API parses it: no actor (the token's subject), nothing unknown. */
const commandBody = (name: CommandName) => (COMMAND_SCHEMAS[name] as ReturnType<typeof stepSchema>).omit({ actor: true }).strict();
const NAMES = Object.keys(COMMAND_SCHEMAS) as CommandName[];

const instant = fc
  .date({ min: new Date('2006-09-01T00:00:00Z'), max: new Date('2026-11-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
const person = fc.record({ name: text(200) }, { requiredKeys: ['name'] });

const validComplaint = fc.record(
  {
    receivedAt: instant,
    channel: fc.constantFrom(...CHANNELS),
    complainant: fc.record({ name: text(200), type: fc.constantFrom(...COMPLAINANT_TYPES) }),
    summary: text(2_000),
    desiredOutcome: fc.string({ maxLength: 200 }),
    child: person,
    team: fc.stringMatching(/^[A-Za-z0-9 &'().,-]{1,40}$/).filter((s) => s.trim().length > 0),
  },
  { requiredKeys: ['receivedAt', 'channel', 'complainant', 'summary'] },
);

function fields(error: z.ZodError): string[] {
  return error.issues.map((i) => i.path.join('.'));
}

describe('request schemas (property tests)', () => {
  it('answer any JSON at all for every command without throwing, and accept only objects', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.jsonValue(), (name, value) => {
        const parsed = commandBody(name).safeParse(value);
        if (parsed.success) expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
        else expect(parsed.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuse any key a command does not know, naming it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.jsonValue(),
        (name, key, value) => {
          const shape = commandBody(name).shape as Record<string, unknown>;
          fc.pre(!(key in shape) && !['__proto__', 'constructor'].includes(key));
          const parsed = commandBody(name).safeParse({ [key]: value });
          expect(parsed.success).toBe(false);
          const unknown = parsed.error!.issues.find((i) => i.code === 'unrecognized_keys') as { keys?: string[] } | undefined;
          expect(unknown?.keys).toContain(key);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('accept every well-formed complaint, and parsing what they return changes nothing (already in final form)', () => {
    fc.assert(
      fc.property(validComplaint, (body) => {
        const first = createComplaintSchema.safeParse(body);
        expect(first.success, JSON.stringify(first.error?.issues)).toBe(true);
        const second = createComplaintSchema.parse(first.data);
        expect(second).toEqual(first.data);
        // Free text is kept as trimmed text, never something else.
        expect(first.data!.summary).toBe(body.summary.trim());
      }),
      { numRuns: 500 },
    );
  });

  it('refuse a complaint missing any required field, naming exactly that field', () => {
    const required = ['receivedAt', 'channel', 'complainant', 'summary'] as const;
    fc.assert(
      fc.property(validComplaint, fc.constantFrom(...required), (body, drop) => {
        const { [drop]: _dropped, ...rest } = body;
        const parsed = createComplaintSchema.safeParse(rest);
        expect(parsed.success).toBe(false);
        expect(fields(parsed.error!)).toEqual([drop]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuse a receipt before the 2006 regulations whatever else the complaint says', () => {
    fc.assert(
      fc.property(validComplaint, fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2006-08-31T23:59:59Z'), noInvalidDate: true }), (body, early) => {
        const parsed = createComplaintSchema.safeParse({ ...body, receivedAt: early.toISOString() });
        expect(parsed.success).toBe(false);
        expect(fields(parsed.error!)).toEqual(['receivedAt']);
      }),
      { numRuns: 300 },
    );
  });

  it('find text PostgreSQL cannot store wherever it is in a body, and nothing in a body without it', () => {
    const bad = fc.oneof(fc.constant('\u0000'), fc.constant('\ud800'), fc.constant('\udfff'));
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), bad, fc.string(), (clean, before, poison, after) => {
        fc.pre(unstorableText(clean) === undefined);
        expect(unstorableText(clean)).toBeUndefined();
        const body = { clean, nested: { list: [clean, `${before}${poison}${after}`] } };
        expect(unstorableText(body)).toBe('nested.list.1');
      }),
      { numRuns: 1_000 },
    );
  });
});
