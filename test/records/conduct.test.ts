/**
 * The unreasonable-conduct register (records/conduct.ts) on PGlite and a real
 * PostgreSQL: filing is idempotent, entries in force are judged by their end
 * (lifted early or expired), and a person's open cases are found across cases
 * strictly enough that discontinuing never closes someone else's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ConductRegister, type ConductEntry } from '../../records/conduct';
import { RecordsInputError } from '../../records/errors';
import { Records } from '../../records/repository';
import { BACKENDS, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(stopTestServer);

const WARNING: ConductEntry = {
  level: 'warned',
  startsOn: '2027-01-04',
  decidedAt: '2027-01-04T10:00:00.000Z',
  decidedBy: 'complaints-manager-1',
  reason: 'Abusive emails',
  allowedContact: ['letter', 'email', 'phone', 'in-person', 'online-form'],
  notifiedAt: '2027-01-04T10:00:05.000Z',
  endedOn: '2027-01-11',
  endedHow: 'escalated',
};
const RESTRICTION: ConductEntry = {
  level: 'restricted',
  startsOn: '2027-01-11',
  decidedAt: '2027-01-11T10:00:00.000Z',
  decidedBy: 'director-1',
  reason: 'Calls continued',
  allowedContact: ['letter'],
  expiresOn: '2027-04-01',
  reviewOn: '2027-03-27',
};

describe.each(BACKENDS)('the conduct register on %s', (backend) => {
  it('files each measure once, updates it when it changes, and judges it in force by its end', async () => {
    const db = await openTestDb(backend);
    try {
      const records = new Records(db);
      const register = new ConductRegister(db);
      const ref = nextReference();
      const personId = (await records.createCase(newCase(ref))).case.people[0]!.id;

      expect(await register.file({ personId, reference: ref, entries: [WARNING, RESTRICTION] })).toEqual({ written: 2 });
      expect(await register.file({ personId, reference: ref, entries: [WARNING, RESTRICTION] })).toEqual({ written: 0 });
      const lifted = { ...RESTRICTION, notifiedAt: '2027-01-11T10:00:04.000Z', endedOn: '2027-02-01', endedHow: 'lifted' as const };
      expect(await register.file({ personId, reference: ref, entries: [WARNING, lifted] })).toEqual({ written: 1 });

      const entries = await register.list({ personId, on: '2027-01-20' });
      expect(entries.map((e) => [e.level, e.startsOn, e.expiresOn, e.endedOn, e.endedHow, e.notifiedAt, e.inForce])).toEqual([
        ['warning', '2027-01-04', null, '2027-01-11', 'escalated', '2027-01-04T10:00:05.000Z', false],
        ['restricted', '2027-01-11', '2027-04-01', '2027-02-01', 'lifted', '2027-01-11T10:00:04.000Z', true],
      ]);
      expect((await register.list({ activeOn: '2027-01-31', on: '2027-01-31' })).map((e) => e.level)).toEqual(['restricted']);
      expect(await register.list({ activeOn: '2027-02-01', on: '2027-02-01' })).toEqual([]);
      expect((await register.list({ level: 'warning', on: '2027-01-20' })).map((e) => e.personId)).toEqual([personId]);
      // The repository's own view of the register (subject access) carries the same ends.
      expect(await records.listContactRestrictions({ reference: ref, activeOn: '2027-02-01' })).toEqual([]);
      expect((await records.listContactRestrictions({ reference: ref }))[1]).toMatchObject({ endedOn: '2027-02-01', endedHow: 'lifted', discontinuedOn: null });
      // The annual report counts one row per measure, by the date it started.
      expect((await records.report({ from: '2026-04-01', to: '2027-03-31' })).contactRestrictions).toEqual({ applied: 2, warning: 1, restricted: 1, refused: 0 });

      await expect(register.file({ personId: personId + 10_000, reference: ref, entries: [WARNING] })).rejects.toBeInstanceOf(RecordsInputError);
      expect(await register.person(personId)).toEqual({ personId, reference: ref, policyId: 'england-statutory', policyVersion: 1, role: 'complainant' });
      expect(await register.person(personId + 10_000)).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it("finds the person's open cases by email, or by name with phone or address; never by name alone, nor closed or disposed cases", async () => {
    const db = await openTestDb(backend);
    try {
      const records = new Records(db);
      const register = new ConductRegister(db);
      const alex = { role: 'complainant' as const, name: 'Alex Parent', type: 'parent', email: 'alex@example.org', address: '1 High Street, Oakham' };
      const [own, byEmail, byAddress, nameOnly, asChild, closed, disposed] = Array.from({ length: 7 }, () => nextReference());
      const personId = (await records.createCase(newCase(own!, { people: [alex] }))).case.people[0]!.id;
      await records.createCase(newCase(byEmail!, { people: [{ ...alex, name: 'A. Parent', email: 'ALEX@EXAMPLE.ORG', address: undefined }] }));
      await records.createCase(newCase(byAddress!, { people: [{ role: 'representative', name: 'alex parent', address: '1 high street, oakham' }] }));
      await records.createCase(newCase(nameOnly!, { people: [{ role: 'complainant', name: 'Alex Parent', email: 'another.alex@example.org' }] }));
      await records.createCase(newCase(asChild!, { people: [{ role: 'complainant', name: 'Sam Carer' }, { role: 'child', name: 'Alex Parent', email: 'alex@example.org' }] }));
      for (const ref of [closed!, disposed!]) {
        await records.createCase(newCase(ref, { people: [alex] }));
        await records.syncCase(snapshot(ref, { status: 'closed', stage: 'closed', closedAt: '2027-01-05T10:00:00.000Z', outcome: { kind: 'withdrawn', stage: 'stage1' } }));
      }
      await records.disposeClosedBefore('2027-01-06T00:00:00Z');
      await records.createCase(newCase(closed!, { people: [alex] })); // already there: nothing changes

      expect(await register.openCasesOf(personId)).toEqual([own, byEmail, byAddress].sort());
      expect(await register.openCasesOf(personId + 10_000)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
