import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { ACTION_COMMAND_NAMES, type ActionCommandInput, type ActionCommandName, type ActionView } from '../../domain/actions/commands';

/**
 * The Temporal messages of the action workflow, one Update per command of
 * domain/actions/commands.ts; each answers with the action's view.
 */

type ActionUpdates = { [C in ActionCommandName]: ReturnType<typeof defineUpdate<ActionView, [ActionCommandInput<C>]>> };

/** One Update per command, named as the API's command (`POST /v1/actions/{id}/commands/{name}`). */
export const actionUpdates = Object.fromEntries(
  ACTION_COMMAND_NAMES.map((name) => [name, defineUpdate<ActionView, [unknown]>(`action.${name}`)]),
) as unknown as ActionUpdates;

export const actionViewQuery = defineQuery<ActionView>('actionView');
