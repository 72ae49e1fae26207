import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../records/db';
import { DeliveryInProgress, TemplateError } from '../../records/errors';
import { configuredChannels, NotifyChannel, OutboxChannel, SmtpChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import { openPglite } from '../../records/db';
import { migrate, readMigrations } from '../../records/migrate';
import { OMBUDSMAN_DETAILS } from '../../records/letters/values';
import { Records } from '../../records/repository';
import type { Notice } from '../../domain/complaint/state';
import { BACKENDS, newCase, nextReference, openTestDb, stopTestServer } from './fixtures';

const NOW = '2026-12-21T10:05:00.000Z';
const council = {
  name: 'Rutland County Council',
  contact: 'the Complaints Team',
  phone: '01572 722577',
  email: 'complaints@rutland.example',
  address: 'Catmose, Catmos Street, Oakham, LE15 6HP',
};

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port, keeping what it receives; `reject` makes it refuse recipients. */
async function startSmtp() {
  const received: Mail[] = [];
  const state = { reject: false, delayMs: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      callback(state.reject ? Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        setTimeout(() => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        }, state.delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, state, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The message's text: headers unfolded, quoted-printable decoded. */
function decode(raw: string): { headers: Record<string, string>; text: string } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head!.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let text = rest.join('\r\n\r\n');
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? '')) {
    text = Buffer.from(text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** A multipart message's parts, each decoded, by content type (text/plain, text/html). */
function parts(raw: string): { type: string; parts: Record<string, string> } {
  const { headers } = decode(raw);
  const type = headers['content-type'] ?? '';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!boundary) return { type, parts: {} };
  const found: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`).slice(1, -1)) {
    const decoded = decode(part.replace(/^\r\n/, ''));
    found[(decoded.headers['content-type'] ?? '').split(';')[0]!] = decoded.text.replace(/\n$/, '');
  }
  return { type: type.split(';')[0]!, parts: found };
}

const ack = (id: number): Notice => ({ id, kind: 'letter', subject: 'stage1-acknowledgement', detail: { respondBy: '2027-01-06' } });

afterAll(stopTestServer);

describe.each(BACKENDS)('correspondence on %s', (backend) => {
  let db: Db;
  let records: Records;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let smtpChannel: SmtpChannel;
  let correspondence: Correspondence;

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db);
    smtp = await startSmtp();
    smtpChannel = new SmtpChannel({ url: smtp.url, from: 'Complaints <complaints@rutland.example>' });
    correspondence = new Correspondence({
      records,
      channels: [new OutboxChannel(), smtpChannel],
      council,
      staff: { addresses: { 'service-manager': 'manager@rutland.example' }, fallback: 'complaints-team@rutland.example' },
      now: () => new Date(NOW),
    });
  });
  afterEach(() => {
    smtp.state.reject = false;
    smtp.state.delayMs = 0;
  });
  afterAll(async () => {
    await smtpChannel?.close();
    await smtp?.stop();
    await db?.close();
  });

  const mailsFor = (ref: string) => smtp.received.filter((m) => m.raw.includes(ref));

  it('sends a letter by email and keeps it in the outbox, as sent', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    await correspondence.deliver(ref, ack(1));

    const [mail, ...more] = mailsFor(ref);
    expect(more).toEqual([]);
    expect(mail!.to).toEqual(['alex@example.org']);
    const { headers } = decode(mail!.raw);
    expect(headers.subject).toBe(`Your complaint ${ref}: we have received it`);
    expect(headers['message-id']).toBe(`<${ref}.1@rutland.example>`);
    // Text and HTML: the text part has no Markdown marks, the HTML part real bold.
    const message = parts(mail!.raw);
    expect(message.type).toBe('multipart/alternative');
    const text = message.parts['text/plain']!;
    const html = message.parts['text/html']!;
    expect(text).toContain('Dear Alex Parent');
    expect(text).toContain(`Your reference number is ${ref}.`);
    expect(text).toContain('by Wed 6 Jan 2027.');
    expect(text).not.toContain('*');
    expect(text.trimEnd().endsWith(`${OMBUDSMAN_DETAILS}.`)).toBe(true);
    expect(html).toContain(`Your reference number is <strong>${ref}</strong>.`);
    expect(html).toContain('<p>Dear Alex Parent,</p>');
    expect(html).not.toContain('**');

    const rows = await records.listCorrespondence(ref);
    expect(rows.map((r) => [r.channel, r.status, r.recipientRole, r.recipientAddress])).toEqual([
      ['outbox', 'queued', 'complainant', '1 High Street, Oakham, LE15 6AA'],
      ['smtp', 'sent', 'complainant', 'alex@example.org'],
    ]);
    expect(rows[1]).toMatchObject({ sentAt: NOW, providerId: `<${ref}.1@rutland.example>`, template: 'stage1-acknowledgement' });
    expect(rows[1]!.body).toBe(text);
    expect(rows[1]!.bodyHtml).toContain(`<strong>${ref}</strong>`);
    // Filed for posting, not sent: no sending time.
    expect(rows[0]).toMatchObject({ status: 'queued', sentAt: null, claimedAt: NOW });

    // The activity retried after it finished: nothing is sent twice.
    await correspondence.deliver(ref, ack(1));
    expect(mailsFor(ref)).toHaveLength(1);
    expect(await records.listCorrespondence(ref)).toHaveLength(2);
  });

  it('files the printed letter in the outbox with the council\'s address and the addressee\'s at its head', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    await correspondence.deliver(ref, ack(1));
    const letter = (await records.listCorrespondence(ref)).find((r) => r.channel === 'outbox')!;
    expect(letter.body!.split('\n\n').slice(0, 4).join('\n\n')).toBe(
      [
        'Complaints Team\nRutland County Council\nCatmose\nCatmos Street\nOakham\nLE15 6HP',
        'Alex Parent\n1 High Street\nOakham\nLE15 6AA',
        'Mon 21 Dec 2026',
        'Dear Alex Parent,',
      ].join('\n\n'),
    );
    expect(letter.bodyHtml).toContain('<address class="to">Alex Parent<br>\n1 High Street<br>\nOakham<br>\nLE15 6AA</address>');
    expect(letter.bodyHtml).toMatch(/^<!doctype html>/);
  });

  it('escapes what a complainant wrote, in every form: a name cannot inject HTML or Markdown', async () => {
    const ref = nextReference();
    const name = '<img src=x onerror=alert(1)> **Bold** Parent';
    await records.createCase(newCase(ref, { people: [{ role: 'complainant', name, type: 'parent', email: 'alex@example.org' }] }));
    await correspondence.deliver(ref, ack(1));
    const { parts: sent } = parts(mailsFor(ref)[0]!.raw);
    expect(sent['text/plain']).toContain(`Dear ${name},`);
    expect(sent['text/html']).toContain('<p>Dear &lt;img src=x onerror=alert(1)&gt; **Bold** Parent,</p>');
    expect(sent['text/html']).not.toContain('<img');
  });

  it('files a letter to someone with no email and no postal address as needing a channel, not as sent; staff notices stay queued', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref, { people: [{ role: 'complainant', name: 'Pat Phone', type: 'parent' }] }));
    await correspondence.deliver(ref, ack(1));
    await correspondence.deliver(ref, { id: 2, kind: 'reminder', subject: 'stage1.respond', detail: { due: '2027-01-06', why: 'half the time has gone', to: 'director' } });
    expect(mailsFor(ref).map((m) => m.to)).toEqual([['complaints-team@rutland.example']]);
    expect((await records.listCorrespondence(ref)).map((r) => [r.noticeId, r.channel, r.status, r.sentAt, r.recipientAddress])).toEqual([
      [1, 'outbox', 'needs-channel', null, null],
      [2, 'outbox', 'queued', null, 'complaints-team@rutland.example'],
      [2, 'smtp', 'sent', NOW, 'complaints-team@rutland.example'],
    ]);
    const waiting = (await records.listOutbox({ status: 'needs-channel' })).filter((r) => r.reference === ref);
    expect(waiting).toEqual([expect.objectContaining({ template: 'stage1-acknowledgement', body: expect.stringMatching(/^Mon 21 Dec 2026\n\nDear Pat Phone,/) })]);
  });

  it('sends one email when the same notice is delivered twice at once', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    smtp.state.delayMs = 200;
    const results = await Promise.allSettled([correspondence.deliver(ref, ack(1)), correspondence.deliver(ref, ack(1))]);
    expect(results.filter((r) => r.status === 'fulfilled')).not.toHaveLength(0);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DeliveryInProgress);
    expect(mailsFor(ref)).toHaveLength(1);

    // The loser's retry finds the work done.
    await correspondence.deliver(ref, ack(1));
    expect(mailsFor(ref)).toHaveLength(1);
    expect((await records.listCorrespondence(ref)).map((r) => [r.channel, r.status])).toEqual([
      ['outbox', 'queued'],
      ['smtp', 'sent'],
    ]);
  });

  it('takes over a claim abandoned by a crashed worker after the lease, sending what was stored', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    const claim = {
      reference: ref,
      noticeId: 1,
      channel: 'smtp',
      kind: 'letter' as const,
      template: 'stage1-acknowledgement',
      recipientRole: 'complainant',
      recipientAddress: 'alex@example.org',
      subject: 'Stored subject',
      body: 'Stored body, as first rendered.\n',
      leaseMs: 10 * 60_000,
    };
    // Claimed half a minute ago (the default lease is a minute): a live attempt, not to be taken over.
    const live = await records.claimDelivery({ ...claim, at: new Date(Date.parse(NOW) - 30_000).toISOString() });
    await expect(correspondence.deliver(ref, ack(1))).rejects.toBeInstanceOf(DeliveryInProgress);
    expect(mailsFor(ref)).toEqual([]);

    // The claim lapses (the worker died between claim and settle).
    await db.query(`UPDATE correspondence SET claimed_at = $2 WHERE id = $1`, [live.row.id, new Date(Date.parse(NOW) - 11 * 60_000).toISOString()]);
    await correspondence.deliver(ref, ack(1));
    const [mail] = mailsFor(ref);
    expect(decode(mail!.raw).headers.subject).toBe('Stored subject');
    expect(decode(mail!.raw).text).toContain('Stored body, as first rendered.');
    expect((await records.listCorrespondence(ref)).find((r) => r.channel === 'smtp')).toMatchObject({ status: 'sent', subject: 'Stored subject' });
  });

  it('keeps renewing its claim while a slow send runs, so a second attempt waits rather than sending again', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    // A lease of 400 ms against a mail server that takes 2 s to accept: only renewal keeps the claim.
    const slow = new Correspondence({ records, channels: [new OutboxChannel(), smtpChannel], council, leaseMs: 400 });
    smtp.state.delayMs = 2_000;
    try {
      const first = slow.deliver(ref, ack(1));
      await new Promise((r) => setTimeout(r, 1_200));
      await expect(slow.deliver(ref, ack(1))).rejects.toBeInstanceOf(DeliveryInProgress);
      await first;
    } finally {
      smtp.state.delayMs = 0;
    }
    expect(mailsFor(ref)).toHaveLength(1);
    expect((await records.listCorrespondence(ref)).map((r) => [r.channel, r.status])).toEqual([
      ['outbox', 'queued'],
      ['smtp', 'sent'],
    ]);
  });

  it('records a refused email as failed with a code only, and sends it on retry', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    smtp.state.reject = true;
    await expect(correspondence.deliver(ref, ack(1))).rejects.toThrow();
    const failed = (await records.listCorrespondence(ref)).find((r) => r.channel === 'smtp')!;
    expect(failed.status).toBe('failed');
    expect(failed.error).not.toContain('@');
    expect((await records.listCorrespondence(ref)).find((r) => r.channel === 'outbox')!.status).toBe('queued');

    smtp.state.reject = false;
    await correspondence.deliver(ref, ack(1));
    expect(mailsFor(ref)).toHaveLength(1);
    expect((await records.listCorrespondence(ref)).map((r) => [r.channel, r.status, r.error])).toEqual([
      ['outbox', 'queued', null],
      ['smtp', 'sent', null],
    ]);
  });

  it('offers a child an advocate, and posts a letter to someone with no email', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref, { people: [{ role: 'complainant', name: 'Sam Young', type: 'young-person', address: '2 Low Road, Oakham' }] }));
    await correspondence.deliver(ref, ack(1));
    expect(mailsFor(ref)).toEqual([]);
    const [letter, ...others] = await records.listCorrespondence(ref);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ channel: 'outbox', status: 'queued', recipientAddress: '2 Low Road, Oakham' });
    expect(letter!.body).toContain('independent advocate');
    expect(letter!.body).toContain('Dear Sam Young');
  });

  it('sends staff reminders and breach alerts to the role, or the complaints inbox', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    await correspondence.deliver(ref, { id: 2, kind: 'reminder', subject: 'stage1.respond', detail: { due: '2027-01-06', why: 'half the time has gone', to: 'service-manager' } });
    await correspondence.deliver(ref, { id: 3, kind: 'breach-alert', subject: 'stage1.respond', detail: { due: '2027-01-06', to: 'complaints-manager' } });
    const mails = mailsFor(ref);
    expect(mails.map((m) => m.to)).toEqual([['manager@rutland.example'], ['complaints-team@rutland.example']]);
    expect(decode(mails[1]!.raw).headers.subject).toBe(`Missed deadline ${ref}: Stage 1 response was due Wed 6 Jan 2027`);
    // Nothing about the complainant goes to staff.
    for (const m of mails) expect(decode(m.raw).text).not.toContain('Alex');
    expect((await records.listCorrespondence(ref)).map((r) => [r.noticeId, r.kind, r.recipientRole, r.channel])).toEqual([
      [2, 'reminder', 'service-manager', 'outbox'],
      [2, 'reminder', 'service-manager', 'smtp'],
      [3, 'breach-alert', 'complaints-manager', 'outbox'],
      [3, 'breach-alert', 'complaints-manager', 'smtp'],
    ]);
  });

  it('sends nothing for a letter whose template lacks a value', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref));
    await expect(
      correspondence.deliver(ref, { id: 1, kind: 'letter', subject: 'escalation-refused', detail: { to: 'stage2', ombudsman: OMBUDSMAN_DETAILS } }),
    ).rejects.toBeInstanceOf(TemplateError);
    expect(await records.listCorrespondence(ref)).toEqual([]);
  });
});

describe('letters filed before letters had forms (migration 006)', () => {
  it('takes the sending time off queued letters, and marks a letter filed with no address as needing a channel', async () => {
    const db = await openPglite('memory://');
    try {
      // The rows are written as code before 006 wrote them; later migrations are not the subject here.
      await migrate(db, readMigrations().filter((m) => m.version !== 6));
      const records = new Records(db);
      const ref = nextReference();
      await records.createCase(newCase(ref));
      const old = { reference: ref, kind: 'letter' as const, template: 't', channel: 'outbox', recipientRole: 'complainant', subject: 's', body: 'b', sentAt: NOW, status: 'queued' as const };
      await records.recordCorrespondence({ ...old, noticeId: 1, recipientAddress: '1 High Street' });
      await records.recordCorrespondence({ ...old, noticeId: 2 });
      await records.recordCorrespondence({ ...old, noticeId: 3, channel: 'smtp', recipientAddress: 'alex@example.org', status: 'sent', providerId: '<x>' });
      await migrate(db);
      expect((await records.listCorrespondence(ref)).map((r) => [r.noticeId, r.channel, r.status, r.sentAt, r.claimedAt, r.bodyHtml])).toEqual([
        [1, 'outbox', 'queued', null, NOW, null],
        [2, 'outbox', 'needs-channel', null, NOW, null],
        [3, 'smtp', 'sent', NOW, NOW, null],
      ]);
    } finally {
      await db.close();
    }
  });
});

describe('GOV.UK Notify channel', () => {
  it('sends through the Notify API with the mapped template, subject, body and a traceable reference', async () => {
    // Opened first: a slow start would outlast the stand-in's keep-alive between requests.
    const db = await openTestDb('pglite');
    const requests: Array<{ method: string; url: string; auth: string; body: Record<string, unknown> }> = [];
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? '', body: JSON.parse(data || '{}') as Record<string, unknown> });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '740e5834-3a29-46b4-9a6f-16142fde533a', content: { body: '', subject: '', from_email: '' }, uri: '', template: { id: '', version: 1, uri: '' } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const channels = configuredChannels({
        notifyApiKey: 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0',
        notifyTemplateIds: { default: 'f33517ff-2a88-4f6e-b855-c550268ce08a', 'stage1-acknowledgement': 'a1b2c3d4-0000-4000-8000-000000000001' },
        notifyBaseUrl: `http://127.0.0.1:${port}`,
      });
      expect(channels.map((c) => c.name)).toEqual(['outbox', 'notify']);
      const notify = channels[1] as NotifyChannel;
      const result = await notify.send({ reference: 'CSC-2026-7KQ3MP', noticeId: 4, kind: 'letter', template: 'stage1-acknowledgement', to: 'alex@example.org', subject: 'Subject', body: 'Body' });
      expect(result).toEqual({ status: 'sent', providerId: '740e5834-3a29-46b4-9a6f-16142fde533a' });
      await notify.send({ reference: 'CSC-2026-7KQ3MP', noticeId: 5, kind: 'letter', template: 'case-resumed', to: 'alex@example.org', subject: 'S', body: 'B' });
      expect(requests.map((r) => [r.method, r.url, r.body.template_id])).toEqual([
        ['POST', '/v2/notifications/email', 'a1b2c3d4-0000-4000-8000-000000000001'],
        ['POST', '/v2/notifications/email', 'f33517ff-2a88-4f6e-b855-c550268ce08a'],
      ]);
      expect(requests[0]!.body).toMatchObject({
        email_address: 'alex@example.org',
        reference: 'CSC-2026-7KQ3MP/4',
        personalisation: { subject: 'Subject', body: 'Body', reference: 'CSC-2026-7KQ3MP' },
      });
      expect(requests[0]!.auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(notify.route({ role: 'complainant', name: 'A' })).toBeUndefined();

      // A letter goes in Notify's own format: no bold marks; what was sent is what is kept.
      const records = new Records(db);
      const ref = nextReference();
      await records.createCase(newCase(ref));
      await new Correspondence({ records, channels: [notify], council, now: () => new Date(NOW) }).deliver(ref, ack(6));
      const body = (requests[2]!.body.personalisation as { body: string }).body;
      expect(body).toContain(`Your reference number is ${ref}.`);
      expect(body).toContain('by Wed 6 Jan 2027.');
      expect(body).not.toContain('**');
      expect((await records.listCorrespondence(ref)).map((r) => [r.channel, r.status, r.body, r.bodyHtml])).toEqual([['notify', 'sent', body, null]]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    }
  });

  it('needs MAIL_FROM alongside SMTP_URL', () => {
    expect(() => configuredChannels({ smtpUrl: 'smtp://localhost:25' })).toThrow('MAIL_FROM');
  });
});
