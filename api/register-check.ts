import type { CommandName } from '../domain/complaint/commands';
import { firstRefusal, registerAnswer, type RegisterAnswer, type RegisterPart } from '../domain/complaint/independence';
import type { Records } from '../records/repository';
import { PROBLEM_TYPES, ProblemError } from './problems';

/** Who a command names for an independent part, by id. */
function named(command: CommandName, input: Record<string, unknown>): Array<{ id: string; part: RegisterPart }> {
  if (command === 'appoint-investigators') {
    const i = input as { investigatingOfficer: { id: string }; independentPerson: { id: string } };
    return [
      { id: i.investigatingOfficer.id, part: 'investigating-officer' },
      { id: i.independentPerson.id, part: 'independent-person' },
    ];
  }
  if (command === 'schedule-panel') {
    const members = (input as { members?: Array<{ id: string; role: 'chair' | 'member' }> }).members ?? [];
    return members.map((m) => ({ id: m.id, part: m.role === 'chair' ? 'panel-chair' : 'panel-member' }));
  }
  return [];
}

/**
 * The independence register's answer for the people a command names (BANES
 * 9.3), checked before the Update is sent: a person the rule refuses
 * (domain/complaint/independence.ts) is a 409 naming the rule and its
 * paragraph, and nothing changes. Otherwise the answer goes with the command,
 * so the workflow records it on the step without reading the database.
 * Undefined for a command that names no one.
 */
export async function registerCheck(records: Records, command: CommandName, input: Record<string, unknown>, now: number): Promise<RegisterAnswer[] | undefined> {
  const people = named(command, input);
  if (people.length === 0) return undefined;
  const entries = await records.register.getMany(people.map((p) => p.id));
  const checkedAt = new Date(now).toISOString();
  const answers = people.map((p) => registerAnswer(p.id, p.part, entries.get(p.id), checkedAt));
  const refusal = firstRefusal(answers);
  if (refusal) {
    throw new ProblemError(409, PROBLEM_TYPES.notIndependent, 'Not independent', `${refusal.reason}.`, { rule: refusal.rule });
  }
  return answers;
}
