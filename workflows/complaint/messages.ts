import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarData } from '../../domain/holidays';
import { COMMAND_NAMES, type CommandInput, type CommandName } from '../../domain/complaint/commands';
import type { CaseView } from '../../domain/complaint/state';

/**
 * The Temporal messages of the complaint workflow: one Update per command,
 * named as the API's command, whose input schemas live with the procedure
 * (domain/complaint/commands.ts). Every Update's result is the case view; a
 * refusal is an ApplicationFailure of type `TransitionRefused` whose message
 * is the reason.
 */

type CommandUpdates = { [C in CommandName]: ReturnType<typeof defineUpdate<CaseView, [CommandInput<C>]>> };

/** One Update definition per command (`commandUpdates['agree-statement']`). */
export const commandUpdates = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, defineUpdate<CaseView, [unknown]>(name)]),
) as unknown as CommandUpdates;

/** Kept for readability where one command is meant. */
export const acknowledgeUpdate = commandUpdates.acknowledge;

/** Moves the case to a new calendar (a newly proclaimed bank holiday, a closure day): pending dates are re-derived. */
export const calendarChangedSignal = defineSignal<[{ calendar: CalendarData; actor: string; /** The council's calendar change: an older one than the case has seen is ignored. */ sequence?: number }]>(
  'calendarChanged',
);

/** Closes the case as discontinued under the unreasonable-conduct protocol (workflows/conduct); a closed case ignores it. */
export const discontinueCaseSignal = defineSignal<[{ actor: string; decidedAt: string; personId: number }]>('discontinueCase');

/** The case view: stage, status, every deadline with its explanation, events. */
export const caseViewQuery = defineQuery<CaseView>('caseView');
