import { defineQuery, type defineUpdate } from '@temporalio/workflow';
import type { ActionCommandInput, ActionCommandName, ActionView } from '../../domain/actions/commands';
import { ACTION_TABLE } from '../../domain/actions/table';
import { defineCommandUpdates } from '../kit/updates';

/**
 * The Temporal messages of the action workflow, one Update per row of its
 * command table (domain/actions/table.ts); each answers with the action's view.
 */

type ActionUpdates = { [C in ActionCommandName]: ReturnType<typeof defineUpdate<ActionView, [ActionCommandInput<C>]>> };

/** One Update per command, named as the API's command (`POST /v1/actions/{id}/commands/{name}`). */
export const actionUpdates = defineCommandUpdates<ActionUpdates>(ACTION_TABLE, 'action.');

export const actionViewQuery = defineQuery<ActionView>('actionView');
