import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { configuredChannels } from '../../activities/delivery/channels';
import { complainantOptions } from '../../api/complainant/options';
import { SignInMailer } from '../../api/complainant/sign-in-mail';
import { loadConfig } from '../../config/config';

/** The complainant's sign-in email (template sign-in-link.md) and settings: no dev server needed. */
describe('the settings', () => {
  it('default to links at http://HOST:PORT, sessions of 30 idle minutes and 12 hours, the outbox only; and take PUBLIC_URL and the lengths', () => {
    const defaults = complainantOptions(loadConfig({}));
    expect([defaults.publicUrl, defaults.session, defaults.channels.map((c) => c.name)]).toEqual([
      'http://127.0.0.1:3000',
      { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
      ['outbox'],
    ]);
    const set = complainantOptions(loadConfig({ PUBLIC_URL: 'https://complaints.council.example', COMPLAINANT_SESSION_IDLE_MINUTES: '15', COMPLAINANT_SESSION_MAX_HOURS: '8' }));
    expect([set.publicUrl, set.session]).toEqual(['https://complaints.council.example', { idleMs: 15 * 60_000, absoluteMs: 8 * 3_600_000 }]);
    expect(() => loadConfig({ COMPLAINANT_SESSION_MAX_HOURS: '48' })).toThrow('COMPLAINANT_SESSION_MAX_HOURS');
  });
});

describe('the sign-in email', () => {
  const mailer = new SignInMailer([], { name: 'Test Council', contact: 'the Complaints Team', phone: '01632 960000', email: 'complaints@test.example' });
  const mail = (at: string) => ({
    reference: 'CSC-2026-7KQ3MP',
    to: { name: 'Pat <Parent> (fictional)', email: 'pat@example.org' },
    link: 'https://complaints.test.example/complaints/sign-in/abc_DEF-123',
    at: new Date(at),
    expiresAt: new Date(Date.parse(at) + 30 * 60_000),
  });

  it("is the council's template, with the link and its expiry in London time, and no case's details", () => {
    const letter = mailer.render(mail('2026-12-21T09:50:00Z'));
    expect(letter.subject).toBe('Your link to sign in and follow your complaint');
    expect(letter.text).toBe(
      [
        'Dear Pat <Parent> (fictional),',
        'Use this link to sign in and see how your complaint is going:',
        'https://complaints.test.example/complaints/sign-in/abc_DEF-123',
        'The link works once, until 10:20 on Mon 21 Dec 2026. If it has expired, ask for a new one on the page where you asked for this one.',
        'If you did not ask to sign in, you can ignore this email: no one can sign in without the link.',
        'If you have a question, contact the Complaints Team on 01632 960000, email complaints@test.example.',
        'Complaints Team\nTest Council',
      ].join('\n\n') + '\n',
    );
    expect(letter.html).toContain('Dear Pat &lt;Parent&gt; (fictional),');
    expect(letter.text).not.toContain('CSC-2026-7KQ3MP');
  });

  it('gives the expiry in British Summer Time when it applies', () => {
    expect(mailer.render(mail('2027-06-01T09:50:00Z')).text).toContain('until 11:20 on Tue 1 Jun 2027.');
  });
});

describe('the sign-in email by GOV.UK Notify', () => {
  it("goes by Notify in its format with a reference of its own, never by the outbox; a channel's failure is logged by code only", async () => {
    const requests: Array<Record<string, unknown>> = [];
    let fail = false;
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        requests.push(JSON.parse(data || '{}') as Record<string, unknown>);
        res.writeHead(fail ? 400 : 201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(fail ? { errors: [{ error: 'BadRequestError', message: 'pat@example.org is not allowed' }], status_code: 400 } : { id: 'notify-1' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const channels = configuredChannels({
        notifyApiKey: 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0',
        notifyTemplateIds: { default: 'f33517ff-2a88-4f6e-b855-c550268ce08a' },
        notifyBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      const mailer = new SignInMailer(channels, { name: 'Test Council', contact: 'the Complaints Team' });
      const at = new Date('2026-12-21T09:50:00Z');
      const mail = { reference: 'CSC-2026-7KQ3MP', to: { name: 'Pat', email: 'pat@example.org' }, link: 'https://x.example/complaints/sign-in/tok', at, expiresAt: new Date(at.getTime() + 30 * 60_000) };
      const logged: string[] = [];
      expect(await mailer.send(mail, (m) => logged.push(m))).toEqual(['notify']);
      expect(requests).toEqual([
        {
          template_id: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
          email_address: 'pat@example.org',
          reference: `CSC-2026-7KQ3MP/${at.getTime()}`,
          personalisation: { subject: 'Your link to sign in and follow your complaint', body: mailer.render(mail).notify, reference: 'CSC-2026-7KQ3MP' },
        },
      ]);
      fail = true;
      expect(await mailer.send(mail, (m) => logged.push(m))).toEqual([]);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^sign-in link not sent by notify: /);
      expect(logged[0]).not.toContain('pat@example.org');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
