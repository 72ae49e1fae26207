import type { RegisterPart } from '../../domain/complaint/independence';
import type { Records } from '../../records/repository';

/**
 * Puts people on the independence register (BANES 9.3) from outside the
 * council, for tests that appoint an Independent Person or a Review Panel
 * through the API (api/register-check.ts refuses anyone not on it).
 */
export async function registerIndependent(records: Records, people: Record<string, RegisterPart[]>): Promise<void> {
  for (const [id, parts] of Object.entries(people)) {
    await records.register.put({ id, name: `${id} (fictional)`, parts, organisation: 'Test Register of Independent People', ofCouncil: false }, 'test-setup');
  }
}
