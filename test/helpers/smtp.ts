import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SmtpChannel } from '../../activities/delivery/channels';

/** A message the SMTP server accepted: its envelope's recipients, its text (quoted-printable undone), and two of its headers. */
export interface ReceivedMail {
  to: string[];
  text: string;
  /** X-Complaint-Reference: the case the letter is of. */
  reference: string | undefined;
  messageId: string | undefined;
}

export interface LocalSmtp {
  /** Every message accepted, in order. */
  mails: ReceivedMail[];
  /** The letter channel that sends to this server. */
  channel: SmtpChannel;
  /** The server's smtp:// URL. */
  url: string;
  /** While held, each message is read whole but not answered: its sender waits mid-send. Released, each is accepted. */
  hold(on: boolean): void;
  /** Messages read and waiting for their answer (a sender cut off before it is dropped: never accepted). */
  waiting(): number;
  close(): Promise<void>;
}

/** Quoted-printable undone, so a link folded across lines reads whole. */
const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const header = (raw: string, name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(raw)?.[1]?.trim();

/** A real SMTP server on a free loopback port (`smtp-server`), keeping what it accepts, able to hold its answers, and a channel that sends to it. */
export async function startSmtp(from = 'Complaints <complaints@test.example>'): Promise<LocalSmtp> {
  const mails: ReceivedMail[] = [];
  const waiting = new Map<string, () => void>();
  let held = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), text: unfold(raw), reference: header(raw, 'X-Complaint-Reference'), messageId: header(raw, 'Message-ID') };
        const answer = () => {
          mails.push(mail);
          callback();
        };
        if (held) waiting.set(session.id, answer);
        else answer();
      });
    },
    // A sender gone before its answer (killed mid-send) never had its message accepted.
    onClose(session) {
      waiting.delete(session.id);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const channel = new SmtpChannel({ url, from });
  return {
    mails,
    channel,
    url,
    hold(on) {
      held = on;
      if (on) return;
      for (const [id, answer] of waiting) {
        waiting.delete(id);
        answer();
      }
    },
    waiting: () => waiting.size,
    async close() {
      await channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
