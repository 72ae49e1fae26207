import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { BACKENDS, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(stopTestServer);

/** A stored Idempotency-Key answer goes with its case's personal data. */
describe.each(BACKENDS)('retention of stored idempotency answers on %s', (backend) => {
  let db: Db;
  let records: Records;
  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db, { now: () => new Date('2027-02-01T12:00:00Z') });
  });
  afterAll(() => db?.close());

  it('disposing of a case deletes its remembered create and command answers, keeps other cases\' and answers no case owns', async () => {
    const [old, kept] = [nextReference(), nextReference()];
    for (const ref of [old, kept]) await records.createCase(newCase(ref));
    await records.syncCase(snapshot(old, { stage: 'closed', status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' }, closedAt: '2019-06-01T00:00:00Z' }));
    await records.syncCase(snapshot(kept, { stage: 'closed', status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' }, closedAt: '2026-06-01T00:00:00Z' }));
    const answer = (ref: string) => ({ reference: ref, contact: { channel: 'email' }, people: [{ name: 'Alex Parent', email: 'alex@example.org' }] });
    const remember = (key: string, ref: string | undefined, path: string) =>
      records.rememberResponse({ key, actor: 'officer-1', method: 'POST', path, status: 200, body: answer(ref ?? 'none'), ...(ref ? { reference: ref } : {}) });
    await remember(`create-${old}`, old, '/v1/complaints#h1');
    await remember(`ack-${old}`, old, `/v1/complaints/${old}/commands/acknowledge#h2`);
    await remember(`create-${kept}`, kept, '/v1/complaints#h3');
    await remember(`ack-${kept}`, kept, `/v1/complaints/${kept}/commands/acknowledge#h4`);
    await remember('calendar-1', undefined, '/v1/calendar/closures#h5');

    expect(await records.disposeClosedBefore('2020-01-01T00:00:00Z')).toEqual([old]);

    expect(await records.recallResponse(`create-${old}`, 'officer-1')).toBeUndefined();
    expect(await records.recallResponse(`ack-${old}`, 'officer-1')).toBeUndefined();
    expect((await records.recallResponse(`create-${kept}`, 'officer-1'))!.body).toEqual(answer(kept));
    expect(await records.recallResponse(`ack-${kept}`, 'officer-1')).toMatchObject({ body: answer(kept), reference: kept });
    expect(await records.recallResponse('calendar-1', 'officer-1')).toBeDefined();
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE body::text LIKE $1', [`%${old}%`]);
    expect(rows[0]!.n).toBe(0);

    // A retry after disposal is answered afresh: the key is free, and the new answer is the one kept.
    const retried = await records.rememberResponse({ key: `ack-${old}`, actor: 'officer-1', method: 'POST', path: `/v1/complaints/${old}/commands/acknowledge#h2`, status: 404, body: { title: 'No such complaint' }, reference: old });
    expect(retried).toMatchObject({ status: 404, body: { title: 'No such complaint' } });
  });

  it('migration 009 names the case of answers stored before it, and drops those of cases already disposed of', async () => {
    const [live, gone] = [nextReference(), nextReference()];
    const { case: c } = await records.createCase(newCase(live));
    await records.createCase(newCase(gone));
    const personId = c.people[0]!.id;
    const rows: Array<[string, string]> = [
      ['m-case', `/v1/complaints/${live}/commands/triage#x`],
      ['m-action', `/v1/actions/${live}-stage2-r1/commands/complete#x`],
      ['m-conduct', `/v1/conduct/${personId}/commands/warn#x`],
      ['m-import', '/v1/imports?source=demo#x'],
      ['m-gone', `/v1/complaints/${gone}/commands/triage#x`],
    ];
    // As stored before migration 009: no reference.
    for (const [key, path] of rows) {
      await db.query(`INSERT INTO idempotency_keys (key, actor, method, path, status, body) VALUES ($1, 'officer-1', 'POST', $2, 200, '{}')`, [key, path]);
    }
    await db.query('UPDATE cases SET disposed_at = now() WHERE reference = $1', [gone]);
    const sql = (await import('node:fs')).readFileSync(new URL('../../records/migrations/009_idempotency_case.sql', import.meta.url), 'utf8');
    await db.exec(sql.replace(/^ALTER TABLE[^;]*;\s*CREATE INDEX[^;]*;/m, ''));
    const { rows: after } = await db.query<{ key: string; reference: string | null }>(
      `SELECT key, reference FROM idempotency_keys WHERE key LIKE 'm-%' ORDER BY key`,
    );
    expect(after).toEqual([
      { key: 'm-action', reference: live },
      { key: 'm-case', reference: live },
      { key: 'm-conduct', reference: live },
      { key: 'm-import', reference: null },
    ]);
  });
});
