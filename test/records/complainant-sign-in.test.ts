import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailHash, newSecret, sha256 } from '../../api/complainant/secrets';
import { ComplainantSignInStore } from '../../records/complainant-sign-in';
import { complainantStatus } from '../../records/complainant-status';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { BACKENDS, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

/** Migration 015: one-time links and complainant sessions; what a complainant's status shows. */
const T0 = new Date('2026-12-21T10:00:00Z');
const MINUTE = 60_000;
const TIMES = { idleMs: 30 * MINUTE, absoluteMs: 12 * 60 * MINUTE };
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

afterAll(stopTestServer);

describe.each(BACKENDS)('complainant sign-in on %s', (backend) => {
  let db: Db;
  let records: Records;
  let store: ComplainantSignInStore;
  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db, { now: () => T0 });
    store = new ComplainantSignInStore(db);
  });
  afterAll(async () => db?.close());

  const link = async (email: string, references: string[], minutes = 0) => {
    const token = newSecret();
    await store.recordLink({ tokenHash: sha256(token), emailHash: emailHash(email), references, at: at(minutes), expiresAt: at(minutes + 30) });
    return token;
  };
  const consume = (token: string, minutes: number) =>
    store.consumeLink({ tokenHash: sha256(token), at: at(minutes), session: { id: crypto.randomUUID(), secretHash: sha256(newSecret()) } });

  it("finds a complainant's open cases by their email, whatever its case, and no one else's part", async () => {
    const [a, b, other] = [nextReference(), nextReference(), nextReference()];
    await records.createCase(newCase(a, { people: [{ role: 'complainant', name: 'Robin Two (fictional)', email: 'Robin.Two@example.org' }] }));
    await records.createCase(newCase(b, { receivedAt: '2026-12-19T09:00:00Z', people: [{ role: 'complainant', name: 'Robin Two (fictional)', email: 'robin.two@example.org' }] }));
    // The same address as a representative's, not the complainant's: not theirs to follow by it.
    await records.createCase(newCase(other, { people: [{ role: 'complainant', name: 'Other' }, { role: 'representative', name: 'Robin Two', email: 'robin.two@example.org' }] }));
    expect((await store.casesOf('robin.two@example.org')).map((c) => c.reference)).toEqual([a, b]);
    expect((await store.casesOf('robin.two@example.org', b)).map((c) => c.reference)).toEqual([b]);
    expect(await store.casesOf('robin.two@example.org', other)).toEqual([]);
    expect(await store.casesOf('nobody@example.org')).toEqual([]);
  });

  it('consumes a link once: of ten concurrent uses one opens a session; an expired one opens none', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref, { people: [{ role: 'complainant', name: 'Cory (fictional)', email: 'cory@example.org' }] }));
    const token = await link('cory@example.org', [ref]);
    const results = await Promise.all(Array.from({ length: 10 }, () => consume(token, 5)));
    expect(results.filter(Boolean)).toEqual([{ id: expect.any(String), references: [ref] }]);
    const sessions = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM complainant_sessions WHERE $1 = ANY(refs)', [ref]);
    expect(sessions.rows[0]!.n).toBe(1);

    const late = await link('cory@example.org', [ref], 100);
    expect(await consume(late, 130)).toBeUndefined(); // at its expiry: gone
    expect(await consume(newSecret(), 101)).toBeUndefined(); // never sent
  });

  it('keeps a session live for 30 idle minutes and 12 hours at most; its cases are those still with the same email', async () => {
    const [kept, changed] = [nextReference(), nextReference()];
    for (const ref of [kept, changed]) await records.createCase(newCase(ref, { people: [{ role: 'complainant', name: 'Jo (fictional)', email: 'jo@example.org' }] }));
    const token = await link('jo@example.org', [kept, changed]);
    const secret = newSecret();
    expect(await store.consumeLink({ tokenHash: sha256(token), at: at(1), session: { id: 'session-jo', secretHash: sha256(secret) } })).toBeDefined();
    const touch = (minutes: number) => store.touchSession({ secretHash: sha256(secret), at: at(minutes), ...TIMES });
    expect(await touch(30)).toEqual({ id: 'session-jo', references: [kept, changed] });
    // The address on one case changed since sign-in: that case drops out at once.
    await db.query(`UPDATE people SET email = 'jo.new@example.org' WHERE reference = $1`, [changed]);
    expect(await touch(59)).toEqual({ id: 'session-jo', references: [kept] });
    for (let m = 85; m < 12 * 60; m += 25) expect(await touch(m)).toBeDefined();
    expect(await touch(12 * 60 + 1)).toBeUndefined();

    const idle = newSecret();
    await store.consumeLink({ tokenHash: sha256(await link('jo@example.org', [kept])), at: at(0), session: { id: 'session-idle', secretHash: sha256(idle) } });
    expect(await store.touchSession({ secretHash: sha256(idle), at: at(31), ...TIMES })).toBeUndefined();

    const out = newSecret();
    await store.consumeLink({ tokenHash: sha256(await link('jo@example.org', [kept])), at: at(0), session: { id: 'session-out', secretHash: sha256(out) } });
    await store.endSession(sha256(out), at(1));
    expect(await store.touchSession({ secretHash: sha256(out), at: at(2), ...TIMES })).toBeUndefined();
  });

  it("shows a complainant's status: dates, states, their letters once each, roles only; no notes, no one else's letters", async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    await records.syncCase(snapshot(ref, { onHold: true, parties: [{ id: 'io.jones', part: 'investigating-officer' }, { id: 'officer-1', part: 'assigned-officer' }] }));
    const letter = { reference: ref, kind: 'letter' as const, template: 'stage1-acknowledgement', recipientRole: 'complainant', body: 'Dear Alex', status: 'sent' as const };
    await records.recordCorrespondence({ ...letter, noticeId: 1, channel: 'outbox', subject: 'Your complaint acknowledged', sentAt: '2026-12-21T10:05:00.000Z', status: 'queued' });
    await records.recordCorrespondence({ ...letter, noticeId: 1, channel: 'smtp', subject: 'Your complaint acknowledged', sentAt: '2026-12-21T10:06:00.000Z' });
    await records.recordCorrespondence({ ...letter, noticeId: 2, kind: 'reminder', template: 'reminder', recipientRole: 'complaints-manager', channel: 'outbox', subject: 'Reminder', sentAt: '2026-12-22T10:00:00.000Z', status: 'queued' });
    expect(await complainantStatus(db, [ref, 'CSC-2026-NOSUCH'])).toEqual([
      {
        reference: ref,
        stage: 'stage1',
        status: 'in-progress',
        receivedAt: '2026-12-18T09:30:00.000Z',
        onHold: true,
        closedAt: null,
        next: { key: 'stage1.respond', label: 'Stage 1 response', due: '2027-01-06', explanation: 'received Fri 18 Dec 2026; 10 working days → Wed 6 Jan 2027' },
        overdue: null,
        letters: [{ subject: 'Your complaint acknowledged', date: '2026-12-21T10:05:00.000Z' }],
        handledBy: ['Complaints Officer', 'Investigating Officer'],
      },
    ]);
    expect(JSON.stringify(await complainantStatus(db, [ref]))).not.toMatch(/phoned too|io\.jones|officer-1|Alex|Sam/);
  });
});
