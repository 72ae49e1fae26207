import { Router } from 'express';
import { z } from 'zod';
import { londonDateOf } from '../../domain/dates';
import { FeedbackKeyReused, FeedbackStore, REPRESENTATION_OUTCOMES, type FeedbackKind } from '../../records/feedback';
import type { Records } from '../../records/repository';
import { requireRole } from '../auth/authenticate';
import { CREATE_ROLES, type Role } from '../auth/roles';
import { bodyHash, idempotencyKey, scopedKeyHash } from '../idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { CHANNELS, COMPLAINANT_TYPES } from '../schemas';

/** Who may read the logged compliments and representations: role-level, as they are no complaint's case (and carry no names). */
const FEEDBACK_READ_ROLES: readonly Role[] = [...CREATE_ROLES, 'director', 'auditor'];

/** A compliment or representation: minimal personal data (who it came from is a type, never a name). */
export const feedbackSchema = z
  .object({
    receivedOn: z.iso
      .date()
      .refine((d) => d >= '2006-09-01', 'is before the 2006 regulations came into force (1 September 2006)')
      .describe('The London date it was received; not in the future, not before the 2006 regulations.'),
    team: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9 &'().,-]+$/, 'letters, digits and simple punctuation only').optional().describe('The service team it is about.'),
    channel: z.enum(CHANNELS).optional().describe('How it arrived.'),
    fromType: z.enum(COMPLAINANT_TYPES).optional().describe('Who it came from, as a type: never a name.'),
    note: z.string().trim().min(1).max(1_000).optional().describe("The staff's own short summary: no names or contact details."),
    outcome: z.enum(REPRESENTATION_OUTCOMES).optional().describe('A representation only: answered (the default) or not pursued; the annual report\'s representation row counts each.'),
  })
  .strict()
  .meta({ examples: [{ receivedOn: '2026-11-20', team: 'Fostering', channel: 'email', fromType: 'foster-carer', note: 'Thanked the team for the respite weekend' }] });

export const listFeedbackSchema = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    team: z.string().min(1).max(100).optional(),
    cursor: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const PATHS: Record<FeedbackKind, string> = { compliment: '/compliments', representation: '/representations' };

/** POST and GET /v1/compliments and /v1/representations. */
export function feedbackRoutes(deps: { records: Records; now?: () => number }): Router {
  const router = Router();
  const store = new FeedbackStore(deps.records.db);
  const now = deps.now ?? Date.now;

  for (const kind of ['compliment', 'representation'] as const) {
    /** Logs one; 201 with the record. A keyed retry returns the first record; the key with another body is 409. */
    router.post(PATHS[kind], async (req, res) => {
      const caller = requireRole(CREATE_ROLES, `Logging a ${kind}`, req.caller);
      const key = idempotencyKey(req);
      const parsed = feedbackSchema.safeParse(req.body);
      if (!parsed.success) throw validationProblem(parsed.error);
      if (parsed.data.receivedOn > londonDateOf(now())) throw fieldProblem('receivedOn', 'is in the future');
      if (kind === 'compliment' && parsed.data.outcome !== undefined) throw fieldProblem('outcome', 'a compliment has no outcome: only a representation is answered or not pursued');
      try {
        const { feedback } = await store.log({
          kind,
          ...parsed.data,
          recordedBy: caller.subject,
          ...(key ? { requestKey: scopedKeyHash(caller.subject, key), requestHash: bodyHash(parsed.data) } : {}),
        });
        res.status(201).location(`/v1${PATHS[kind]}/${feedback.id}`).json(feedback);
      } catch (error) {
        if (error instanceof FeedbackKeyReused) throw new ProblemError(409, PROBLEM_TYPES.idempotencyKeyReused, 'Idempotency-Key reused', error.message);
        throw error;
      }
    });

    /** Lists them, newest received first (`from`, `to`, `team`; `cursor` and `limit` for pages). */
    router.get(PATHS[kind], async (req, res) => {
      requireRole(FEEDBACK_READ_ROLES, `Listing ${kind}s`, req.caller);
      const parsed = listFeedbackSchema.safeParse(req.query);
      if (!parsed.success) throw validationProblem(parsed.error);
      try {
        const page = await store.list({ kind, ...parsed.data });
        res.json({ [`${kind}s`]: page.items, nextCursor: page.nextCursor });
      } catch (error) {
        if ((error as Error).name === 'RecordsInputError') throw fieldProblem('cursor', (error as Error).message);
        throw error;
      }
    });
  }
  return router;
}

/** The feedback paths for the OpenAPI document. */
export function feedbackOpenApiPaths(schema: (s: z.ZodType) => Record<string, unknown>, problems: (...statuses: number[]) => Record<string, unknown>, idempotencyKeyParameter: unknown): Record<string, unknown> {
  const listParameters = Object.keys(listFeedbackSchema.shape).map((name) => ({
    name,
    in: 'query',
    required: false,
    schema: name === 'limit' ? { type: 'integer', minimum: 1, maximum: 200 } : name === 'from' || name === 'to' ? { type: 'string', format: 'date' } : { type: 'string' },
  }));
  return Object.fromEntries(
    (['compliment', 'representation'] as const).map((kind) => [
      `/v1${PATHS[kind]}`,
      {
        post: {
          operationId: `log_${kind}`,
          summary: `Log a ${kind}${kind === 'representation' ? ' (an enquiry or comment that is not a complaint)' : ''}; counted in the annual report`,
          description: `Roles: ${CREATE_ROLES.join(', ')}. No names or contact details: who it came from is a type.`,
          tags: ['feedback'],
          parameters: [idempotencyKeyParameter],
          requestBody: { required: true, content: { 'application/json': { schema: schema(feedbackSchema) } } },
          responses: { '201': { description: `the ${kind} as logged` }, ...problems(400, 401, 403, 409, 413, 415, 429, 503) },
        },
        get: {
          operationId: `list_${kind}s`,
          summary: `The ${kind}s logged, newest received first`,
          description: `Roles: ${FEEDBACK_READ_ROLES.join(', ')}.`,
          tags: ['feedback'],
          parameters: listParameters,
          responses: { '200': { description: `a page of ${kind}s` }, ...problems(400, 401, 403, 429, 503) },
        },
      },
    ]),
  );
}
