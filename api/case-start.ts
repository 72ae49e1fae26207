import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { ComplaintInput } from '../domain/complaint/state';
import type { Records } from '../records/repository';
import type { CaseRecord, NewCase } from '../records/types';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { referenceFor } from './idempotency';
import { STATIC_DETAILS, staticSummaryOf } from '../domain/complaint/cockpit';

/**
 * The one routine that starts a case, for `POST /v1/complaints` and for
 * imports: draw a reference, file the case (personal data first, so the
 * workflow's first sync finds it filed), start its workflow with its search
 * attributes, and recognise a retry by its key.
 */
export interface CaseStart {
  /** The reference's year (London year of receipt). */
  year: number;
  /**
   * A hash a retry repeats (a scoped Idempotency-Key, an import's source id)
   * and the memo field that keeps it. References then follow from it, so a
   * retry finds its own case; without a key they are random.
   */
  key?: { hash: string; memo: 'idempotencyKey' | 'importKey' };
  /** The case file under a reference. */
  file(reference: string): NewCase;
  /** Whether a case already filed under the reference is this one, retried (default: when keyed). */
  sameFiling?(filed: CaseRecord): boolean;
  /** The workflow's input under a reference. */
  input(reference: string): ComplaintInput;
  searchAttributes: WorkflowStartOptions['typedSearchAttributes'];
  /** Memo besides the reference and the key: hashes and codes only, as the memo is stored unencrypted. */
  memo: Record<string, unknown>;
  workflowIdReusePolicy?: WorkflowStartOptions['workflowIdReusePolicy'];
  /** Look before filing, and take a run with the key in one of these states as the case already started (imports). */
  startedStates?: ReadonlySet<string>;
  /** Stop before filing: say which reference it would take. */
  dryRun?: boolean;
}

export type CaseStarted =
  | { outcome: 'started' | 'would-start'; reference: string }
  /** A workflow with this key was there already: the memo says from which request. */
  | { outcome: 'existing'; reference: string; memo: Record<string, unknown> | undefined };

/** The case started, found, or (undefined) no free reference after 20 draws. */
export async function startCase(deps: { client: Client; records: Records; taskQueue: string }, c: CaseStart): Promise<CaseStarted | undefined> {
  const ours = (memo: Record<string, unknown> | undefined) => c.key !== undefined && memo?.[c.key.memo] === c.key.hash;
  for (let attempt = 0; attempt < 20; attempt++) {
    const reference = referenceFor(c.year, c.key?.hash, attempt);
    if (c.startedStates) {
      const existing = await describe(deps.client, reference);
      if (existing) {
        if (!ours(existing.memo)) continue; // another case's reference: next in this key's sequence
        if (c.startedStates.has(existing.status)) return { outcome: 'existing', reference, memo: existing.memo };
      }
    }
    if (c.dryRun) return { outcome: 'would-start', reference };
    const filed = await deps.records.fileCase(c.file(reference));
    if (!filed.created && !(c.sameFiling?.(filed.case) ?? c.key !== undefined)) continue; // a reference already in use: draw another
    try {
      await deps.client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue: deps.taskQueue,
        ...(c.workflowIdReusePolicy ? { workflowIdReusePolicy: c.workflowIdReusePolicy } : {}),
        args: [c.input(reference)],
        typedSearchAttributes: c.searchAttributes,
        memo: { reference, ...c.memo, ...(c.key ? { [c.key.memo]: c.key.hash } : {}) },
        // The Temporal UI's title for the case: the reference only (payloads, so encrypted by the codec too).
        staticSummary: staticSummaryOf(reference),
        staticDetails: STATIC_DETAILS,
      });
      return { outcome: 'started', reference };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      if (!c.key) continue; // a random reference already in use: draw another
      const raced = await describe(deps.client, reference);
      if (ours(raced?.memo)) return { outcome: 'existing', reference, memo: raced?.memo };
    }
  }
  return undefined;
}

async function describe(client: Client, reference: string): Promise<{ status: string; memo?: Record<string, unknown> } | undefined> {
  try {
    const d = await client.workflow.getHandle(reference).describe();
    return { status: d.status.name, memo: d.memo };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
