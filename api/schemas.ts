import { z } from 'zod';
import { COMMAND_NAMES, type CommandName } from '../domain/complaint/commands';
import { PARTS } from '../domain/access';
import { CHILD_CARE } from '../domain/care-flags';
import { communicationNeedsSchema } from './schemas-people';

/** Request bodies of the complaints API; the OpenAPI document is generated from these. */

export const CHANNELS = ['online', 'email', 'phone', 'letter', 'in-person'] as const;
/**
 * Who complains, as the annual reports count them. BANES 2022-23 3.3-3.4
 * counts parents, foster carers and "people in a formal caring role",
 * grandparents, "other relatives such as aunts and uncles", and young people,
 * of them those in care or care experienced. `relative` stays for cases
 * logged before `grandparent` and `other-relative`.
 */
export const COMPLAINANT_TYPES = [
  'child',
  'young-person',
  'young-person-in-care',
  'care-experienced',
  'care-leaver',
  'parent',
  'parental-responsibility',
  'foster-carer',
  'formal-carer',
  'special-guardian',
  'adopter',
  'grandparent',
  'other-relative',
  'relative',
  'other',
] as const;

/**
 * An email address mail servers take: RFC 5321 allows 64 characters before
 * the @ and 254 in all (zod's format alone does not count them; the fuzzer
 * found the difference).
 */
export const emailSchema = z
  .email()
  .max(254)
  .refine((e) => e.indexOf('@') <= 64, 'an email address with at most 64 characters before the @, such as jo.parent@example.org');

const person = z.object({
  name: z.string().trim().min(1).max(200).meta({ description: 'Full name, as the person gives it.', examples: ['A Parent'] }),
  email: emailSchema.optional().describe('Email address, for letters by email.'),
  phone: z.string().trim().min(3).max(40).optional().meta({ description: 'Phone number.', examples: ['01632 960001'] }),
  address: z.string().trim().max(500).optional().meta({ description: 'Postal address, for letters by post.', examples: ['1 High Street, Newtown NT1 1AA'] }),
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
      // Only a date-time is compared: a malformed one has its own message.
      .refine((d) => !(Date.parse(d) < Date.parse(EARLIEST_RECEIPT)), 'is before the 2006 regulations came into force (1 September 2006)')
      .meta({ description: 'When the complaint reached the council (the clocks count from its London date); not in the future.', examples: ['2026-11-20T09:30:00Z'] }),
    channel: z.enum(CHANNELS).describe('How the complaint arrived.'),
    complainant: person
      .extend({ type: z.enum(COMPLAINANT_TYPES).describe('Who is complaining: a child or young person, a parent, a carer…') })
      .meta({ description: 'The person making the complaint.', examples: [{ name: 'A Parent', type: 'parent' }] }),
    summary: z.string().trim().min(1).max(20_000).meta({ description: 'What the complaint is about, in the complainant\'s terms.', examples: ['Contact arrangements changed without notice'] }),
    matterOccurredOn: z.iso.date().optional().describe('When the grounds for the complaint arose, for the 12-month rule.'),
    desiredOutcome: z.string().trim().max(10_000).optional().meta({ description: 'What the complainant wants to happen.', examples: ['Contact restored to every Saturday'] }),
    child: z
      .object({
        name: z.string().trim().min(1).max(200).meta({ description: "The child's name.", examples: ['Sam Parent'] }),
        dateOfBirth: z.iso.date().optional().describe("The child's date of birth."),
      })
      .optional()
      .describe('The child the complaint is about, when the complainant is not the child.'),
    childCare: z.enum(CHILD_CARE).optional().describe('The child is in care, care-experienced, a care leaver, or none of these (BANES 3.4); changed later with POST …/child-care.'),
    representative: person.extend({ relationship: z.string().trim().max(200).optional().describe('How they are related to the child.') }).optional().describe('Someone complaining on the child\'s behalf.'),
    advocate: person.extend({ organisation: z.string().trim().max(200).optional().describe('The advocacy service.') }).optional().describe("The child's independent advocate."),
    team: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9 &'().,-]+$/, "team must be letters, digits and simple punctuation, such as Children in Care")
      .optional()
      .meta({ description: 'The service team the complaint is about (no names).', examples: ['Children in Care'] }),
    policy: z.string().min(1).max(100).optional().meta({ description: "The policy to follow; left out, the council's own (the one `npm run council -- add --policy` gave it; DEFAULT_POLICY for the default council). Outside the default council, only the council's own policy may be named.", examples: ['england-statutory'] }),
    communicationNeeds: communicationNeedsSchema.optional().describe("The complainant's communication needs (format, language, interpreter, BSL, arrangements): every letter made carries them."),
    history: z
      .array(historyStepSchema)
      .min(1)
      .max(100)
      .optional()
      .describe('Past steps, in the order they happened, each a command body with its command and when it happened (at): replayed at their dates as an import is; letters only with sendLetter.'),
  })
  .strict()
  .meta({
    description: 'A complaint as it arrived.',
    examples: [
      {
        receivedAt: '2026-11-20T09:30:00Z',
        channel: 'letter',
        complainant: { name: 'A Parent', type: 'parent', address: '1 High Street, Newtown NT1 1AA' },
        summary: 'Contact arrangements changed without notice',
        child: { name: 'Sam Parent', dateOfBirth: '2015-03-02' },
        team: 'Children in Care',
      },
    ],
  });
export type CreateComplaint = z.infer<typeof createComplaintSchema>;

/** A complaint's reference (its workflow id), anywhere in a text: the codec finds the cases a decoded payload is about. */
export const REFERENCE_IN_TEXT = /CSC-\d{4}-[0-9A-HJKMNP-TV-Z]{6}/g;
export const referenceSchema = z.string().regex(new RegExp(`^${REFERENCE_IN_TEXT.source}$`), 'not a complaint reference (CSC-YYYY-XXXXXX)');

const deadlineViewSchema = z.object({
  key: z.string(),
  kind: z.enum(['duty', 'window']),
  due: z.iso.date(),
  state: z.enum(['pending', 'met', 'missed', 'paused', 'cancelled']),
  metAt: z.string().nullable(),
  missedAt: z.string().nullable().describe('When the case first showed the deadline as missed, or null.'),
  explanation: z.string(),
  warnings: z.array(z.string()),
});

/** The case view's shape, for the OpenAPI document (the workflow's CaseView type is the source). */
export const caseViewSchema = z
  .object({
    reference: z.string(),
    procedure: z.enum(['untriaged', 'statutory', 'corporate', 'representation', 'service-request', 'not-accepted']),
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
    policy: z.object({ id: z.string(), name: z.string(), version: z.number().int().meta({ description: 'The version of the policy the case started on and keeps (GET /v1/policies).' }) }),
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
    meetings: z
      .array(
        z
          .object({
            meetingId: z.string(),
            purpose: z.enum(['clarify', 'stage2-investigation', 'resolution', 'panel-preparation', 'other']),
            startsAt: z.string(),
            attendees: z.array(z.object({ role: z.string(), name: z.string() })),
            venue: z.string(),
            state: z.enum(['arranged', 'held', 'cancelled']),
            rearranged: z.number().int(),
          })
          .passthrough(),
      )
      .optional()
      .describe('Meetings with the complainant (arrange-meeting, record-meeting), in the order arranged; not in the auditor\'s summary'),
    findings: z.array(z.object({}).passthrough()),
    ombudsman: z.object({}).passthrough().nullable(),
    events: z.array(z.object({ action: z.string(), actor: z.string(), at: z.string(), recordedAt: z.string() }).passthrough()),
    parties: z
      .array(z.object({ id: z.string(), part: z.enum(PARTS) }))
      .optional()
      .describe('Who has a part in the case, by staff id (domain/access.ts); not in the auditor\'s summary'),
    learning: z
      .array(z.object({ stage: z.enum(['stage1', 'stage2', 'stage3']), themes: z.array(z.string()), changed: z.string(), recordedAt: z.string(), actor: z.string() }))
      .optional()
      .describe('The learning recorded at the end of each stage (BANES 5.1)'),
    learningOwed: z.array(z.enum(['stage1', 'stage2', 'stage3'])).optional().describe('Stages ended with no learning recorded yet'),
    satisfaction: z
      .object({ answer: z.enum(['satisfied', 'not-satisfied', 'not-asked', 'no-answer']), recordedAt: z.string() })
      .nullable()
      .optional()
      .describe("The complainant's latest answer to \"is it resolved to your satisfaction?\" (Luton 13.8)"),
    childCare: z.enum(CHILD_CARE).nullable().optional().describe('The child is in care, care-experienced or a care leaver (BANES 3.4); the case view only'),
    advocacy: z
      .object({ steps: z.array(z.object({}).passthrough()), complainant: z.object({}).passthrough(), child: z.object({}).passthrough(), warnings: z.array(z.string()).optional() })
      .optional()
      .describe("Advocacy (s.26A): each step with its date, where the complainant and the child stand, and a warning while an offer is owed to the child of an adult's complaint"),
    communicationNeeds: communicationNeedsSchema
      .nullable()
      .optional()
      .describe("From the record, in the case view only: the complainant's communication needs, or null when none are recorded"),
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

const IDENTIFIER_RULE =
  "a name alone is not enough: give the person's id (personId), or their name with at least one other exact identifier (dateOfBirth, email, phone or postcode)";

/**
 * Who a subject access request is about (POST /v1/subject-access, never a
 * name in a URL): people rows by id, or a name with at least one other
 * exact identifier. Cases where the name matches but the person is not
 * exactly identified come back as candidates; `confirm` takes them in.
 */
export const subjectAccessRequestSchema = z
  .object({
    personId: z
      .union([z.int().min(1).max(Number.MAX_SAFE_INTEGER), z.array(z.int().min(1).max(Number.MAX_SAFE_INTEGER)).min(1).max(50)], {
        error: 'a person id (a whole number from 1), or a list of 1 to 50 of them',
      })
      .optional()
      .meta({ description: "The person's id in a case (`people[].id` in the case view), or several: each is that person, exactly.", examples: [42] }),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .overwrite((n) => n.replace(/\s+/g, ' '))
      .optional()
      .meta({ description: 'Their full name as held (any case). Needs at least one other identifier.', examples: ['A Parent'] }),
    dateOfBirth: z.iso.date().optional().meta({ description: 'Their date of birth, as held.', examples: ['2015-03-02'] }),
    email: emailSchema.optional().meta({ description: 'Their email address, as held (any case).', examples: ['a.parent@example.org'] }),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()-]{5,30}$/, 'a phone number: digits, spaces, brackets and dashes, such as 01632 960001')
      .optional()
      .meta({ description: 'Their phone number (digits compared; +44 is read as 0).', examples: ['01632 960001'] }),
    postcode: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$/, 'a UK postcode, such as LE15 6AA')
      .optional()
      .meta({ description: 'The postcode of their address, as held.', examples: ['NT1 1AA'] }),
    confirm: z
      .array(referenceSchema)
      .min(1)
      .max(50)
      .optional()
      .meta({ description: 'Candidate cases (their references) the manager has confirmed are this person: included as well.', examples: [['CSC-2026-7KQ3MP']] }),
  })
  .strict()
  .superRefine((body, ctx) => {
    const others = (['dateOfBirth', 'email', 'phone', 'postcode'] as const).filter((k) => body[k] !== undefined);
    if (body.personId !== undefined) {
      for (const field of ['name', ...others, 'confirm'] as const) {
        if (body[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'give personId, or the identifiers, not both' });
      }
    } else if (body.name === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: IDENTIFIER_RULE });
    } else if (others.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: IDENTIFIER_RULE });
    }
  })
  .meta({ description: 'Who the request is about: their id, or their name with at least one other exact identifier; never a name alone.' });

/** The example /docs shows and test/api/docs.test.ts posts (JSON Schema drops a refined object's own examples). */
export const SUBJECT_ACCESS_EXAMPLE = { name: 'A Parent', dateOfBirth: '1985-06-01' };
export type SubjectAccessBody = z.infer<typeof subjectAccessRequestSchema>;
