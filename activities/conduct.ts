import { ApplicationFailure } from '@temporalio/activity';
import { ConductRegister, type ConductEntry } from '../records/conduct';
import type { Db } from '../records/db';
import { RecordsInputError } from '../records/errors';

/** The conduct workflow's activities; without a records store (workflow-logic tests) the register is not kept and no case is found. */
export function createConductActivities(deps: { records?: { db?: Db } }) {
  const register = deps.records?.db ? new ConductRegister(deps.records.db) : undefined;
  return {
    /** Files the person's measures in the register; idempotent. Non-retryable: RecordsInputError (the person is not in that case). */
    async fileConductRegister(input: { personId: number; reference: string; entries: ConductEntry[] }): Promise<{ written: number }> {
      if (!register) return { written: 0 };
      try {
        return await register.file(input);
      } catch (error) {
        if (error instanceof RecordsInputError) throw ApplicationFailure.nonRetryable(error.message, 'RecordsInputError');
        throw error;
      }
    },
    /** The references of the person's open cases, from the records store (not Temporal visibility). */
    async listOpenCasesOfPerson(input: { personId: number }): Promise<string[]> {
      if (!register) return [];
      return register.openCasesOf(input.personId);
    },
  };
}
