import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complainantCaseFacts, complainantLetter } from '../../records/complainant-case';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { offered } from '../../web/status';
import { complainantStatus } from '../../records/complainant-status';
import { BACKENDS, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

/** What the complainant's own page reads beyond the status: the forms it may offer, their own acts, their letters only. */
afterAll(stopTestServer);

const STAFF_REASON = 'The Independent Person needs two more interviews';

describe.each(BACKENDS)('the complainant page facts on %s', (backend) => {
  let db: Db;
  let records: Records;
  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db);
  });

  it('an extension awaits the answer until it is given; the staff reason never leaves; a child reads easy read; their own acts in order', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref, { people: [{ role: 'complainant', name: 'Sam (fictional)', type: 'child', email: 'sam@example.org' }] }));
    const base = snapshot(ref, { stage: 'stage2', deadlines: [{ key: 'stage2.respond', kind: 'duty', due: '2027-04-23', state: 'pending', metAt: null, explanation: 'statement agreed Wed 17 Mar 2027; 25 working days → Fri 23 Apr 2027' }] });
    const asked = { seq: 4, action: 'extension-requested', actor: 'manager-1', at: '2027-04-01T10:00:00.000Z', recordedAt: '2027-04-01T10:00:00.000Z', detail: { deadline: 'stage2.respond', workingDays: 10, reason: STAFF_REASON, proposedDue: '2027-05-10' } };
    await records.syncCase({ ...base, events: [...base.events, asked] });
    const facts = await complainantCaseFacts(db, ref);
    expect(facts).toMatchObject({ easyRead: true, extensionAsked: { workingDays: 10, proposedDue: '2027-05-10' }, acts: [], window: null });
    expect(facts!.pending.map((d) => [d.key, d.due])).toEqual([['stage2.respond', '2027-04-23']]);
    expect(JSON.stringify(facts)).not.toContain(STAFF_REASON);
    const [status] = await complainantStatus(db, [ref]);
    expect(offered({ status: status!, facts: facts! })).toEqual(['answer-extension', 'advocacy', 'withdraw']);

    const agreed = { seq: 5, action: 'extension-agreed', actor: 'complainant', at: '2027-04-02T10:00:00.000Z', recordedAt: '2027-04-02T10:00:00.000Z', detail: { by: 'complainant' } };
    const advocate = { seq: 6, action: 'advocacy-requested', actor: 'complainant', at: '2027-04-05T10:00:00.000Z', recordedAt: '2027-04-05T10:00:00.000Z', detail: { to: 'complainant', by: 'complainant' } };
    await records.syncCase({ ...base, events: [...base.events, asked, agreed, advocate] });
    const after = (await complainantCaseFacts(db, ref))!;
    expect(after.extensionAsked).toBeNull();
    expect(after.acts.map((a) => [a.action, a.at])).toEqual([
      ['extension-agreed', '2027-04-02T10:00:00.000Z'],
      ['advocacy-requested', '2027-04-05T10:00:00.000Z'],
    ]);
    expect(offered({ status: (await complainantStatus(db, [ref]))[0]!, facts: after })).toEqual(['withdraw']);
  });

  it('offers the next stage inside the window, and after it once the case closed as not pursued; satisfaction once closed', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    const window = { key: 'stage1.escalate', kind: 'window' as const, due: '2027-01-20', state: 'pending', metAt: null, explanation: 'responded Wed 23 Dec 2026; 20 working days → Wed 20 Jan 2027' };
    await records.syncCase(snapshot(ref, { status: 'awaiting-escalation', deadlines: [window] }));
    const open = (await complainantCaseFacts(db, ref))!;
    expect(open).toMatchObject({ easyRead: false, window: { key: 'stage1.escalate', due: '2027-01-20', open: true } });
    expect(offered({ status: (await complainantStatus(db, [ref]))[0]!, facts: open })).toEqual(['escalate', 'advocacy', 'withdraw']);

    await records.syncCase(
      snapshot(ref, { stage: 'closed', status: 'closed', outcome: { kind: 'not-pursued', stage: 'stage1' }, closedAt: '2027-01-21T00:00:00.000Z', deadlines: [{ ...window, state: 'lapsed' }] }),
    );
    const lapsed = (await complainantCaseFacts(db, ref))!;
    expect(lapsed).toMatchObject({ window: { open: false }, outcome: { kind: 'not-pursued', stage: 'stage1' } });
    expect(offered({ status: (await complainantStatus(db, [ref]))[0]!, facts: lapsed })).toEqual(['escalate', 'satisfaction']);
  });

  it("reads the complainant's letters by their number on the page, never a staff copy, a reminder, or another case's", async () => {
    const [ref, other] = [nextReference(), nextReference()];
    for (const r of [ref, other]) await records.createCase(newCase(r));
    const letter = { reference: ref, kind: 'letter' as const, template: 'stage1-acknowledgement', recipientRole: 'complainant', status: 'sent' as const };
    await records.recordCorrespondence({ ...letter, noticeId: 1, channel: 'outbox', subject: 'Acknowledged', body: 'Dear Alex', sentAt: '2026-12-21T10:05:00.000Z', status: 'queued' });
    await records.recordCorrespondence({ ...letter, noticeId: 2, recipientRole: 'complaints-manager', channel: 'outbox', subject: 'Staff copy', body: 'Internal', sentAt: '2026-12-21T10:06:00.000Z', status: 'queued' });
    await records.recordCorrespondence({ ...letter, noticeId: 3, kind: 'reminder', template: 'reminder', channel: 'outbox', subject: 'Reminder', body: 'Due soon', sentAt: '2026-12-21T10:07:00.000Z', status: 'queued' });
    await records.recordCorrespondence({ ...letter, noticeId: 4, channel: 'outbox', subject: 'Response', body: 'Our response', sentAt: '2026-12-22T10:00:00.000Z', status: 'queued' });
    await records.recordCorrespondence({ ...letter, reference: other, noticeId: 1, channel: 'outbox', subject: 'Theirs', body: 'Dear Kim', sentAt: '2026-12-21T10:00:00.000Z', status: 'queued' });
    expect(await complainantLetter(db, ref, 1)).toEqual({ subject: 'Acknowledged', date: '2026-12-21T10:05:00.000Z', body: 'Dear Alex' });
    expect(await complainantLetter(db, ref, 2)).toMatchObject({ subject: 'Response', body: 'Our response' });
    expect(await complainantLetter(db, ref, 3)).toBeNull();
    expect(await complainantLetter(db, 'CSC-2026-NOSUCH', 1)).toBeNull();
  });
});
