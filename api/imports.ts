import { z } from 'zod';
import { londonDateOf, startOfLondonDay } from '../domain/dates';
import { HOLD_REASONS, TRIAGE_DECISIONS, type CommandInput, type CommandName } from '../domain/complaint/commands';
import type { ImportedStep } from '../domain/complaint/imported';
import type { NewCase, PersonInput } from '../records/types';
import { CHANNELS, COMPLAINANT_TYPES, EARLIEST_RECEIPT, emailSchema } from './schemas';

/**
 * One open case as an older system exports it: a flat row (a CSV line or a
 * JSON object with the same names), every value optional text except where
 * the procedure needs it. Dates are ISO 8601 instants with an offset, or
 * plain dates (London days). Each row becomes the case file's personal data
 * and the steps its workflow replays (domain/complaint/imported.ts).
 */

const blankToAbsent = (raw: unknown) => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>)
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v] as const)
      .filter(([, v]) => v !== '' && v !== null && v !== undefined),
  );
};

const text = (max: number) => z.string().min(1).max(max);
const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'an ISO 8601 date-time with offset, or a date YYYY-MM-DD' });
const date = z.iso.date();
const staffId = z.string().max(100).regex(/^[A-Za-z0-9._@-]+$/, 'a staff id: letters, digits and . _ @ -');
const team = z.string().max(100).regex(/^[A-Za-z0-9 &'().,-]+$/, 'letters, digits and simple punctuation only');
const workingDays = z.union([z.number(), z.string().regex(/^\d+$/, 'a whole number').transform(Number)]).pipe(z.number().int().min(1).max(65));
const yes = z.union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', 'y', 'n', '1', '0']).transform((v) => ['true', 'yes', 'y', '1'].includes(v))]);

/** Rows one import may have unless IMPORT_MAX_ROWS says otherwise (413 beyond); the CLI sends chunks well under it. */
export const DEFAULT_IMPORT_MAX_ROWS = 5_000;

export const SOURCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,99}$/;

export const importRowObject = z
  .object({
    sourceId: z.string().regex(SOURCE_ID_PATTERN, "the old system's id: letters, digits and . _ / : - (up to 100)"),
    receivedAt: when.refine((d) => instantOf(d) >= Date.parse(EARLIEST_RECEIPT), 'is before the 2006 regulations came into force (1 September 2006)'),
    channel: z.enum(CHANNELS),
    complainantName: text(200),
    complainantType: z.enum(COMPLAINANT_TYPES),
    complainantEmail: emailSchema.optional(),
    complainantPhone: z.string().min(3).max(40).optional(),
    complainantAddress: z.string().max(500).optional(),
    childName: text(200).optional(),
    childDateOfBirth: date.optional(),
    summary: text(20_000),
    desiredOutcome: z.string().max(10_000).optional(),
    matterOccurredOn: date.optional(),
    team: team.optional(),
    policy: z.string().min(1).max(100).optional(),
    // Stage 1
    triageDecision: z.enum(TRIAGE_DECISIONS).extract(['stage1', 'stage2']).optional(),
    triagedAt: when.optional(),
    goodReasonForDelay: text(2_000).optional(),
    acknowledgedAt: when.optional(),
    clarifiedAt: when.optional(),
    stage1ExtendedAt: when.optional(),
    stage1ExtensionDays: workingDays.optional(),
    stage1ExtensionReason: text(2_000).optional(),
    respondedAt: when.optional(),
    // Stage 2
    stage2RequestedAt: when.optional(),
    stage2AcknowledgedAt: when.optional(),
    investigatorsAppointedAt: when.optional(),
    investigatingOfficer: staffId.optional(),
    investigatingOfficerTeam: team.optional(),
    independentPerson: staffId.optional(),
    independentPersonTeam: team.optional(),
    contactedAt: when.optional(),
    statementAgreedAt: when.optional(),
    stage2ExtendedAt: when.optional(),
    stage2ExtensionDays: workingDays.optional(),
    stage2ExtensionReason: text(2_000).optional(),
    stage2ExtensionAgreed: yes.optional(),
    reportsSubmittedAt: when.optional(),
    adjudicatedAt: when.optional(),
    // Stage 3
    stage3RequestedAt: when.optional(),
    stage3AcknowledgedAt: when.optional(),
    panelScheduledAt: when.optional(),
    panelDate: date.optional(),
    panelNotifiedAt: when.optional(),
    papersSentAt: when.optional(),
    panelHeldAt: when.optional(),
    panelReportAt: when.optional(),
    // A hold (safeguarding, court proceedings), current or released
    heldAt: when.optional(),
    holdReason: z.enum(HOLD_REASONS).optional(),
    holdReleasedAt: when.optional(),
  })
  .strict()
  .superRefine((row, ctx) => {
    const together = (fields: Array<keyof typeof row>, what: string) => {
      const given = fields.filter((f) => row[f] !== undefined);
      if (given.length > 0 && given.length < fields.length) {
        for (const f of fields.filter((f) => row[f] === undefined)) ctx.addIssue({ code: 'custom', path: [f], message: `needed with ${given.join(', ')} (${what})` });
      }
    };
    together(['stage1ExtendedAt', 'stage1ExtensionDays', 'stage1ExtensionReason'], 'a Stage 1 extension');
    together(['stage2ExtendedAt', 'stage2ExtensionDays', 'stage2ExtensionReason'], 'a Stage 2 extension');
    together(['heldAt', 'holdReason'], 'a hold');
    together(['investigatorsAppointedAt', 'investigatingOfficer', 'independentPerson'], 'the appointment of the investigators');
    together(['panelScheduledAt', 'panelDate'], 'the panel');
    const needs = (field: keyof typeof row, before: keyof typeof row) => {
      if (row[field] !== undefined && row[before] === undefined) ctx.addIssue({ code: 'custom', path: [before], message: `needed with ${field}` });
    };
    needs('holdReleasedAt', 'heldAt');
    needs('investigatingOfficerTeam', 'investigatingOfficer');
    needs('independentPersonTeam', 'independentPerson');
  });

export const importRowSchema = z.preprocess(blankToAbsent, importRowObject);
export type ImportRow = z.output<typeof importRowObject>;

/** The columns of a row, in the order an export lists them. */
export const IMPORT_COLUMNS = Object.keys(importRowObject.shape) as Array<keyof ImportRow>;

/** A plain date is a London day: it counts from 00:00 London. */
function instantOf(value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfLondonDay(value) : Date.parse(value);
}

/** The case file's side: personal data goes to the records store, never to the workflow. */
export function caseFileOf(row: ImportRow, reference: string, policy: { id: string; version: number }, actor: string): NewCase {
  const people: PersonInput[] = [
    {
      role: 'complainant',
      name: row.complainantName,
      type: row.complainantType,
      ...(row.complainantEmail ? { email: row.complainantEmail } : {}),
      ...(row.complainantPhone ? { phone: row.complainantPhone } : {}),
      ...(row.complainantAddress ? { address: row.complainantAddress } : {}),
    },
  ];
  if (row.childName) people.push({ role: 'child', name: row.childName, ...(row.childDateOfBirth ? { dateOfBirth: row.childDateOfBirth } : {}) });
  return {
    reference,
    receivedAt: receivedInstant(row),
    channel: row.channel,
    policyId: policy.id,
    policyVersion: policy.version,
    team: row.team,
    summary: row.summary,
    desiredOutcome: row.desiredOutcome,
    matterOccurredOn: row.matterOccurredOn,
    people,
    actor,
  };
}

export function receivedInstant(row: ImportRow): string {
  return new Date(instantOf(row.receivedAt)).toISOString();
}

/** A step as the row gives it: its column (for problems), its place in the procedure (for steps on the same day). */
export interface RowStep {
  field: keyof ImportRow;
  rank: number;
  /** The instant, with a plain date's counted from 00:00 London. */
  instant: number;
  /** The value was a plain date: it may be moved later on its day to follow the steps before it. */
  dateOnly: boolean;
  step: ImportedStep;
}

/**
 * The steps a row stands for, in the order they happened. Steps on the same
 * day without a time keep the procedure's order and never precede a step
 * before them that day.
 */
export function stepsOf(row: ImportRow, actor: string): RowStep[] {
  const steps: RowStep[] = [];
  let rank = 0;
  const add = <C extends CommandName>(field: keyof ImportRow, value: string | undefined, command: C, input: Omit<CommandInput<C>, 'at' | 'actor' | 'note'>) => {
    rank++;
    if (value === undefined) return;
    steps.push({
      field,
      rank,
      instant: instantOf(value),
      dateOnly: !value.includes('T'),
      step: { command, input: { ...input, actor, at: '' } } as ImportedStep,
    });
  };
  // Past acknowledgement, a case was triaged, whether or not the old system dated it.
  const beyondAcknowledgement = IMPORT_COLUMNS.slice(IMPORT_COLUMNS.indexOf('clarifiedAt')).some((c) => c.endsWith('At') && row[c] !== undefined);
  const triaged = row.triageDecision !== undefined || row.triagedAt !== undefined || beyondAcknowledgement;
  add('triagedAt', triaged ? (row.triagedAt ?? row.receivedAt) : undefined, 'triage', {
    decision: row.triageDecision ?? 'stage1',
    ...(row.matterOccurredOn ? { matterOccurredOn: row.matterOccurredOn } : {}),
    ...(row.goodReasonForDelay ? { goodReasonForDelay: row.goodReasonForDelay } : {}),
  });
  add('acknowledgedAt', row.acknowledgedAt, 'acknowledge', {});
  add('clarifiedAt', row.clarifiedAt, 'clarify', {});
  add('stage1ExtendedAt', row.stage1ExtendedAt, 'extend', { deadline: 'stage1.respond', workingDays: row.stage1ExtensionDays!, reason: row.stage1ExtensionReason! });
  add('respondedAt', row.respondedAt, 'respond', {});
  add('stage2RequestedAt', row.stage2RequestedAt, 'escalate', {});
  add('stage2AcknowledgedAt', row.stage2AcknowledgedAt, 'acknowledge', {});
  add('investigatorsAppointedAt', row.investigatorsAppointedAt, 'appoint-investigators', {
    investigatingOfficer: { id: row.investigatingOfficer!, ...(row.investigatingOfficerTeam ? { team: row.investigatingOfficerTeam } : {}) },
    independentPerson: { id: row.independentPerson!, ...(row.independentPersonTeam ? { team: row.independentPersonTeam } : {}) },
  });
  add('contactedAt', row.contactedAt, 'contact', {});
  add('statementAgreedAt', row.statementAgreedAt, 'agree-statement', {});
  add('stage2ExtendedAt', row.stage2ExtendedAt, 'extend', {
    deadline: 'stage2.respond',
    workingDays: row.stage2ExtensionDays!,
    reason: row.stage2ExtensionReason!,
    ...(row.stage2ExtensionAgreed !== undefined ? { complainantAgreed: row.stage2ExtensionAgreed } : {}),
  });
  // An old system that records only the adjudication had both reports by then.
  add('reportsSubmittedAt', row.reportsSubmittedAt ?? row.adjudicatedAt, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
  add('adjudicatedAt', row.adjudicatedAt, 'adjudicate', {});
  add('stage3RequestedAt', row.stage3RequestedAt, 'escalate', {});
  add('stage3AcknowledgedAt', row.stage3AcknowledgedAt, 'acknowledge', {});
  add('panelScheduledAt', row.panelScheduledAt, 'schedule-panel', { panelDate: row.panelDate! });
  add('panelNotifiedAt', row.panelNotifiedAt, 'notify-panel', {});
  add('papersSentAt', row.papersSentAt, 'send-papers', {});
  add('panelHeldAt', row.panelHeldAt, 'record-panel', {});
  add('panelReportAt', row.panelReportAt, 'panel-report', {});
  add('heldAt', row.heldAt, 'hold', { reason: row.holdReason! });
  add('holdReleasedAt', row.holdReleasedAt, 'release-hold', {});

  // A plain date follows the steps ranked before it on the same day (receipt included).
  const received = instantOf(row.receivedAt);
  for (const s of steps) {
    if (!s.dateOnly) continue;
    const day = londonDateOf(s.instant);
    const before = [received, ...steps.filter((o) => o.rank < s.rank && londonDateOf(o.instant) === day).map((o) => o.instant)].filter((t) => londonDateOf(t) === day);
    s.instant = Math.max(s.instant, ...before);
  }
  steps.sort((a, b) => a.instant - b.instant || a.rank - b.rank);
  for (const s of steps) s.step.input.at = new Date(s.instant).toISOString();
  return steps;
}

/** A case at Stage 1, acknowledged, as an older system might export it (the example /docs shows). */
const IMPORT_EXAMPLE_ROW = {
  sourceId: 'OLD-1001',
  receivedAt: '2026-11-20T09:30:00Z',
  channel: 'letter',
  complainantName: 'A Parent',
  complainantType: 'parent',
  complainantAddress: '1 High Street, Newtown NT1 1AA',
  summary: 'Contact arrangements changed without notice',
  team: 'Children in Care',
  triageDecision: 'stage1',
  triagedAt: '2026-11-20',
  acknowledgedAt: '2026-11-23T10:00:00Z',
};

/** The import's paths in the OpenAPI document (spread into api/openapi.ts). */
export function importOpenApiPaths(): Record<string, unknown> {
  const { $schema: _ignored, ...row } = z.toJSONSchema(importRowObject, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  return {
    '/v1/imports': {
      post: {
        operationId: 'importCases',
        summary: 'Import open cases from an older system (JSON rows or a CSV file); a dry run checks every row and starts nothing',
        description:
          'Roles: complaints-manager. Each row is checked (fields, then its history replayed through the procedure) and its case started at the stage and with the dates it really has. ' +
          "A case's reference follows from source and sourceId, so a second run starts nothing (status already-imported). Letters of past steps are not sent again.",
        tags: ['imports'],
        parameters: [
          { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'], default: 'false' } },
          { name: 'source', in: 'query', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,40}$', default: 'legacy' } },
          { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 }, description: 'A retry with the same key returns the first answer.' },
        ],
        requestBody: {
          required: true,
          content: {
            // Rows are checked one by one and their problems answered per row (200), never as a 400 for
            // the whole file; so any row is accepted here, and each row's own schema is documented beside.
            'application/json': {
              example: { rows: [IMPORT_EXAMPLE_ROW] },
              schema: {
                type: 'object',
                required: ['rows'],
                additionalProperties: false,
                properties: { rows: { type: 'array', minItems: 1, items: { description: 'A case as the older system exports it: see x-row.' } } },
                'x-row': row,
              },
            },
            'text/csv': { schema: { type: 'string', description: `A header line naming the columns (${IMPORT_COLUMNS.join(', ')}), then one case a line (RFC 4180).` } },
          },
        },
        responses: {
          '200': { description: 'Every row with its status (started, already-imported, would-start, invalid with its problems by field)' },
          '400': problem('The body or a CSV line is malformed'),
          '401': problem('No valid bearer token'),
          '403': problem("The caller's roles do not allow this"),
          '409': problem('Idempotency-Key reused for a different request'),
          '413': problem(`Body too large, or more rows than IMPORT_MAX_ROWS (${DEFAULT_IMPORT_MAX_ROWS} unless the deployment says otherwise)`),
          '415': problem('Body is neither JSON nor CSV'),
          '429': problem('Too many requests'),
          '503': problem('Temporal or the records store unavailable; retry after Retry-After (rows already started are found as already imported)'),
        },
      },
    },
  };
}
