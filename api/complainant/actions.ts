import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { COMPLAINANT_COMMANDS, decideComplainantCommand, type ComplainantPrincipal } from '../../domain/access';
import { COMPLAINANT_ACTOR } from '../../domain/complaint/complainant';
import type { CommandName } from '../../domain/complaint/commands';
import type { CaseView } from '../../domain/complaint/state';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { formatLong, type IsoDate } from '../../domain/dates';
import { TRANSITION_REFUSED } from '../../workflows/kit/refusal';
import { commandUpdates } from '../../workflows/complaint/messages';
import { noSuchComplaint } from '../auth/case-access';
import { clientBody } from '../command-body';
import { bodyHash, scopedKeyHash } from '../idempotency';
import { PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import type { Records } from '../../records/repository';

/**
 * The complainant acting on their own case, for the complainant's pages to
 * call: checks the complainant's table (domain/access.ts), sends the Update
 * with the complainant as actor (`complainant`, never their name, and
 * `by: 'complainant'` on the events, so staff see who did it), with the
 * staff API's idempotency, and answers in plain words. Every failure is a
 * `ProblemError` (400 bad input, 403 not theirs to do, 404 not their case,
 * 409 refused by the procedure with its reason): never a 500 for input.
 */

export interface ComplainantActDeps {
  client: Client;
  records: Pick<Records, 'recallResponse' | 'rememberResponse'>;
}

/** What happened, for the page to say. */
export type ComplainantOutcome =
  | 'next-stage-accepted'
  | 'late-request-recorded'
  | 'extension-agreed'
  | 'extension-declined'
  | 'advocate-requested'
  | 'advocate-accepted'
  | 'satisfaction-recorded'
  | 'withdrawn';

export interface ComplainantActResult {
  reference: string;
  outcome: ComplainantOutcome;
  /** One sentence to the complainant, with the date that matters. */
  message: string;
  /** The date the outcome turns on (the acknowledgement due, the manager's decision due, the new response date), if any. */
  due: IsoDate | null;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const STAGE_WORDS: Record<string, string> = { stage2: 'Stage 2', stage3: 'a Review Panel (Stage 3)' };

export async function complainantAct(
  deps: ComplainantActDeps,
  principal: ComplainantPrincipal,
  reference: string,
  action: string,
  input: Record<string, unknown>,
  idempotencyKey?: string,
): Promise<ComplainantActResult> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'The answer must be a set of fields.');
  // The complainant's advocate is their own: the page need not say whose.
  const body = action === 'advocacy' ? { to: 'complainant', ...input } : input;
  const decision = decideComplainantCommand(principal, action, body);
  if (!decision.allowed) {
    if (decision.status === 404) throw noSuchComplaint(reference);
    throw new ProblemError(403, PROBLEM_TYPES.forbidden, 'Not allowed', decision.detail);
  }
  const command = action as CommandName;
  const fields = Object.fromEntries(COMPLAINANT_COMMANDS[command]!.fields.map((f) => [f, true]));
  const parsed = clientBody(COMMAND_TABLE[command].schema).pick(fields as never).strict().safeParse(body);
  if (!parsed.success) throw validationProblem(parsed.error);
  if (idempotencyKey !== undefined && !KEY_PATTERN.test(idempotencyKey)) {
    throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
    });
  }

  // As the staff API: the key scoped to this case's complainant is the Update id, and the answer is kept in the records store.
  const scope = `${COMPLAINANT_ACTOR}:${reference}`;
  const keyHash = idempotencyKey ? scopedKeyHash(scope, idempotencyKey) : undefined;
  const path = `complainant/${reference}/${command}#${bodyHash(parsed.data)}`;
  if (keyHash) {
    const stored = await deps.records.recallResponse(keyHash, scope);
    if (stored && stored.path !== path) throw new ProblemError(409, PROBLEM_TYPES.idempotencyKeyReused, 'Idempotency-Key reused', 'This key was already used for a different request.');
    if (stored) return stored.body as ComplainantActResult;
  }
  let view: CaseView;
  try {
    view = await deps.client.workflow.getHandle(reference).executeUpdate(commandUpdates[command] as (typeof commandUpdates)['acknowledge'], {
      args: [{ ...parsed.data, actor: COMPLAINANT_ACTOR, by: 'complainant' }],
      ...(keyHash ? { updateId: `${command}:${keyHash}` } : {}),
    });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === TRANSITION_REFUSED) {
      throw new ProblemError(409, PROBLEM_TYPES.transitionRefused, 'The case does not allow this step', error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) throw noSuchComplaint(reference);
    throw error;
  }
  const result = { reference, ...inWords(command, parsed.data, view) };
  if (keyHash) await deps.records.rememberResponse({ key: keyHash, actor: scope, method: 'POST', path, status: 200, body: result, reference });
  return result;
}

/** The outcome in the complainant's words, from the case as the step left it. */
function inWords(command: CommandName, input: Record<string, unknown>, view: CaseView): Omit<ComplainantActResult, 'reference'> {
  const due = (key: string) => view.deadlines.find((d) => d.key === key)?.due ?? null;
  const mine = [...view.events].reverse().find((e) => e.actor === COMPLAINANT_ACTOR);
  switch (command) {
    case 'escalate': {
      const to = String(mine?.detail?.to ?? '');
      const stage = STAGE_WORDS[to] ?? 'the next stage';
      const ack = due(to === 'stage3' ? 'stage3.acknowledge' : 'stage2.acknowledge');
      if (mine?.action === 'escalation-requested-late') {
        return {
          outcome: 'late-request-recorded',
          message: `You asked for ${stage} after the 20 working days to ask had ended. Your request is recorded and a manager will decide by ${fmt(ack)} whether to accept it; if they do not, they will write to you with the reasons.`,
          due: ack,
        };
      }
      return { outcome: 'next-stage-accepted', message: `You asked for ${stage}. It is accepted: we will write to confirm by ${fmt(ack)}.`, due: ack };
    }
    case 'answer-extension': {
      const respondBy = due('stage2.respond');
      return input.agree
        ? { outcome: 'extension-agreed', message: `You agreed to the extra time. The new date for our Stage 2 response is ${fmt(respondBy)}; a letter confirms it.`, due: respondBy }
        : { outcome: 'extension-declined', message: `You did not agree to the extra time. Our Stage 2 response is still due by ${fmt(respondBy)}.`, due: respondBy };
    }
    case 'advocacy':
      return input.event === 'accepted'
        ? { outcome: 'advocate-accepted', message: 'You accepted the offer of an independent advocate. We will put you in touch.', due: null }
        : { outcome: 'advocate-requested', message: 'You asked for an independent advocate. We will arrange one and tell you who they are.', due: null };
    case 'record-satisfaction':
      return {
        outcome: 'satisfaction-recorded',
        message: input.satisfaction === 'satisfied' ? 'Thank you: you told us you are satisfied with how your complaint was resolved.' : 'Thank you: you told us you are not satisfied with how your complaint was resolved.',
        due: null,
      };
    default:
      return { outcome: 'withdrawn', message: 'You withdrew your complaint. We will write to confirm it.', due: null };
  }
}

function fmt(date: IsoDate | null): string {
  return date ? formatLong(date) : 'the date in our letter';
}
