import { afterAll, describe, expect, it } from 'vitest';
import { Records } from '../../records/repository';
import { BACKENDS, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(async () => {
  await stopTestServer();
});

/**
 * Communication needs (migration 011) and the independence register
 * (migration 012) in the records store, on PGlite and a real PostgreSQL.
 */
describe.each(BACKENDS)('communication needs and the register (%s)', (backend) => {
  it('files needs with the case, replaces them, logs which fields changed (never their values), and disposes of them with the case', async () => {
    const records = new Records(await openTestDb(backend), { now: () => new Date('2026-12-18T10:00:00Z') });
    const ref = nextReference();
    await records.createCase(newCase(ref, { communicationNeeds: { format: 'braille', interpreter: false, bsl: false } }));
    expect(await records.communicationNeeds.get(ref)).toEqual({ format: 'braille', interpreter: false, bsl: false });
    await records.communicationNeeds.set(ref, { format: 'braille', language: 'ur', interpreter: true, bsl: false, arrangements: 'Home visits only' }, 'officer-2');
    expect(await records.communicationNeeds.get(ref)).toEqual({ format: 'braille', language: 'ur', interpreter: true, bsl: false, arrangements: 'Home visits only' });
    const events = (await records.listEvents(ref)).filter((e) => e.action === 'communication-needs-recorded');
    expect(events.map((e) => [e.actor, e.detail])).toEqual([['officer-2', { changed: 'language,interpreter,arrangements' }]]);

    await records.claimDelivery({
      reference: ref, noticeId: 1, channel: 'outbox', kind: 'letter', template: 'stage1-acknowledgement', recipientRole: 'complainant',
      subject: 'Your complaint', body: 'text', at: '2026-12-18T10:00:00Z', leaseMs: 60_000, communicationNeeds: { format: 'braille', interpreter: true, bsl: false },
    });
    expect((await records.listCorrespondence(ref))[0]!.communicationNeeds).toEqual({ format: 'braille', interpreter: true, bsl: false });

    await records.syncCase(snapshot(ref, { status: 'closed', stage: 'closed', outcome: { kind: 'resolved', stage: 'stage1' }, closedAt: '2020-01-10T10:00:00Z' }));
    expect(await records.disposeClosedBefore('2021-01-01T00:00:00Z')).toContain(ref);
    expect(await records.communicationNeeds.get(ref)).toBeUndefined();
    expect((await records.listCorrespondence(ref))[0]!.communicationNeeds).toBeNull();
  });

  it('keeps register entries by id, replacing them whole', async () => {
    const records = new Records(await openTestDb(backend), { now: () => new Date('2026-12-18T10:00:00Z') });
    const first = await records.register.put({ id: 'ip.x', name: 'Pat X', parts: ['independent-person'], organisation: 'Register', ofCouncil: false, trainedOn: '2026-05-14' }, 'manager-1');
    expect(first).toEqual({
      created: true,
      entry: { id: 'ip.x', name: 'Pat X', parts: ['independent-person'], organisation: 'Register', ofCouncil: false, trainedOn: '2026-05-14', dbsCheckedOn: null, updatedAt: '2026-12-18T10:00:00.000Z', updatedBy: 'manager-1' },
    });
    const again = await records.register.put({ id: 'ip.x', name: 'Pat X', parts: ['panel-chair'], organisation: 'Register', ofCouncil: true }, 'manager-2');
    expect(again.created).toBe(false);
    expect(again.entry).toMatchObject({ parts: ['panel-chair'], ofCouncil: true, trainedOn: null, updatedBy: 'manager-2' });
    expect([...(await records.register.getMany(['ip.x', 'nobody'])).keys()]).toEqual(['ip.x']);
  });
});
