import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import type { CommandName } from '../../domain/complaint/commands';
import { caseViewQuery } from '../../workflows/complaint/messages';
import { type CaseView } from '../../domain/complaint/state';
import { owedAdvocacyWarning } from '../../domain/complaint/advocacy';
import { contactOf } from '../../records/letters/contact';
import type { Records } from '../../records/repository';
import type { CaseRecord, ChronologyEntry } from '../../records/types';
import { chronologyLine, chronologyPage, HOLD_REASON_ROLES } from '../chronology';
import { listingScope } from '../../domain/access';
import { requireRole } from '../auth/authenticate';
import { caseAccess, noSuchComplaint, requireView } from '../auth/case-access';
import { ROLES } from '../auth/roles';
import { caseSummary } from '../case-summary';
import { idempotencyKey } from '../idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { sendComplaintCommand } from '../complaint-command';
import { createComplaint } from '../complaint-create';
import { listComplaintsSchema, referenceSchema } from '../schemas';

export interface ComplaintRoutesDeps {
  client: Client;
  /** The system of record: personal data, the listing, letters, the audit of reads. */
  records: Records;
  taskQueue: string;
  defaultPolicy: string;
  /** Wall clock, injectable so tests can pin "now". */
  now?: () => number;
  /** History events after which a case's workflow continues as new (default: the workflow's own). */
  historyLimit?: number;
  /** The window across which the new case's clock wakes are spread (ms; none when absent). */
  wakeSpreadMs?: number;
  /** Minutes after creation in which past steps may be logged before alerts and lapses (default DEFAULT_GRACE_MINUTES). */
  graceMinutes?: number;
  /** Counts commands by name and outcome (metrics). */
  onCommand?: (command: string, outcome: 'ok' | 'refused' | 'error') => void;
}

function parseReference(raw: string): string {
  const parsed = referenceSchema.safeParse(raw);
  if (!parsed.success) throw noSuchComplaint(raw);
  return parsed.data;
}

export function complaintRoutes(deps: ComplaintRoutesDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;

  /** POST /v1/complaints: logs a complaint and starts its workflow (api/complaint-create.ts). 201 with Location and the case view. */
  router.post('/', async (req, res) => {
    const made = await createComplaint({ ...deps, now }, { caller: req.caller, body: req.body, key: () => idempotencyKey(req) });
    // Says at once when no letter can reach the complainant.
    res.status(201).location(`/v1/complaints/${made.reference}`).json({ ...made.view, contact: made.contact });
  });

  /**
   * GET /v1/complaints: the listing, from the system of record (Temporal
   * visibility is the operators' view): only the cases the caller reaches.
   * Its columns are dates, states and codes, no personal data: no access log entry.
   */
  router.get('/', async (req, res) => {
    const caller = requireRole(ROLES, 'Listing cases', req.caller);
    const parsed = listComplaintsSchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    try {
      res.json(await deps.records.listCases(parsed.data, listingScope(caller)));
    } catch (error) {
      if ((error as Error).name === 'RecordsInputError') throw fieldProblem('cursor', (error as Error).message);
      throw error;
    }
  });

  /**
   * GET /v1/complaints/{reference}: the case view from its workflow, with the
   * people and the complaint's text from the record, for those who read the
   * `case` view of it (and an access log entry); the `summary` view for the
   * others (the auditor).
   */
  router.get('/:reference', async (req, res) => {
    const caller = requireRole(ROLES, 'Reading a case', req.caller);
    const reference = parseReference(req.params.reference);
    const access = await caseAccess(deps, caller, reference);
    // No such workflow: a 404 from the error handler (api/problems.ts).
    const view = await deps.client.workflow.getHandle(reference).query(caseViewQuery);
    if (!access.views.has('case')) {
      res.json(caseSummary(view, { letters: (await deps.records.listCorrespondence(reference)).length }));
      return;
    }
    const filed = await deps.records.getCase(reference);
    await deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: 'case' });
    const complainant = filed?.people.find((p) => p.role === 'complainant'); // none once disposed of
    const childCare = (await deps.records.equalities.childCare(reference)) ?? null; // BANES 3.4: the child's, with the case
    const communicationNeeds = filed ? ((await deps.records.communicationNeeds.get(reference)) ?? null) : undefined;
    res.json({ ...withAdvocacyWarning(view, filed), ...(complainant ? { contact: contactOf(complainant) } : {}), ...personalData(filed), childCare, ...(filed ? { communicationNeeds } : {}) });
  });

  /** GET /v1/complaints/{reference}/correspondence: every letter and alert, as sent. */
  router.get('/:reference/correspondence', async (req, res) => {
    const caller = requireRole(ROLES, 'Reading correspondence', req.caller);
    const reference = parseReference(req.params.reference);
    requireView(await caseAccess(deps, caller, reference), 'correspondence', 'Reading correspondence');
    await requireFiled(deps.records, reference);
    await deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: 'correspondence' });
    res.json({ reference, correspondence: await deps.records.listCorrespondence(reference) });
  });

  /** GET /v1/complaints/{reference}/chronology: every event and letter in order, as the Ombudsman asks for (JSON, or HTML). */
  router.get('/:reference/chronology', async (req, res) => {
    const caller = requireRole(ROLES, 'Exporting a chronology', req.caller);
    const reference = parseReference(req.params.reference);
    const access = await caseAccess(deps, caller, reference);
    requireView(access, 'chronology', 'Exporting a chronology');
    await requireFiled(deps.records, reference);
    await deps.records.recordAccess({ reference, actor: caller.subject, action: 'export', view: 'chronology' });
    const entries = await deps.records.caseChronology(reference);
    // What a hold's reason shows follows the caller's part in this case, not every role it holds.
    const lines = entries.map((entry) => chronologyLine(entry, access.roles));
    if (req.accepts(['application/json', 'text/html']) === 'text/html') {
      res.type('html').send(chronologyPage(reference, lines));
      return;
    }
    // The machine codes stay, with the plain words beside them; a hold's reason only for those who may see it.
    const seesHoldReason = access.roles.some((r) => HOLD_REASON_ROLES.includes(r));
    res.json({
      reference,
      entries: entries.map((entry, i) => ({ ...(seesHoldReason ? entry : withoutHoldReason(entry)), ...lines[i] })),
    });
  });

  /** POST /v1/complaints/{reference}/commands/{command}: one transition; 200 with the new case view, 409 with the reason if refused. */
  router.post('/:reference/commands/:command', async (req, res) => {
    const command = req.params.command as CommandName;
    if (!Object.hasOwn(COMMAND_TABLE, command)) {
      throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such command', `Unknown command "${req.params.command}"; commands: ${Object.keys(COMMAND_TABLE).join(', ')}`);
    }
    const caller = requireRole(ROLES, `The ${command} command`, req.caller);
    // The case first (404 when the caller does not reach it, whatever the body), then the caller's part in it, then the key, then the body.
    const reference = parseReference(req.params.reference);
    const { view } = await sendComplaintCommand({ ...deps, now }, { caller, reference, command, body: req.body, key: () => idempotencyKey(req) });
    res.json(view);
  });

  return router;
}

async function requireFiled(records: Records, reference: string): Promise<void> {
  if (!(await records.getCase(reference))) throw noSuchComplaint(reference);
}

/** The record's personal data (nothing once disposed of), for the `case` view. */
function personalData(filed: CaseRecord | undefined) {
  if (!filed) return {};
  return {
    channel: filed.channel,
    summary: filed.summary,
    desiredOutcome: filed.desiredOutcome,
    matterOccurredOn: filed.matterOccurredOn,
    people: filed.people,
  };
}

/**
 * The case view with the advocacy offer owed to the child (s.26A), from the
 * complainant's type on record: an adult complaining about a child owes the
 * child an offer of their own until one is recorded (domain/complaint/advocacy.ts).
 */
function withAdvocacyWarning(view: CaseView, filed: Pick<CaseRecord, 'complainantType' | 'hasChild'> | undefined): CaseView & { advocacy: CaseView['advocacy'] & { warnings: string[] } } {
  const steps = view.advocacy?.steps ?? [];
  const owed = filed ? owedAdvocacyWarning(filed.complainantType, filed.hasChild, steps) : undefined;
  return { ...view, advocacy: { ...view.advocacy, warnings: owed ? [owed] : [] } };
}

/** An entry with a hold's reason taken out (the roles outside HOLD_REASON_ROLES). */
function withoutHoldReason(entry: ChronologyEntry): ChronologyEntry {
  if (entry.type !== 'event' || !HOLD_EVENTS.has(entry.event.action) || !entry.event.detail) return entry;
  const { reason: _withheld, ...detail } = entry.event.detail;
  return { ...entry, event: { ...entry.event, detail } };
}
const HOLD_EVENTS = new Set(['held', 'heads-held', 'hold-released']);
