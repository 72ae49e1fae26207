import { ApplicationFailure } from '@temporalio/activity';
import type { CalendarData } from '../domain/holidays';
import { getPolicyByRef } from '../domain/policy-versions';
import { CalendarStore, calendarDataFor } from '../records/calendar';
import { ConductRegister } from '../records/conduct';
import type { Records } from '../records/repository';

/** The calendar change pass's activities: reads of the records store only. */
export function createCalendarActivities(deps: { records?: Partial<Pick<Records, 'db'>> }) {
  const db = () => {
    if (!deps.records?.db) throw ApplicationFailure.nonRetryable('calendar changes need the system of record', 'NoRecordsStore');
    return deps.records.db;
  };
  const store = () => new CalendarStore(db());
  return {
    /** Cases whose workflow may still be running on `today` (London date). */
    async countOpenCases(input: { today: string }): Promise<number> {
      return store().countOpenCases(input.today);
    },
    /** One page of those cases after `cursor` (reference order): references and policy ids only. */
    async openCasesPage(input: { cursor: string | null; limit: number; today: string }) {
      return store().openCasesPage(input);
    },
    /** People on the unreasonable-conduct register: each has a conduct workflow to carry the change to. */
    async countConductPeople(): Promise<number> {
      return new ConductRegister(db()).countPeople();
    },
    /** One page of those people after `cursor` (id order): ids and their case's policy id only. */
    async conductPeoplePage(input: { cursor: number | null; limit: number }) {
      return new ConductRegister(db()).peoplePage(input);
    },
    /**
     * The calendar version `version` as each policy counts on it, by ref:
     * `luton@2` the version a case is pinned to, a bare id (passes from
     * before versions) the current one. A policy the engine does not know is
     * left out (its cases are reported as failed).
     * Non-retryable: CalendarVersionNotFound.
     */
    async calendarsForPolicies(input: { version: string; policyIds: string[] }): Promise<Record<string, CalendarData>> {
      const version = await store().getVersion(input.version);
      if (!version) throw ApplicationFailure.nonRetryable(`no calendar version ${input.version}`, 'CalendarVersionNotFound');
      const calendars: Record<string, CalendarData> = {};
      for (const id of input.policyIds) {
        try {
          calendars[id] = calendarDataFor(version, getPolicyByRef(id));
        } catch {
          // An unknown policy id: its cases are counted as failed, the rest go ahead.
        }
      }
      return calendars;
    },
  };
}
