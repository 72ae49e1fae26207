import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { normalise, postcodesIn, SubjectAccessRefused, WITHHELD } from '../../records/subject-access';
import { BACKENDS, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

const NOW = '2027-02-01T12:00:00.000Z';

afterAll(stopTestServer);

describe('exact identifiers, as people write them', () => {
  it('compares email in any case, a phone by its digits (+44 as 0), a postcode without spaces', () => {
    expect(normalise('email', ' Jo.Parent@Example.ORG ')).toBe('jo.parent@example.org');
    expect(normalise('phone', '+44 (1632) 960-001')).toBe('01632960001');
    expect(normalise('phone', '01632 960001')).toBe('01632960001');
    expect(normalise('postcode', 'le15 6aa')).toBe('LE156AA');
    expect(postcodesIn('1 High Street, Oakham, le15 6aa')).toEqual(['LE156AA']);
    expect(postcodesIn('Flat 2, 10 Road, SW1A1AA')).toEqual(['SW1A1AA']);
    expect(postcodesIn('no postcode here')).toEqual([]);
    expect(postcodesIn(null)).toEqual([]);
  });
});

describe.each(BACKENDS)('subject access on %s', (backend) => {
  let db: Db;
  let records: Records;
  const name = `Jo Export ${backend}`;
  const email = `jo.${backend}@example.org`;
  // a: Jo complains about their child; b: Jo (no identifiers held) represents someone else;
  // c: another Jo, with another email; d: a child of the same name, with a date of birth.
  const [a, b, c, d] = [nextReference(), nextReference(), nextReference(), nextReference()];
  let joInA: number;

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db, { now: () => new Date(NOW) });
    const created = await records.createCase(
      newCase(a, { people: [{ role: 'complainant', name, type: 'parent', email, phone: '01632 960001', address: '2 Mill Lane, Oakham, LE15 6AA' }, { role: 'child', name: 'Kid One' }] }),
    );
    joInA = created.case.people[0]!.id;
    await records.createCase(newCase(b, { summary: 'Short breaks stopped', people: [{ role: 'complainant', name: 'Someone Else' }, { role: 'representative', name: name.toUpperCase() }] }));
    await records.createCase(newCase(c, { summary: 'Other Jo complaint', people: [{ role: 'complainant', name, email: `other.${backend}@example.org` }] }));
    await records.createCase(newCase(d, { summary: 'About the child Jo', people: [{ role: 'complainant', name: 'Pat Parent', type: 'parent' }, { role: 'child', name, dateOfBirth: '2014-03-02' }] }));
    const extended = { seq: 4, action: 'extended', actor: 'officer-1', at: '2026-12-22T10:00:00.000Z', recordedAt: '2026-12-22T10:00:00.000Z', detail: { deadline: 'stage1.respond', workingDays: 10, reason: 'An advocate is being arranged' } };
    for (const ref of [a, b, c, d]) await records.syncCase(snapshot(ref, { events: [...snapshot(ref).events, extended] }));
    await records.recordCorrespondence({ reference: a, noticeId: 1, kind: 'letter', template: 't', channel: 'outbox', recipientRole: 'complainant', subject: 's', body: `Dear ${name}`, sentAt: '2027-01-01T00:00:00Z', status: 'queued' });
    await records.recordCorrespondence({ reference: b, noticeId: 1, kind: 'letter', template: 't', channel: 'outbox', recipientRole: 'complainant', subject: 's', body: 'Dear Someone Else', sentAt: '2027-01-01T00:00:00Z', status: 'queued' });
  });
  afterAll(() => db?.close());

  it('by the person\'s id: that case only, their own rows, other people withheld; it reads and logs nothing itself', async () => {
    const sar = await records.subjectAccessExport({ personIds: [joInA] });
    expect(sar.generatedAt).toBe(NOW);
    expect(sar.candidates).toEqual([]);
    expect(sar.cases.map((x) => [x.case.reference, x.foundBy])).toEqual([[a, 'personId']]);
    const [inA] = sar.cases;
    expect(inA!.person).toEqual([expect.objectContaining({ id: joInA, role: 'complainant', name, email })]);
    expect(inA!.otherPeopleWithheld).toBe(1);
    expect(inA!.correspondence.map((l) => l.body)).toEqual([`Dear ${name}`]);
    expect(JSON.stringify(sar)).not.toContain('Kid One');
    // The complainant's own words are theirs; staff notes and the wording in details are withheld, codes kept.
    expect(inA!.case.summary).toBe('Contact arrangements changed without notice');
    expect(inA!.events.map((e) => [e.action, e.note])).toEqual([['received', null], ['triaged', null], ['acknowledged', WITHHELD], ['extended', null], ['case-recorded', null]]);
    expect(inA!.events[3]!.detail).toEqual({ deadline: 'stage1.respond', workingDays: 10, reason: WITHHELD });
    expect(inA!.withheld).toEqual(['events[2].note', 'events[3].detail.reason']);
    expect(JSON.stringify(sar)).not.toContain('phoned too');
    expect(JSON.stringify(sar)).not.toContain('An advocate is being arranged');
    expect(sar.withholding).toContain(WITHHELD);
    expect(await records.listAccess({ reference: a })).toEqual([]);
  });

  it('by name and email: the exact case exported, the other name matches listed as candidates with no data, never merged', async () => {
    const sar = await records.subjectAccessExport({ identifiers: { name: name.toLowerCase(), email: email.toUpperCase() } });
    expect(sar.cases.map((x) => [x.case.reference, x.foundBy])).toEqual([[a, 'identifiers']]);
    expect(sar.candidates).toEqual([
      { reference: b, personId: expect.any(Number), role: 'representative', matched: ['name'], differs: [] },
      { reference: c, personId: expect.any(Number), role: 'complainant', matched: ['name'], differs: ['email'] },
      // The child of that name has no email held: neither matched nor differing, so a candidate too.
      { reference: d, personId: expect.any(Number), role: 'child', matched: ['name'], differs: [] },
    ]);
    const text = JSON.stringify(sar);
    for (const other of ['Someone Else', 'Short breaks stopped', 'Other Jo complaint', `other.${backend}@example.org`]) expect(text).not.toContain(other);
  });

  it('a confirmed candidate is exported; a representative gets no complaint text, the child gets it', async () => {
    const sar = await records.subjectAccessExport({ identifiers: { name, email }, confirm: [b] });
    expect(sar.cases.map((x) => [x.case.reference, x.foundBy])).toEqual([[a, 'identifiers'], [b, 'confirmed']]);
    expect(sar.candidates.map((x) => x.reference)).toEqual([c, d]);
    const inB = sar.cases[1]!;
    expect(inB.person.map((p) => p.role)).toEqual(['representative']);
    expect(inB.case).toMatchObject({ summary: WITHHELD, desiredOutcome: WITHHELD });
    expect(inB.withheld.slice(0, 2)).toEqual(['case.summary', 'case.desiredOutcome']);
    expect(inB.correspondence).toEqual([]); // the complainant's letters are not theirs
    expect(JSON.stringify(sar)).not.toContain('Short breaks stopped');

    const child = await records.subjectAccessExport({ identifiers: { name, dateOfBirth: '2014-03-02' } });
    expect(child.cases.map((x) => x.case.reference)).toEqual([d]);
    expect(child.cases[0]!.case.summary).toBe('About the child Jo');
    expect(child.cases[0]!.person).toEqual([expect.objectContaining({ role: 'child', dateOfBirth: '2014-03-02' })]);
    expect(JSON.stringify(child)).not.toContain('Pat Parent');
  });

  it('phone and postcode are exact identifiers too; a wrong one makes a candidate', async () => {
    expect((await records.subjectAccessExport({ identifiers: { name, phone: '+44 1632 960001' } })).cases.map((x) => x.case.reference)).toEqual([a]);
    expect((await records.subjectAccessExport({ identifiers: { name, postcode: 'le156aa' } })).cases.map((x) => x.case.reference)).toEqual([a]);
    const wrong = await records.subjectAccessExport({ identifiers: { name, postcode: 'LE15 9ZZ', dateOfBirth: '1980-01-01' } });
    expect(wrong.cases).toEqual([]);
    expect(wrong.candidates.find((x) => x.reference === a)).toEqual({ reference: a, personId: joInA, role: 'complainant', matched: ['name'], differs: ['postcode'] });
    expect(wrong.candidates.find((x) => x.reference === d)).toMatchObject({ matched: ['name'], differs: ['dateOfBirth'] });
  });

  it('refuses an id not held and a confirmation of a case without that name, naming the field', async () => {
    await expect(records.subjectAccessExport({ personIds: [joInA, 99_999_999] })).rejects.toMatchObject({ field: 'personId', message: expect.stringContaining('99999999') });
    const refused = records.subjectAccessExport({ identifiers: { name, email }, confirm: ['CSC-2026-ZZZZZZ'] });
    await expect(refused).rejects.toBeInstanceOf(SubjectAccessRefused);
    await expect(refused).rejects.toMatchObject({ field: 'confirm' });
  });
});
