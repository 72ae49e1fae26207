import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../records/db';
import { EnquiryStore } from '../../records/enquiries';
import { RecordsInputError } from '../../records/errors';
import { FeedbackKeyReused } from '../../records/feedback';
import { Records } from '../../records/repository';
import { ServiceRequestStore } from '../../records/service-requests';
import { BACKENDS, openTestDb, stopTestServer } from './fixtures';

afterAll(stopTestServer);

describe.each(BACKENDS)('enquiries and service requests in the records store, migration 013 (%s)', (backend) => {
  let db: Db;
  let enquiries: EnquiryStore;
  let requests: ServiceRequestStore;
  beforeAll(async () => {
    db = await openTestDb(backend);
    enquiries = new EnquiryStore(db);
    requests = new ServiceRequestStore(db);
  });
  afterAll(async () => {
    await db.close();
  });

  const enquiry = { memberType: 'councillor' as const, memberName: 'A Member', constituentName: 'A Constituent', receivedOn: '2026-05-04', serviceArea: 'SEND', recordedBy: 'officer-1' };

  it('logs an enquiry once per key, refuses the key with another body, and an answer before receipt', async () => {
    const first = await enquiries.log({ ...enquiry, requestKey: 'k1', requestHash: 'h1' });
    expect(first).toMatchObject({ created: true, enquiry: { ...enquiry, reference: null, answeredOn: null, constituentContact: null } });
    expect(await enquiries.log({ ...enquiry, requestKey: 'k1', requestHash: 'h1' })).toEqual({ created: false, enquiry: first.enquiry });
    await expect(enquiries.log({ ...enquiry, requestKey: 'k1', requestHash: 'h2' })).rejects.toThrow(FeedbackKeyReused);
    await expect(enquiries.answer(first.enquiry.id, '2026-05-01')).rejects.toThrow(RecordsInputError);
    expect(await enquiries.answer(first.enquiry.id, '2026-05-06')).toMatchObject({ answeredOn: '2026-05-06' });
    expect(await enquiries.answer(999_999, '2026-05-06')).toBeUndefined();
    // The database refuses an answer before receipt too.
    await expect(db.query(`UPDATE enquiries SET answered_on = '2026-05-01' WHERE id = $1`, [first.enquiry.id])).rejects.toThrow(/check/i);
  });

  it("retention disposes of a constituent's details once the enquiry was answered before the cut-off; the member's name stays", async () => {
    const answered = await enquiries.log({ ...enquiry, receivedOn: '2020-01-06', answeredOn: '2020-01-20' });
    const open = await enquiries.log({ ...enquiry, receivedOn: '2020-01-07' });
    await new Records(db).disposeClosedBefore('2020-06-01T00:00:00Z');
    expect(await enquiries.get(answered.enquiry.id)).toMatchObject({ memberName: 'A Member', constituentName: null, constituentContact: null, serviceArea: 'SEND' });
    expect(await enquiries.get(open.enquiry.id)).toMatchObject({ constituentName: 'A Constituent' });
  });

  it('pages service requests newest first, by team, and keeps their outcome', async () => {
    for (const receivedOn of ['2026-05-01', '2026-05-03', '2026-05-02']) await requests.log({ receivedOn, team: 'Fostering', request: 'Respite', recordedBy: 'officer-1' });
    await requests.log({ receivedOn: '2026-05-05', team: 'SEND', request: 'Transport', recordedBy: 'officer-1' });
    const page1 = await requests.list({ team: 'Fostering', limit: 2 });
    expect(page1.items.map((r) => r.receivedOn)).toEqual(['2026-05-03', '2026-05-02']);
    const page2 = await requests.list({ team: 'Fostering', limit: 2, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({ items: [{ receivedOn: '2026-05-01' }], nextCursor: null });
    expect(await requests.recordOutcome(page2.items[0]!.id, 'declined', '2026-05-02')).toMatchObject({ outcome: 'declined', outcomeOn: '2026-05-02' });
    await expect(requests.recordOutcome(page2.items[0]!.id, 'provided', '2026-04-30')).rejects.toThrow(RecordsInputError);
    await expect(requests.list({ cursor: 'x' })).rejects.toThrow(RecordsInputError);
    await expect(enquiries.list({ cursor: '2026-02-30_1' })).rejects.toThrow(RecordsInputError);
  });
});
