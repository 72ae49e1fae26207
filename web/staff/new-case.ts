import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { CREATE_ROLES } from '../../api/auth/roles';
import { createComplaint, type ComplaintCreateDeps } from '../../api/complaint-create';
import { ProblemError } from '../../api/problems';
import { createComplaintSchema } from '../../api/schemas';
import { londonDateOf } from '../../domain/dates';
import type { Caller } from '../../api/auth/authenticate';
import { FORM_ID, problemErrors, readSchemaForm, schemaForm, type ErrorItem, type FormBody } from './command-form';
import { plainHint, type Labels } from './command-words';

/**
 * Logging a new complaint at /staff/cases/new: a form derived from the body
 * the API's POST /v1/complaints parses (createComplaintSchema, as command
 * forms are derived from their commands' schemas), posted through the API's
 * own routine (api/complaint-create.ts), so the same roles, checks, filing
 * and idempotency apply: the form's key makes a retried post one case.
 * Past steps (the API's `history`) are not part of it: each is the step's own
 * form on the new case, dated the day it happened.
 */
export const NEW_CASE_SCHEMA = createComplaintSchema.omit({ history: true });

/** The fields' words on this form, where the commands' words mean another thing ("summary", "type"). */
const LABELS: Labels = {
  receivedAt: 'When the complaint was received',
  channel: 'How it arrived',
  complainant: 'The complainant',
  name: 'Full name',
  email: 'Email address',
  phone: 'Phone number',
  address: 'Postal address',
  type: 'Who is complaining',
  summary: 'What the complaint is about',
  desiredOutcome: 'What the complainant wants to happen',
  child: 'The child the complaint is about',
  'child.name': 'The child’s name',
  'child.dateOfBirth': 'The child’s date of birth',
  childCare: 'Is the child in care, or care-experienced?',
  representative: 'Someone complaining on the child’s behalf',
  relationship: 'How they are related to the child',
  advocate: 'The child’s independent advocate',
  organisation: 'Advocacy service',
  policy: 'Council policy (its id)',
  communicationNeeds: 'Communication needs',
  format: 'Letters’ format',
  language: 'Language (a code, such as pl)',
  bsl: 'British Sign Language',
  arrangements: 'Other arrangements',
};

/** The idempotency key as the API takes it (api/idempotency.ts). */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface NewCaseDeps extends Omit<ComplaintCreateDeps, 'now'> {
  now: () => number;
  render: (req: Request, res: Response, view: string, ctx: Record<string, unknown> & { title: string }, status?: number) => void;
  forbidden: (req: Request, res: Response) => void;
}

/** Whether the person's roles log complaints (the API's rule): the caseload shows the link, the page opens. */
export function mayLogComplaints(caller: Caller): boolean {
  return caller.roles.some((r) => CREATE_ROLES.includes(r));
}

export function newCasePages(router: Router, deps: NewCaseDeps): void {
  const show = (req: Request, res: Response, values: FormBody | undefined, errors: ErrorItem[], status = 200) => {
    const today = londonDateOf(deps.now());
    const { fields, idempotencyKey } = schemaForm(NEW_CASE_SCHEMA, { today, labels: LABELS, ...(values ? { values } : {}), errors });
    deps.render(
      req,
      res,
      'new-case.njk',
      {
        title: 'Log a new complaint',
        errors,
        form: { fields, errors: [], idempotencyKey, submitText: 'Log the complaint', description: plainHint(z.globalRegistry.get(createComplaintSchema)?.description ?? '') },
        action: '/staff/cases/new',
        backHref: '/staff',
      },
      status,
    );
  };

  router.get('/cases/new', (req, res) => {
    if (!mayLogComplaints(req.staff!.caller)) return deps.forbidden(req, res);
    show(req, res, undefined, []);
  });

  router.post('/cases/new', async (req, res) => {
    const caller = req.staff!.caller;
    if (!mayLogComplaints(caller)) return deps.forbidden(req, res);
    const body = (req.body ?? {}) as FormBody;
    const read = readSchemaForm(NEW_CASE_SCHEMA.strict(), body, { labels: LABELS });
    if (!read.ok) return show(req, res, body, read.errors, read.adding ? 200 : 400);
    const key = read.idempotencyKey;
    if (key !== undefined && !KEY_PATTERN.test(key)) return show(req, res, body, [{ field: null, href: `#${FORM_ID}`, text: 'The form was damaged: open it again from the caseload' }], 400);
    try {
      // The case opens on the API's clock, as the workflow's own time counts its grace for past steps (the pages' clock is pinned in tests).
      const made = await createComplaint({ ...deps, now: Date.now }, { caller, body: read.input, key: () => key });
      // The clocks the complaint started, on the case page's banner (the acknowledgement's date), run out already or not.
      const query = new URLSearchParams({ done: 'logged' });
      for (const d of made.view.deadlines) if (d.state !== 'met' && d.state !== 'cancelled') query.append('set', `${d.key}:${d.due}`);
      res.redirect(303, `/staff/cases/${made.reference}?${query}#done`);
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status === 403 || error.status >= 500) throw error;
      // The API's own checks beyond the schema (a date in the future, a policy it does not know), beside their fields.
      const listed = (error.extra.errors as Array<{ field: string; message: string }> | undefined) ?? [];
      const errors = listed.length ? problemErrors(NEW_CASE_SCHEMA, listed, LABELS) : [{ field: null, href: `#${FORM_ID}`, text: error.detail ?? error.title }];
      show(req, res, body, errors, error.status);
    }
  });
}
