import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the server accepted: its envelope's recipients and its case reference header. */
export interface AcceptedMail {
  to: string[];
  reference: string | undefined;
  messageId: string | undefined;
}

export interface HeldSmtp {
  url: string;
  /** While held, each message is read whole but not answered: its sender waits mid-send. */
  hold(on: boolean): void;
  /** Accepted mails, and how many wait for their answer (a sender cut off before it is dropped: never accepted). */
  state(): { accepted: AcceptedMail[]; waiting: number };
  close(): Promise<void>;
}

const header = (raw: string, name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(raw)?.[1]?.trim();

/** The cluster's mail server (`smtp-server`, on a free loopback port), able to hold its answers. */
export async function startHeldSmtp(): Promise<HeldSmtp> {
  const accepted: AcceptedMail[] = [];
  const waiting = new Map<string, { mail: AcceptedMail; answer: () => void }>();
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
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), reference: header(raw, 'X-Complaint-Reference'), messageId: header(raw, 'Message-ID') };
        const answer = () => {
          accepted.push(mail);
          callback();
        };
        if (held) waiting.set(session.id, { mail, answer });
        else answer();
      });
    },
    // A sender gone before its answer (killed mid-send) never had its message accepted.
    onClose(session) {
      waiting.delete(session.id);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    hold(on) {
      held = on;
      if (on) return;
      for (const [id, { answer }] of waiting) {
        waiting.delete(id);
        answer();
      }
    },
    state: () => ({ accepted: [...accepted], waiting: waiting.size }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
