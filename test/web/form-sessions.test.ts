import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../api/complainant/secrets';
import { startApi, type ApiHarness } from '../helpers/dev-server';

/**
 * The draft complaint is kept in the records store (migration 022), not in
 * one process's memory: two API instances over one database serve one
 * person's pages in turn, and a "send" retried after a crash between
 * starting the case and saving the draft finds the case the first started.
 * Over plain HTTP against the real app, dev server and records.
 */
let first: ApiHarness;
let second: ApiHarness;
const NOW = Date.parse('2026-08-28T09:30:00Z');
let clock = NOW;
beforeAll(async () => {
  first = await startApi({ web: { now: () => clock } });
  second = await startApi({ records: first.records, web: { now: () => clock } });
});
afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

interface Visitor {
  cookie: string;
  csrf: string;
}

async function arrive(api: ApiHarness): Promise<Visitor> {
  const res = await fetch(`${api.baseUrl}/complaints/who`);
  const cookie = /complaint_form=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  return { cookie, csrf };
}

function post(api: ApiHarness, v: Visitor, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${api.baseUrl}/complaints${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `complaint_form=${v.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: v.csrf, ...fields }),
  });
}

/** Each page answered on alternate instances: the redirect after each names the next page. */
async function answerAll(v: Visitor, name: string): Promise<void> {
  const pages: Array<[string, Record<string, string>, string]> = [
    ['/who', { who: 'parent' }, '/complaints/about'],
    ['/about', { childName: 'Sam Example (fictional)' }, '/complaints/what'],
    ['/what', { summary: 'Contact visits were cancelled twice', 'happened-day': '3', 'happened-month': '8', 'happened-year': '2026' }, '/complaints/outcome'],
    ['/outcome', { outcome: 'Visits restored' }, '/complaints/contact'],
    ['/contact', { name, email: 'drafts@example.org' }, '/complaints/needs'],
    ['/needs', {}, '/complaints/check'],
  ];
  for (const [i, [path, fields, next]] of pages.entries()) {
    const res = await post(i % 2 === 0 ? first : second, v, path, fields);
    expect([res.status, res.headers.get('location')]).toEqual([303, next]);
  }
}

const webCases = async (name: string) =>
  (await first.records.db.query<{ reference: string }>(`SELECT p.reference FROM people p JOIN cases c USING (reference) WHERE c.channel = 'web' AND p.name = $1`, [name])).rows.map((r) => r.reference);

describe('the draft complaint, kept in the records', () => {
  it('is answered page by page on two API instances in turn, and sent from either', async () => {
    const v = await arrive(first);
    await answerAll(v, 'Dee Drafts (fictional)');
    // The check page on the other instance shows every answer.
    const check = await (await fetch(`${second.baseUrl}/complaints/check`, { headers: { cookie: `complaint_form=${v.cookie}` } })).text();
    expect(check).toContain('Contact visits were cancelled twice');
    expect(check).toContain('Sam Example (fictional)');
    const sent = await post(second, v, '/check', {});
    expect([sent.status, sent.headers.get('location')]).toEqual([303, '/complaints/confirmation']);
    const confirmation = await (await fetch(`${first.baseUrl}/complaints/confirmation`, { headers: { cookie: `complaint_form=${v.cookie}` } })).text();
    const [reference] = await webCases('Dee Drafts (fictional)');
    expect(confirmation).toContain(reference!);
    // Received Friday 28 August 2026: acknowledged in 3 working days past the bank holiday on the 31st.
    expect(confirmation).toContain('We will acknowledge by Thursday 3 September 2026');
  });

  it('a send retried after a crash that lost the saved draft makes no second case', async () => {
    const v = await arrive(first);
    await answerAll(v, 'Cole Crash (fictional)');
    const idHash = sha256(v.cookie);
    const before = (await first.records.db.query<{ state: unknown }>('SELECT state FROM complaint_form_sessions WHERE id_hash = $1', [idHash])).rows[0]!.state;
    expect((await post(first, v, '/check', {})).status).toBe(303);
    const [reference] = await webCases('Cole Crash (fictional)');
    // The process died after starting the case and before saving: the draft is as it was before "send".
    await first.records.db.query('UPDATE complaint_form_sessions SET state = $2 WHERE id_hash = $1', [idHash, JSON.stringify(before)]);
    // Retried on the same instance, restarted: each test harness has payload keys of its own, where a deployment's instances share theirs.
    const retried = await post(first, v, '/check', {});
    expect([retried.status, retried.headers.get('location')]).toEqual([303, '/complaints/confirmation']);
    expect(await webCases('Cole Crash (fictional)')).toEqual([reference]);
    const confirmation = await (await fetch(`${second.baseUrl}/complaints/confirmation`, { headers: { cookie: `complaint_form=${v.cookie}` } })).text();
    expect(confirmation).toContain(reference!);
  });

  it('promises dates counted from the working day a weekend complaint is received on, as the case’s clocks count', async () => {
    // Saturday 29 August 2026, 11:00 in London: the receipt rule counts it from Tuesday 1 September (Monday 31 August is the summer
    // bank holiday). Acknowledge in 3 working days: Friday 4 September. Respond in 10: Tuesday 15 September (from the Saturday it
    // would have been Monday 14 September).
    clock = Date.parse('2026-08-29T10:00:00Z');
    try {
      const v = await arrive(first);
      await answerAll(v, 'Sat Urday (fictional)');
      expect((await post(first, v, '/check', {})).status).toBe(303);
      const confirmation = await (await fetch(`${first.baseUrl}/complaints/confirmation`, { headers: { cookie: `complaint_form=${v.cookie}` } })).text();
      expect(confirmation).toContain('We will acknowledge by Friday 4 September 2026, and respond by Tuesday 15 September 2026.');
      expect(confirmation).toContain('counted from Tuesday 1 September 2026, the first working day after your complaint reached us: weekends and bank holidays don\'t count.');
    } finally {
      clock = NOW;
    }
  });

  it('keeps no row for someone who only reads, keeps the cookie value only as a hash, and deletes a draft idle an hour', async () => {
    const count = async () => (await first.records.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaint_form_sessions')).rows[0]!.n;
    const readers = await count();
    await arrive(first);
    await arrive(second);
    expect(await count()).toBe(readers);

    const v = await arrive(first);
    expect((await post(first, v, '/who', { who: 'carer' })).status).toBe(303);
    const rows = await first.records.db.query<{ idHash: string; state: string }>('SELECT id_hash AS "idHash", state::text AS state FROM complaint_form_sessions');
    expect(rows.rows.some((r) => r.idHash === sha256(v.cookie))).toBe(true);
    expect(rows.rows.some((r) => r.idHash.includes(v.cookie) || r.state.includes(v.cookie))).toBe(false);

    // An hour and a minute later the answers are gone: the next page starts again, and the purge took the row.
    clock = NOW + 61 * 60_000;
    try {
      const page = await fetch(`${second.baseUrl}/complaints/check`, { redirect: 'manual', headers: { cookie: `complaint_form=${v.cookie}` } });
      expect([page.status, page.headers.get('location')]).toEqual([303, '/complaints/who']);
      const left = await first.records.db.query('SELECT 1 FROM complaint_form_sessions WHERE id_hash = $1', [sha256(v.cookie)]);
      expect(left.rows).toEqual([]);
    } finally {
      clock = NOW;
    }
  });

  it('refuses a POST with a made-up cookie, and one whose token belongs to another cookie', async () => {
    const mine = await arrive(first);
    const other = await arrive(first);
    const forged = await post(first, { cookie: mine.cookie, csrf: other.csrf }, '/who', { who: 'parent' });
    expect(forged.status).toBe(403);
    const madeUp = await post(first, { cookie: 'not-a-secret', csrf: mine.csrf }, '/who', { who: 'parent' });
    expect(madeUp.status).toBe(403);
    const left = await first.records.db.query('SELECT 1 FROM complaint_form_sessions WHERE id_hash = $1', [sha256(mine.cookie)]);
    expect(left.rows).toEqual([]);
  });
});
