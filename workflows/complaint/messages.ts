import { defineQuery, defineSignal, type defineUpdate } from '@temporalio/workflow';
import type { CalendarData } from '../../domain/holidays';
import type { CommandInput, CommandName } from '../../domain/complaint/commands';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { defineCommandUpdates } from '../kit/updates';
import type { CaseView } from '../../domain/complaint/state';
import type { CaseAccessFacts } from '../../domain/access';
import type { ActionCompleted } from '../../domain/complaint/transitions/letters';

/**
 * The Temporal messages of the complaint workflow: one Update per row of the
 * command table (domain/complaint/table.ts), named as the API's command. Every Update's result is the case view; a
 * refusal is an ApplicationFailure of type `TransitionRefused` whose message
 * is the reason.
 */

type CommandUpdates = { [C in CommandName]: ReturnType<typeof defineUpdate<CaseView, [CommandInput<C>]>> };

/** One Update definition per command (`commandUpdates['agree-statement']`). */
export const commandUpdates = defineCommandUpdates<CommandUpdates>(COMMAND_TABLE);

/** Kept for readability where one command is meant. */
export const acknowledgeUpdate = commandUpdates.acknowledge;

/** Moves the case to a new calendar (a newly proclaimed bank holiday, a closure day): pending dates are re-derived. */
export const calendarChangedSignal = defineSignal<[{ calendar: CalendarData; actor: string; /** The council's calendar change: an older one than the case has seen is ignored. */ sequence?: number }]>(
  'calendarChanged',
);

/** Closes the case as discontinued under the unreasonable-conduct protocol (workflows/conduct); a closed case ignores it. */
export const discontinueCaseSignal = defineSignal<[{ actor: string; decidedAt: string; personId: number }]>('discontinueCase');

/** An action of the case's plan is done (workflows/actions/workflow.ts): the last of a stage's sends the complainant a letter. */
export const actionCompletedSignal = defineSignal<[ActionCompleted]>('actionCompleted');

/** The case view: stage, status, every deadline with its explanation, events. */
export const caseViewQuery = defineQuery<CaseView>('caseView');

/** The commands the case takes now, whatever their input (domain/complaint/gates.ts, the checks the Update validators make first). */
export const openCommandsQuery = defineQuery<CommandName[]>('openCommands');

/** What the access rule needs of the case (domain/access.ts): its team and who has a part in it, by staff id. */
export const accessFactsQuery = defineQuery<CaseAccessFacts>('accessFacts');

/**
 * Whether the case rests: its main loop waits for its next wake, no activity
 * in flight. `until`: the instant (workflow time, epoch ms) that wait ends,
 * null when only a change ends it, undefined while the case is at work.
 */
export interface Resting {
  until: number | null | undefined;
}
export const restingQuery = defineQuery<Resting>('resting');
