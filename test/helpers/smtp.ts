import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SmtpChannel } from '../../activities/delivery/channels';

/** A message the SMTP server received: its envelope's recipients and its text, quoted-printable undone. */
export interface ReceivedMail {
  to: string[];
  text: string;
}

export interface LocalSmtp {
  /** Every message received, in order. */
  mails: ReceivedMail[];
  /** The letter channel that sends to this server. */
  channel: SmtpChannel;
  /** The server's smtp:// URL. */
  url: string;
  close(): Promise<void>;
}

/** Quoted-printable undone, so a link folded across lines reads whole. */
const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** A real SMTP server on a free loopback port (`smtp-server`), keeping what it receives, and a channel that sends to it. */
export async function startSmtp(from = 'Complaints <complaints@test.example>'): Promise<LocalSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text: unfold(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const channel = new SmtpChannel({ url, from });
  return {
    mails,
    channel,
    url,
    async close() {
      await channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
