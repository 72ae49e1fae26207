import { Router, type Request } from 'express';
import { z } from 'zod';
import { londonDateOf } from '../../domain/dates';
import { OFFICE } from '../../domain/roles';
import { EnquiryStore, MEMBER_TYPES } from '../../records/enquiries';
import { FeedbackKeyReused } from '../../records/feedback';
import type { Records } from '../../records/repository';
import { SERVICE_REQUEST_OUTCOMES, ServiceRequestStore } from '../../records/service-requests';
import { requireRole } from '../auth/authenticate';
import { bodyHash, idempotencyKey, scopedKeyHash } from '../idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { referenceSchema } from '../schemas';
import { listFeedbackSchema } from './feedback';

/**
 * MP and councillor enquiries (BANES 1.6, Luton 7.1) and service requests
 * (Rutland 2.1): records without a workflow, kept by the complaints team
 * (office roles) and counted in the annual report. An enquiry holds the
 * constituent's details, so every read of one is logged in the access log;
 * reads of service requests too, for the same audit.
 */

const receivedOn = z.iso
  .date()
  .refine((d) => d >= '2006-09-01', 'is before the 2006 regulations came into force (1 September 2006)')
  .describe('The London date it was received; not in the future.');
const team = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9 &'().,-]+$/, 'letters, digits and simple punctuation only');
const name = z.string().trim().min(1).max(200);

export const enquirySchema = z
  .object({
    memberType: z.enum(MEMBER_TYPES).describe('Who asked: an MP or a councillor.'),
    memberName: name.describe("The member's name: a public office, shown in listings."),
    constituentName: name.optional().describe("The constituent's name: personal data, kept in the records store only; every read is logged."),
    constituentContact: z.string().trim().min(1).max(300).optional().describe("The constituent's address, email or phone, as given: personal data, as above."),
    receivedOn,
    serviceArea: team.describe("The service it is about, e.g. Children's Social Care, SEND, Transport."),
    reference: referenceSchema.optional().describe('The complaint it concerns, if the service is also dealing with it as a complaint (BANES 1.6).'),
    answeredOn: z.iso.date().optional().describe('When it was answered, if it already was. No response target is set: none of the procedures names one.'),
  })
  .strict()
  .meta({ examples: [{ memberType: 'mp', memberName: 'A Member (fictional)', constituentName: 'A Parent (fictional)', receivedOn: '2026-11-20', serviceArea: "Children's Social Care" }] });

export const answeredSchema = z
  .object({ answeredOn: z.iso.date().describe('The London date it was answered; not before it was received, not in the future.') })
  .strict()
  .meta({ examples: [{ answeredOn: '2026-11-27' }] });

export const serviceRequestSchema = z
  .object({
    receivedOn,
    team: team.describe('The service team asked to provide it.'),
    request: z.string().trim().min(1).max(200).describe('What was asked for, in a few words: no names or contact details.'),
    outcome: z.enum(SERVICE_REQUEST_OUTCOMES).optional().describe('What became of it, once known.'),
    outcomeOn: z.iso.date().optional().describe('When the outcome was reached (required with outcome).'),
  })
  .strict()
  .refine((b) => (b.outcome === undefined) === (b.outcomeOn === undefined), { path: ['outcomeOn'], message: 'outcome and outcomeOn go together' })
  .meta({ examples: [{ receivedOn: '2026-11-20', team: 'Fostering', request: 'A replacement car seat', outcome: 'provided', outcomeOn: '2026-11-24' }] });

export const outcomeSchema = z
  .object({
    outcome: z.enum(SERVICE_REQUEST_OUTCOMES).describe('What became of it.'),
    outcomeOn: z.iso.date().describe('The London date of the outcome; not before it was received, not in the future.'),
  })
  .strict()
  .meta({ examples: [{ outcome: 'arranged', outcomeOn: '2026-11-25' }] });

const listSchema = listFeedbackSchema;

function idOf(req: Request, what: string): number {
  const raw = String(req.params.id);
  if (!/^\d{1,15}$/.test(raw)) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not found', `No ${what} ${raw}`);
  return Number(raw);
}

function notAfterToday(field: string, date: string | undefined, today: string): void {
  if (date !== undefined && date > today) throw fieldProblem(field, 'is in the future');
}

function storeProblem(error: unknown): never {
  if (error instanceof FeedbackKeyReused) throw new ProblemError(409, PROBLEM_TYPES.idempotencyKeyReused, 'Idempotency-Key reused', error.message);
  if ((error as Error).name === 'RecordsInputError') throw fieldProblem('cursor', (error as Error).message);
  throw error;
}

/** /v1/enquiries and /v1/service-requests. */
export function enquiryRoutes(deps: { records: Records; now?: () => number }): Router {
  const router = Router();
  const enquiries = new EnquiryStore(deps.records.db);
  const requests = new ServiceRequestStore(deps.records.db);
  const today = () => londonDateOf((deps.now ?? Date.now)());

  router.post('/enquiries', async (req, res) => {
    const caller = requireRole(OFFICE, 'Logging an MP or councillor enquiry', req.caller);
    const key = idempotencyKey(req);
    const parsed = enquirySchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    const body = parsed.data;
    notAfterToday('receivedOn', body.receivedOn, today());
    notAfterToday('answeredOn', body.answeredOn, today());
    if (body.answeredOn && body.answeredOn < body.receivedOn) throw fieldProblem('answeredOn', `is before receivedOn (${body.receivedOn})`);
    if (body.reference && !(await deps.records.getCase(body.reference))) throw fieldProblem('reference', `no complaint has reference ${body.reference}`);
    try {
      const { enquiry } = await enquiries.log({ ...body, recordedBy: caller.subject, ...(key ? { requestKey: scopedKeyHash(caller.subject, key), requestHash: bodyHash(body) } : {}) });
      res.status(201).location(`/v1/enquiries/${enquiry.id}`).json(enquiry);
    } catch (error) {
      storeProblem(error);
    }
  });

  router.get('/enquiries', async (req, res) => {
    const caller = requireRole(OFFICE, 'Listing MP and councillor enquiries', req.caller);
    const parsed = listSchema.omit({ team: true }).safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    try {
      const page = await enquiries.list(parsed.data);
      // The constituents' details are in the page: the read is logged.
      await deps.records.recordAccess({ actor: caller.subject, action: 'read', view: 'enquiries' });
      res.json({ enquiries: page.items, nextCursor: page.nextCursor });
    } catch (error) {
      storeProblem(error);
    }
  });

  router.get('/enquiries/:id', async (req, res) => {
    const caller = requireRole(OFFICE, 'Reading an MP or councillor enquiry', req.caller);
    const enquiry = await enquiries.get(idOf(req, 'enquiry'));
    if (!enquiry) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not found', `No enquiry ${req.params.id}`);
    await deps.records.recordAccess({ ...(enquiry.reference ? { reference: enquiry.reference } : {}), actor: caller.subject, action: 'read', view: 'enquiries' });
    res.json(enquiry);
  });

  router.post('/enquiries/:id/answered', async (req, res) => {
    requireRole(OFFICE, 'Recording an answer to an enquiry', req.caller);
    const id = idOf(req, 'enquiry');
    const parsed = answeredSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    notAfterToday('answeredOn', parsed.data.answeredOn, today());
    try {
      const enquiry = await enquiries.answer(id, parsed.data.answeredOn);
      if (!enquiry) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not found', `No enquiry ${id}`);
      res.json(enquiry);
    } catch (error) {
      if ((error as Error).name === 'RecordsInputError') throw fieldProblem('answeredOn', (error as Error).message);
      throw error;
    }
  });

  router.post('/service-requests', async (req, res) => {
    const caller = requireRole(OFFICE, 'Logging a service request', req.caller);
    const key = idempotencyKey(req);
    const parsed = serviceRequestSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    const body = parsed.data;
    notAfterToday('receivedOn', body.receivedOn, today());
    notAfterToday('outcomeOn', body.outcomeOn, today());
    if (body.outcomeOn && body.outcomeOn < body.receivedOn) throw fieldProblem('outcomeOn', `is before receivedOn (${body.receivedOn})`);
    try {
      const { serviceRequest } = await requests.log({ ...body, recordedBy: caller.subject, ...(key ? { requestKey: scopedKeyHash(caller.subject, key), requestHash: bodyHash(body) } : {}) });
      res.status(201).location(`/v1/service-requests/${serviceRequest.id}`).json(serviceRequest);
    } catch (error) {
      storeProblem(error);
    }
  });

  router.get('/service-requests', async (req, res) => {
    const caller = requireRole(OFFICE, 'Listing service requests', req.caller);
    const parsed = listSchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    try {
      const page = await requests.list(parsed.data);
      await deps.records.recordAccess({ actor: caller.subject, action: 'read', view: 'service-requests' });
      res.json({ serviceRequests: page.items, nextCursor: page.nextCursor });
    } catch (error) {
      storeProblem(error);
    }
  });

  router.post('/service-requests/:id/outcome', async (req, res) => {
    requireRole(OFFICE, "Recording a service request's outcome", req.caller);
    const id = idOf(req, 'service request');
    const parsed = outcomeSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    notAfterToday('outcomeOn', parsed.data.outcomeOn, today());
    try {
      const found = await requests.recordOutcome(id, parsed.data.outcome, parsed.data.outcomeOn);
      if (!found) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not found', `No service request ${id}`);
      res.json(found);
    } catch (error) {
      if ((error as Error).name === 'RecordsInputError') throw fieldProblem('outcomeOn', (error as Error).message);
      throw error;
    }
  });

  return router;
}

/** The paths for the OpenAPI document. */
export function enquiryOpenApiPaths(schema: (s: z.ZodType) => Record<string, unknown>, problems: (...statuses: number[]) => Record<string, unknown>, idempotencyKeyParameter: unknown): Record<string, unknown> {
  const roles = `Roles: ${OFFICE.join(', ')}.`;
  const list = (withTeam: boolean) =>
    Object.keys(listSchema.shape)
      .filter((n) => withTeam || n !== 'team')
      .map((n) => ({ name: n, in: 'query', required: false, schema: n === 'limit' ? { type: 'integer', minimum: 1, maximum: 200 } : n === 'from' || n === 'to' ? { type: 'string', format: 'date' } : { type: 'string' } }));
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
  const post = (operationId: string, summary: string, body: z.ZodType, extra: string, params: unknown[] = []) => ({
    operationId,
    summary,
    description: `${roles} ${extra}`,
    tags: ['records'],
    parameters: params,
    requestBody: { required: true, content: { 'application/json': { schema: schema(body) } } },
    responses: { '201': { description: 'as logged' }, '200': { description: 'as updated' }, ...problems(400, 401, 403, 404, 409, 413, 415, 429, 503) },
  });
  return {
    '/v1/enquiries': {
      post: post('log_enquiry', 'Log an enquiry from an MP or a councillor; counted in the annual report', enquirySchema, "The constituent's details are personal data, kept in the records store only.", [idempotencyKeyParameter]),
      get: { operationId: 'list_enquiries', summary: 'The enquiries logged, newest received first (each read logged)', description: roles, tags: ['records'], parameters: list(false), responses: { '200': { description: 'a page of enquiries' }, ...problems(400, 401, 403, 429, 503) } },
    },
    '/v1/enquiries/{id}': {
      get: { operationId: 'get_enquiry', summary: 'One enquiry (the read is logged)', description: roles, tags: ['records'], parameters: [id], responses: { '200': { description: 'the enquiry' }, ...problems(401, 403, 404, 429, 503) } },
    },
    '/v1/enquiries/{id}/answered': { post: post('answer_enquiry', 'Record when an enquiry was answered', answeredSchema, 'Not before it was received, not in the future.', [id]) },
    '/v1/service-requests': {
      post: post('log_service_request', 'Log a service request (a request for a service, not a complaint: Rutland 2.1); counted in the annual report', serviceRequestSchema, 'What was asked, in a few words: no names.', [idempotencyKeyParameter]),
      get: { operationId: 'list_service_requests', summary: 'The service requests logged, newest received first', description: roles, tags: ['records'], parameters: list(true), responses: { '200': { description: 'a page of service requests' }, ...problems(400, 401, 403, 429, 503) } },
    },
    '/v1/service-requests/{id}/outcome': { post: post('service_request_outcome', "Record a service request's outcome", outcomeSchema, 'Not before it was received, not in the future.', [id]) },
  };
}
