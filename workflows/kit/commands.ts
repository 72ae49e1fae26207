import { currentUpdateInfo, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { parseInput, planOrRefuse } from './refusal';

/**
 * The Update ids a workflow has applied, carried in its state across
 * continue-as-new: a client retrying an Update after the run that applied it
 * has continued as new reaches a run that never saw its id, and Temporal's own
 * deduplication is per run.
 */
export interface AppliedUpdates {
  appliedUpdates?: string[];
}

/** Far more than the commands a retry could lag behind. */
const APPLIED_UPDATES_KEPT = 100;

/** True when this Update's id was applied before, in this run or an earlier one. */
function alreadyApplied(state: AppliedUpdates): boolean {
  const id = currentUpdateInfo()?.id;
  return id !== undefined && (state.appliedUpdates ?? []).includes(id);
}

function rememberApplied(state: AppliedUpdates): void {
  const id = currentUpdateInfo()?.id;
  if (id === undefined) return;
  state.appliedUpdates = [...(state.appliedUpdates ?? []), id].slice(-APPLIED_UPDATES_KEPT);
}

/** A workflow kind's commands, one Update each, as its command table (domain/<kind>/table.ts) gives them. */
export interface Commands<N extends string, V> {
  /** The command table: each row's input schema parses the Update's input. */
  table: { [C in N]: { schema: z.ZodType } };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each Update's input type is its own command's
  updates: { [C in N]: UpdateDefinition<V, [any]> };
  /**
   * A command's plan over its parsed input: it refuses (TransitionRefused) or
   * returns the change. `validating` is true in the Update's validator, which
   * is never replayed (so it may not call `patched()`).
   */
  plan(name: N, input: unknown, now: number, validating: boolean): () => void;
  /** What every Update answers. */
  view(): V;
  /** Called after each applied command, so the main loop re-plans. */
  changed(): void;
}

/**
 * Registers one Update per command; call it at the top of the workflow
 * function, before the first `await` (an Update that finds no handler is
 * rejected). The validator runs the same plan as the handler and refuses
 * what the handler would; an Update id already applied (memory in `state`)
 * is accepted and answered with the view, changing nothing.
 */
export function registerCommands<N extends string, V>(state: AppliedUpdates, commands: Commands<N, V>): void {
  for (const name of Object.keys(commands.table) as N[]) {
    const plan = (raw: unknown, validating: boolean) =>
      planOrRefuse(() => commands.plan(name, parseInput(name, commands.table[name].schema, raw), Date.now(), validating));
    setHandler(
      commands.updates[name] as UpdateDefinition<V, [unknown]>,
      (raw: unknown) => {
        if (alreadyApplied(state)) return commands.view();
        plan(raw, false)();
        rememberApplied(state);
        commands.changed();
        return commands.view();
      },
      {
        validator: (raw: unknown) => {
          if (alreadyApplied(state)) return;
          plan(raw, true);
        },
      },
    );
  }
}
