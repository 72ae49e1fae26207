import { defineQuery, defineSignal, type defineUpdate } from '@temporalio/workflow';
import type { ConductCommandInput, ConductCommandName } from '../../domain/conduct/commands';
import { CONDUCT_TABLE } from '../../domain/conduct/table';
import { defineCommandUpdates } from '../kit/updates';
import type { ConductView } from '../../domain/conduct/state';
import type { CalendarData } from '../../domain/holidays';

/**
 * The Temporal messages of the unreasonable-conduct workflow: one per person,
 * id `conduct-<personId>`. One Update per row of the decisions' table
 * (domain/conduct/table.ts), named `conduct.` + the API's command; each
 * answers with the person's conduct view, or is refused with an
 * ApplicationFailure of type `TransitionRefused`.
 */

type ConductUpdates = { [C in ConductCommandName]: ReturnType<typeof defineUpdate<ConductView, [ConductCommandInput<C>]>> };

/** One Update per decision (`conductUpdates['refuse-contact']`). */
export const conductUpdates = defineCommandUpdates<ConductUpdates>(CONDUCT_TABLE, 'conduct.');

/** The person's protocol: level, the measure in force, past measures, discontinued cases, events. */
export const conductViewQuery = defineQuery<ConductView>('conductView');

/**
 * The council's calendar changed (a proclaimed bank holiday, a closure day):
 * sent by the calendar change pass with the calendar of the person's case's
 * policy. `sequence` is the change's number: an older one than the workflow
 * has seen is ignored.
 */
export const conductCalendarChangedSignal = defineSignal<[{ calendar: CalendarData; actor: string; sequence?: number }]>('conduct.calendarChanged');
