import { z } from 'zod';
import { COMMAND_NAMES, type CommandName } from '../workflows/complaint/messages';

/** Request bodies of the complaints API; the OpenAPI document is generated from these. */

export const CHANNELS = ['online', 'email', 'phone', 'letter', 'in-person'] as const;
export const COMPLAINANT_TYPES = [
  'child',
  'young-person',
  'care-leaver',
  'parent',
  'parental-responsibility',
  'foster-carer',
  'special-guardian',
  'adopter',
  'relative',
  'other',
] as const;

const person = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  address: z.string().trim().max(500).optional(),
});

/**
 * A step the case already went through before it was logged: a command's
 * body (as for `POST …/commands/{command}`) with its `command` and the
 * required `at`. Each body is checked against its command's schema in the route.
 */
export const historyStepSchema = z
  .object({
    command: z.enum(COMMAND_NAMES as [CommandName, ...CommandName[]]),
    at: z.iso.datetime({ offset: true }),
  })
  .catchall(z.unknown());

/** The Representations Procedure (England) Regulations 2006 came into force on 1 September 2006. */
export const EARLIEST_RECEIPT = '2006-09-01T00:00:00Z';

export const createComplaintSchema = z
  .object({
    receivedAt: z.iso
      .datetime({ offset: true })
      .refine((d) => Date.parse(d) >= Date.parse(EARLIEST_RECEIPT), 'is before the 2006 regulations came into force (1 September 2006)'),
    channel: z.enum(CHANNELS),
    complainant: person.extend({ type: z.enum(COMPLAINANT_TYPES) }),
    summary: z.string().trim().min(1).max(20_000),
    matterOccurredOn: z.iso.date().optional(),
    desiredOutcome: z.string().trim().max(10_000).optional(),
    child: z.object({ name: z.string().trim().min(1).max(200), dateOfBirth: z.iso.date().optional() }).optional(),
    representative: person.extend({ relationship: z.string().trim().max(200).optional() }).optional(),
    advocate: person.extend({ organisation: z.string().trim().max(200).optional() }).optional(),
    team: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9 &'().,-]+$/, 'letters, digits and simple punctuation only').optional(),
    policy: z.string().min(1).max(100).optional(),
    /** Past steps, in the order they happened, replayed at their dates as an import is (letters only with sendLetter). */
    history: z.array(historyStepSchema).min(1).max(100).optional(),
  })
  .strict();
export type CreateComplaint = z.infer<typeof createComplaintSchema>;

export const referenceSchema = z.string().regex(/^CSC-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/, 'not a complaint reference (CSC-YYYY-XXXXXX)');

const deadlineViewSchema = z.object({
  key: z.string(),
  kind: z.enum(['duty', 'window']),
  due: z.iso.date(),
  state: z.enum(['pending', 'met', 'missed', 'paused', 'cancelled']),
  metAt: z.string().nullable(),
  explanation: z.string(),
  warnings: z.array(z.string()),
});

/** The case view's shape, for the OpenAPI document (the workflow's CaseView type is the source). */
export const caseViewSchema = z
  .object({
    reference: z.string(),
    procedure: z.enum(['untriaged', 'statutory', 'corporate', 'representation', 'not-accepted']),
    stage: z.enum(['stage1', 'stage2', 'stage3', 'closed']),
    status: z.string(),
    onHold: z.boolean(),
    heldHeads: z.array(z.string()),
    partialHolds: z.array(
      z.object({
        head: z.string(),
        state: z.enum(['held', 'released']),
        reason: z.enum(['safeguarding', 'court-proceedings', 'other']),
        since: z.string(),
        releasedAt: z.string().nullable(),
      }),
    ),
    outcome: z.object({ kind: z.string() }).passthrough().nullable(),
    receivedAt: z.string(),
    receivedOn: z.iso.date(),
    team: z.string().optional(),
    policy: z.object({ id: z.string(), name: z.string() }),
    calendarVersion: z.string(),
    deadlines: z.array(deadlineViewSchema),
    next: z
      .object({ key: z.string(), kind: z.enum(['duty', 'window']), due: z.iso.date(), fallsDueAt: z.string() })
      .nullable()
      .describe("The date the case waits for: its earliest pending duty, or the complainant's window while none is pending"),
    overdue: z
      .object({ key: z.string(), due: z.iso.date(), since: z.string() })
      .nullable()
      .describe('The oldest duty missed and not yet done, overdue since the end of its due date (London)'),
    stage2: z.object({}).passthrough().nullable(),
    stage3: z.object({}).passthrough().nullable(),
    findings: z.array(z.object({}).passthrough()),
    ombudsman: z.object({}).passthrough().nullable(),
    events: z.array(z.object({ action: z.string(), actor: z.string(), at: z.string(), recordedAt: z.string() }).passthrough()),
    // From the record: how letters reach the complainant (records/letters/contact.ts).
    contact: z.object({ channel: z.enum(['email', 'post']).nullable(), warning: z.string().optional() }).optional(),
  })
  .passthrough();

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters and paging of GET /v1/complaints. */
export const listComplaintsSchema = z
  .object({
    stage: z.enum(['stage1', 'stage2', 'stage3', 'closed']).optional(),
    status: z.string().regex(/^[a-z-]{1,40}$/).optional(),
    team: z.string().min(1).max(100).optional(),
    onHold: booleanQuery.optional(),
    overdue: booleanQuery.optional(),
    dueBefore: z.iso.date().optional(),
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const auditQuerySchema = z
  .object({
    reference: referenceSchema.optional(),
    actor: z.string().min(1).max(200).optional(),
    // As UTC instants: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows.
    from: z.iso.datetime({ offset: true }).transform(utcInstant).optional(),
    to: z.iso.datetime({ offset: true }).transform(utcInstant).optional(),
  })
  .strict();

function utcInstant(value: string): string {
  return new Date(value).toISOString();
}

/** Who a subject access request is about: a name or an email address, as held. */
export const subjectAccessQuerySchema = z.object({ person: z.string().trim().min(3).max(200) }).strict();
