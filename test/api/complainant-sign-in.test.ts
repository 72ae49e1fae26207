import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxChannel } from '../../activities/delivery/channels';
import { derive } from '../../api/complainant/secrets';
import { LINK_EXPIRED_TEXT, SIGN_IN_ANSWER } from '../../api/complainant/routes';
import { eventually } from '../helpers/eventually';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';

/**
 * The complainant's sign-in: a one-time link by email,
 * through a real SMTP server, to a session that sees only the complainant's
 * own cases. The API's clock is the wall clock plus `skewMs`, which tests
 * move forward to expire links and sessions.
 */
let api: ApiHarness;
let smtp: LocalSmtp;
let skewMs = 0;
const PER_EMAIL = 3;
const PER_ADDRESS = 6;

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startApi({
    trustProxy: 'loopback',
    complainant: {
      publicUrl: 'https://complaints.test.example',
      channels: [new OutboxChannel(), smtp.channel],
      council: { name: 'Test Council', contact: 'the Complaints Team', phone: '01632 960000', email: 'complaints@test.example' },
      signInLimit: { perEmail: PER_EMAIL, perAddress: PER_ADDRESS },
      now: () => new Date(Date.now() + skewMs),
    },
  });
});
afterAll(async () => {
  await api?.stop();
  await smtp?.close();
});

let clientNumber = 0;
/** Each test's requests come from an address of their own (through the trusted loopback proxy), so the per-address limit is the rate test's alone. */
const newClient = () => `198.51.100.${++clientNumber}`;

async function logCase(name: string, email: string, receivedAt = '2026-11-02T09:00:00Z'): Promise<string> {
  const res = await fetch(`${api.baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager')}` },
    body: JSON.stringify({ receivedAt, channel: 'email', complainant: { name, type: 'parent', email }, summary: 'Contact arrangements changed', team: 'fostering' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

function signIn(body: Record<string, string>, client: string, form = false) {
  return fetch(`${api.baseUrl}/complaints/sign-in`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json', 'x-forwarded-for': client },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
}

/** The token of the newest link mailed to `email`, once it has arrived. */
async function linkFor(email: string, count = 1): Promise<string> {
  const found = await eventually(
    async () => smtp.mails.filter((m) => m.to.includes(email)),
    (list) => list.length >= count,
  );
  const token = /https:\/\/complaints\.test\.example\/complaints\/sign-in\/([A-Za-z0-9_-]{43})/.exec(found[count - 1]!.text)?.[1];
  expect(token).toBeDefined();
  return token!;
}

const follow = (token: string, headers: Record<string, string> = {}) => fetch(`${api.baseUrl}/complaints/sign-in/${token}`, { redirect: 'manual', headers });
const cookieValue = (res: Response) => /complainant_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const status = (cookie: string, query = '') => fetch(`${api.baseUrl}/complaints/status.json${query}`, { headers: { cookie: `complainant_session=${cookie}` } });

async function signedIn(email: string, client = newClient()): Promise<string> {
  const before = smtp.mails.filter((m) => m.to.includes(email)).length;
  expect((await signIn({ email }, client)).status).toBe(202);
  const res = await follow(await linkFor(email, before + 1));
  expect(res.status).toBe(303);
  return cookieValue(res)!;
}

describe('sign-in by a one-time link', () => {
  it('sends the link by SMTP; it works once, opens a session with the cookie flags, and the status shows the case with its exact due date', async () => {
    const reference = await logCase('Pat Parent (fictional)', 'Pat.Parent@example.org');
    const res = await signIn({ email: ' pat.parent@EXAMPLE.org ', reference }, newClient());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual(SIGN_IN_ANSWER);
    const token = await linkFor('Pat.Parent@example.org');
    const mail = smtp.mails.find((m) => m.to.includes('Pat.Parent@example.org'))!;
    expect(mail.text).toContain('Subject: Your link to sign in and follow your complaint');
    expect(mail.text).toContain('Dear Pat Parent (fictional),');
    expect(mail.text).toMatch(/The link works once, until \d\d:\d\d on \w{3} \d{1,2} \w{3} \d{4}\./);
    // The link is kept only as its hash.
    const stored = await api.records.db.query<{ token_hash: string }>('SELECT token_hash FROM complainant_sign_in_links');
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    // Nor is the email filed as correspondence: no letter row, in the outbox or anywhere, holds the link.
    const filed = await api.records.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM correspondence WHERE template = 'sign-in-link' OR body LIKE '%' || $1 || '%'`, [token]);
    expect(filed.rows[0]!.n).toBe(0);

    const first = await follow(token);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/complaints/status');
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^complainant_session=[A-Za-z0-9_-]{43}; Path=\/complaints; HttpOnly; SameSite=Lax$/);
    const cookie = cookieValue(first)!;

    // Replayed: refused, with the same words as a link that never was.
    const replay = await follow(token);
    expect(replay.status).toBe(410);
    expect(await replay.text()).toBe(LINK_EXPIRED_TEXT);
    const never = await follow('A'.repeat(43));
    expect([never.status, await never.text()]).toEqual([410, LINK_EXPIRED_TEXT]);
    expect(replay.headers.get('set-cookie')).toBeNull();

    // The workflow files its clocks just after the case starts.
    const { cases } = await eventually(
      async () => (await (await status(cookie)).json()) as { cases: Array<Record<string, unknown>> },
      (body) => body.cases[0]?.overdue !== null,
    );
    expect(cases).toEqual([
      {
        reference,
        stage: 'stage1',
        status: 'awaiting-triage',
        receivedAt: '2026-11-02T09:00:00.000Z',
        onHold: false,
        closedAt: null,
        next: null,
        // Received on 2 Nov 2026, long past: the acknowledgement is overdue, and the complainant is told so.
        overdue: {
          key: 'stage1.acknowledge',
          label: 'acknowledgement of the complaint',
          due: '2026-11-05',
          explanation: 'received Mon 2 Nov 2026; 3 working days → Thu 5 Nov 2026',
        },
        letters: [],
        handledBy: ['Complaints Officer'],
      },
    ]);
    expect(JSON.stringify(cases)).not.toMatch(/Pat|example\.org|complaints-manager-1/);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const before = smtp.mails.length;
    const links = async () => (await api.records.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complainant_sign_in_links')).rows[0]!.n;
    const linksBefore = await links();
    const unknown = await signIn({ email: 'nobody@example.org' }, newClient(), true);
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual(SIGN_IN_ANSWER);
    // A known address asked after it: once its mail is in, the unknown one's work is long done.
    await logCase('Kim Known (fictional)', 'kim@example.org');
    expect((await signIn({ email: 'kim@example.org' }, newClient(), true)).status).toBe(202);
    await linkFor('kim@example.org');
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([['kim@example.org']]);
    expect(await links()).toBe(linksBefore + 1);
  });

  it('refuses a link used after its 30 minutes', async () => {
    await logCase('Eve Expired (fictional)', 'eve@example.org');
    expect((await signIn({ email: 'eve@example.org' }, newClient())).status).toBe(202);
    const token = await linkFor('eve@example.org');
    skewMs = 30 * 60_000 + 1_000;
    try {
      const res = await follow(token);
      expect([res.status, await res.text()]).toEqual([410, LINK_EXPIRED_TEXT]);
    } finally {
      skewMs = 0;
    }
  });

  it('of two concurrent uses of one link, exactly one opens a session', async () => {
    await logCase('Cal Concurrent (fictional)', 'cal@example.org');
    expect((await signIn({ email: 'cal@example.org' }, newClient())).status).toBe(202);
    const token = await linkFor('cal@example.org');
    const sessions = async () => (await api.records.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complainant_sessions')).rows[0]!.n;
    const before = await sessions();
    const answers = await Promise.all([follow(token), follow(token), follow(token)]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 410, 410]);
    expect(answers.filter((r) => cookieValue(r)).length).toBe(1);
    expect(await sessions()).toBe(before + 1);
  });

  it('marks the cookie Secure when the request came over TLS through the trusted proxy', async () => {
    await logCase('Tess Tls (fictional)', 'tess@example.org');
    expect((await signIn({ email: 'tess@example.org' }, newClient())).status).toBe(202);
    const res = await follow(await linkFor('tess@example.org'), { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^complainant_session=[A-Za-z0-9_-]{43}; Path=\/complaints; HttpOnly; Secure; SameSite=Lax$/);
  });
});

describe('the session', () => {
  it("sees only its own cases: another complainant's reference, or a guessed one, returns nothing; every view is on the access log", async () => {
    const mine = [await logCase('Mo Mine (fictional)', 'mo@example.org'), await logCase('Mo Mine (fictional)', 'mo@example.org', '2026-11-03T09:00:00Z')];
    const theirs = await logCase('Theo Theirs (fictional)', 'theo@example.org');
    const cookie = await signedIn('mo@example.org');
    const all = (await (await status(cookie)).json()) as { cases: Array<{ reference: string }> };
    expect(all.cases.map((c) => c.reference)).toEqual(mine);
    for (const query of [`?reference=${theirs}`, '?reference=CSC-2026-ZZZZZZ']) {
      const res = await status(cookie, query);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ cases: [] });
    }
    expect(JSON.stringify(await (await status(cookie, `?reference=${mine[1]}`)).json())).toContain(mine[1]);

    // A letter sent to the complainant shows, subject and date; the staff's note on the step never does.
    const ack = await fetch(`${api.baseUrl}/v1/complaints/${mine[0]}/commands/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager')}` },
      body: JSON.stringify({ note: 'Staff only: spoke to the social worker' }),
    });
    expect(ack.status).toBe(200);
    const after = await eventually(
      async () => (await (await status(cookie, `?reference=${mine[0]}`)).json()) as { cases: Array<{ letters: Array<{ subject: string; date: string }> }> },
      (body) => body.cases[0]!.letters.length > 0,
    );
    expect(after.cases[0]!.letters).toEqual([{ subject: `Your complaint ${mine[0]}: we have received it`, date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(JSON.stringify(after)).not.toMatch(/Staff only|social worker|complaints-manager/);

    const log = await api.records.listAccess({ reference: mine[0] });
    const views = log.filter((e) => e.view === 'complainant-status');
    expect(views.length).toBeGreaterThanOrEqual(3); // the list, then each read while waiting for the letter
    expect(new Set(views.map(({ actor, action }) => `${action} ${actor.replace(/[0-9a-f-]{36}$/, 'ID')}`))).toEqual(new Set(['read complainant:ID']));
    expect(new Set(views.map((e) => e.actor)).size).toBe(1);
    expect(await api.records.listAccess({ reference: theirs })).toEqual([]);
    expect(JSON.stringify(await api.records.listAccess({}))).not.toContain('mo@example.org');
  });

  it('without a session, or after 30 idle minutes, is not signed in', async () => {
    expect((await fetch(`${api.baseUrl}/complaints/status.json`)).status).toBe(401);
    expect((await status('B'.repeat(43))).status).toBe(401);
    await logCase('Ida Idle (fictional)', 'ida@example.org');
    const cookie = await signedIn('ida@example.org');
    skewMs = 29 * 60_000;
    expect((await status(cookie)).status).toBe(200);
    skewMs = 2 * 29 * 60_000; // 29 minutes after the last request: still live
    expect((await status(cookie)).status).toBe(200);
    skewMs = 3 * 29 * 60_000 + 2 * 60_000; // 31 minutes idle
    try {
      expect((await status(cookie)).status).toBe(401);
    } finally {
      skewMs = 0;
    }
  });

  it('ends after 12 hours however active', async () => {
    await logCase('Al Absolute (fictional)', 'al@example.org');
    const cookie = await signedIn('al@example.org');
    try {
      for (skewMs = 25 * 60_000; skewMs < 12 * 3_600_000; skewMs += 25 * 60_000) expect((await status(cookie)).status).toBe(200);
      skewMs = 12 * 3_600_000 + 60_000;
      expect((await status(cookie)).status).toBe(401);
    } finally {
      skewMs = 0;
    }
  });

  it('signs out with the CSRF token only', async () => {
    await logCase('Sid Signout (fictional)', 'sid@example.org');
    const cookie = await signedIn('sid@example.org');
    const signOut = (body: Record<string, string>) =>
      fetch(`${api.baseUrl}/complaints/sign-out`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `complainant_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    expect((await signOut({})).status).toBe(403);
    expect((await signOut({ _csrf: derive('C'.repeat(43), 'csrf') })).status).toBe(403);
    expect((await status(cookie)).status).toBe(200);
    const out = await signOut({ _csrf: derive(cookie, 'csrf') });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^complainant_session=; Path=\/complaints; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
    expect((await status(cookie)).status).toBe(401);
  });
});

describe('sign-in requests', () => {
  it('refuses an address that is not one (400), and limits requests per email and per client address (429)', async () => {
    const bad = await signIn({ email: 'not-an-address' }, newClient());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['email']);

    // Per email, whatever the client address.
    for (let i = 0; i < PER_EMAIL; i++) expect((await signIn({ email: 'flood@example.org' }, newClient())).status).toBe(202);
    expect((await signIn({ email: 'FLOOD@example.org' }, newClient())).status).toBe(429);
    // Per client address, whatever the email.
    const client = newClient();
    for (let i = 0; i < PER_ADDRESS; i++) expect((await signIn({ email: `a${i}@example.org` }, client)).status).toBe(202);
    const limited = await signIn({ email: 'fresh@example.org' }, client);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
