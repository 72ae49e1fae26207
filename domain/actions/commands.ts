import { z } from 'zod';
import { lazy, lazyRecord } from '../lazy';
import type { CalendarData } from '../holidays';
import type { IsoDate } from '../dates';

/**
 * The action plan's commands, ids and view: one recommendation (from a
 * stage's findings or the Ombudsman's decision) followed to completion. The
 * workflow's Updates are defined from this table in
 * workflows/actions/messages.ts. No input
 * carries free text: evidence and reasons are stored in the records store
 * under `noteId` by whoever sends the Update (the API), and the workflow
 * keeps the id only.
 */

/** Where an action comes from: the findings of a stage, or the Ombudsman's decision. */
export const ACTION_SOURCES = ['stage1', 'stage2', 'stage3', 'ombudsman'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export const SOURCE_LABELS: Record<ActionSource, string> = {
  stage1: 'Stage 1 response',
  stage2: 'Stage 2 adjudication',
  stage3: 'Review Panel',
  ombudsman: "Ombudsman's decision",
};

/** The action's id (the API's and the records store's): the case, the source and the recommendation. */
export function actionIdOf(reference: string, source: ActionSource, recommendationId: string): string {
  return `${reference}-${source}-${recommendationId}`;
}

/** Its workflow id. */
export function actionWorkflowId(actionId: string): string {
  return `action-${actionId}`;
}

export interface ActionInput {
  actionId: string;
  reference: string;
  source: ActionSource;
  recommendationId: string;
  owner: string;
  dueInWorkingDays: number;
  /** The London date the findings or the decision were recorded: the clock runs from it. */
  from: IsoDate;
  /** The case's calendar, pinned: working days and bank holidays as the case counts them. */
  calendar: CalendarData;
  /**
   * Notice ids of this action are `noticeBlock * 1_000_000 + n`: the case's own
   * notices count up from 1, so the two never share an id in the case's
   * correspondence (the delivery's idempotency key is reference + notice id).
   */
  noticeBlock: number;
  /** Who recorded the findings or the decision. */
  actor: string;
  /** History events before continuing as new (workflows/kit/lifecycle.ts), lower in tests; the kit's default otherwise. */
  historyLimit?: number;
}

/**
 * The schemas, built together on first use (domain/lazy.ts): a workflow of
 * another kind never asks for them, nor a replay with no command in its history.
 */
const built = lazy(() => {
  const instant = z.iso.datetime({ offset: true });
  const staffId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._@-]+$/, 'a staff id: letters, digits and . _ @ -');
  /** The records store's key for the free text that goes with the step (evidence, a reason). */
  const noteId = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'visible ASCII');

  const actionStepSchema = z.object({
    actor: staffId,
    /** When it happened; defaults to now. Never in the future, never before the action started. */
    at: instant.optional(),
    noteId,
  });

  const completeActionSchema = actionStepSchema;
  const reassignActionSchema = actionStepSchema.extend({ owner: staffId });
  const extendActionSchema = actionStepSchema.extend({ workingDays: z.number().int().min(1).max(65) });

  const schemas = {
    complete: completeActionSchema,
    reassign: reassignActionSchema,
    extend: extendActionSchema,
  } as const;
  const reason = z.string().trim().min(1).max(2_000);

  /**
   * The API's request bodies of the action commands (the API turns each into
   * its Update's input above): the actor is the caller, never the body; free
   * text goes to the records store only.
   */
  const bodies = {
    complete: z
      .object({
        at: instant.optional(),
        evidence: z
          .object({
            /** Where the evidence is kept: a document id or link. */
            reference: z.string().trim().min(1).max(500).optional(),
            /** What was done. */
            summary: z.string().trim().min(1).max(10_000).optional(),
          })
          .strict()
          .refine((e) => e.reference !== undefined || e.summary !== undefined, { message: 'give a reference or a summary of the evidence' }),
      })
      .strict()
      .meta({ description: 'Records that the action was done, with where the evidence is kept or what was done.', examples: [{ evidence: { reference: 'DOC-2026-118', summary: 'Contact policy rewritten and sent to every team' } }] }),
    reassign: z
      .object({ at: instant.optional(), owner: staffId, reason })
      .strict()
      .meta({ description: 'Gives the action to someone else.', examples: [{ owner: 'sam.jones', reason: 'Moved to the fostering team' }] }),
    extend: z
      .object({ at: instant.optional(), workingDays: z.number().int().min(1).max(65), reason })
      .strict()
      .meta({ description: 'Moves the action\'s due date later by working days.', examples: [{ workingDays: 10, reason: 'Waiting for the new policy to be approved' }] }),
  } as const;
  return { staffId, schemas, bodies };
});
type Schemas = ReturnType<typeof built>['schemas'];
type Bodies = ReturnType<typeof built>['bodies'];
const NAMES = ['complete', 'reassign', 'extend'] as const;

/** A staff id as an action names its owner. */
export const staffId = (): ReturnType<typeof built>['staffId'] => built().staffId;

export const ACTION_COMMAND_SCHEMAS: Schemas = lazyRecord<Schemas>(NAMES, (name) => built().schemas[name]);
export type ActionCommandName = keyof typeof ACTION_COMMAND_SCHEMAS;
export type ActionCommandInput<C extends ActionCommandName> = z.infer<(typeof ACTION_COMMAND_SCHEMAS)[C]>;
export const ACTION_COMMAND_NAMES = Object.keys(ACTION_COMMAND_SCHEMAS) as ActionCommandName[];


/** The API's request bodies by command (built with the schemas above). */
export const ACTION_COMMAND_BODIES: Bodies = lazyRecord<Bodies>(NAMES, (name) => built().bodies[name]);

export type Escalation = { to: 'complaints-manager' | 'director'; due: IsoDate; at: string };

export interface ActionEvent {
  action: 'started' | 'reminded' | 'escalated' | 'completed' | 'reassigned' | 'extended';
  actor: string;
  at: string;
  recordedAt: string;
  /** Never free text: ids, dates, counts. */
  detail?: Record<string, string | number>;
}

/** What staff see of an action: the workflow's side of it. */
export interface ActionView {
  actionId: string;
  reference: string;
  source: ActionSource;
  recommendationId: string;
  owner: string;
  due: IsoDate;
  explanation: string;
  warnings: string[];
  status: 'open' | 'done';
  overdue: boolean;
  /** When the owner is reminded (ISO instant), while that is still to come. */
  reminderAt: string | null;
  escalations: Escalation[];
  completedAt: string | null;
  completedBy: string | null;
  /** The records store's note holding the evidence. */
  evidenceNoteId: string | null;
  events: ActionEvent[];
}
