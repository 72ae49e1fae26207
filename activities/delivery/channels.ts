import nodemailer, { type Transporter } from 'nodemailer';
import { NotifyClient } from 'notifications-node-client';
import { contactAddress } from '../../records/letters/contact';

/** Who a notice is for: the complainant (letters) or a staff role (reminders, alerts). */
export interface Recipient {
  role: string;
  name: string;
  email?: string;
  /** Postal address, for letters printed from the outbox. */
  address?: string;
}

export interface OutgoingMessage {
  reference: string;
  noticeId: number;
  /** A letter to a person, or a staff reminder or alert. */
  kind: 'letter' | 'reminder' | 'breach-alert';
  template: string;
  /** The address `route` chose. */
  to: string | undefined;
  subject: string;
  /** In the channel's `form`: plain text (print, email) or Notify's Markdown. */
  body: string;
  /** The HTML page (print, email). */
  html?: string;
}

/** One way of sending: the outbox, SMTP, GOV.UK Notify. */
export interface Channel {
  /** Stored with each row: part of the idempotency key (reference, notice id, channel). */
  readonly name: string;
  /** Which rendering it sends: the printed letter (address block, text and page), email (text and HTML), or Notify's Markdown. */
  readonly form: 'print' | 'email' | 'notify';
  /** The address this channel would use for the recipient, `{}` if it needs none, or undefined if it cannot reach them (skipped). */
  route(recipient: Recipient): { address?: string } | undefined;
  /**
   * Sends; 'queued' if the message waits for someone (the outbox),
   * 'needs-channel' if no one can act on it. The provider's id lets a duplicate be traced.
   */
  send(message: OutgoingMessage): Promise<{ status: 'sent' | 'queued' | 'needs-channel'; providerId?: string }>;
  close?(): Promise<void>;
}

/**
 * The outbox: the correspondence row is the message, left 'queued' for staff
 * to print and post or to read through the API. Every notice is filed here;
 * a letter to a person with neither postal address nor email is filed as
 * 'needs-channel' (staff notices are read here, so they are always queued).
 */
export class OutboxChannel implements Channel {
  readonly name = 'outbox';
  readonly form = 'print';

  route(recipient: Recipient) {
    const address = contactAddress(recipient);
    return address ? { address } : {};
  }

  async send(message: OutgoingMessage) {
    return { status: message.kind === 'letter' && !message.to ? ('needs-channel' as const) : ('queued' as const) };
  }
}

/** Email through an SMTP server (`SMTP_URL`, e.g. `smtps://user:pass@smtp.example.org`). */
export class SmtpChannel implements Channel {
  readonly name = 'smtp';
  readonly form = 'email';
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(options: { url: string; from: string }) {
    this.transport = nodemailer.createTransport(options.url);
    this.from = options.from;
  }

  route(recipient: Recipient) {
    return recipient.email ? { address: recipient.email } : undefined;
  }

  async send(message: OutgoingMessage) {
    const domain = /@([^>\s]+)>?$/.exec(this.from)?.[1] ?? 'complaints.invalid';
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      // multipart/alternative: the text for every mail reader, the HTML page for those that show it.
      text: message.body,
      ...(message.html ? { html: message.html } : {}),
      // The same id on a resend, so a mail system (or a person) can see it is a duplicate.
      messageId: `<${message.reference}.${message.noticeId}@${domain}>`,
      headers: { 'X-Complaint-Reference': message.reference },
    });
    return { status: 'sent' as const, providerId: String(info.messageId) };
  }

  async close() {
    this.transport.close();
  }
}

/**
 * Email through GOV.UK Notify (`NOTIFY_API_KEY`). Each Notify template needs
 * `((subject))` and `((body))`; `templateIds` maps our template names to
 * Notify template ids, with `default` for the rest. Notify's `reference` is
 * `<case reference>/<notice id>`, to find a duplicate.
 */
export class NotifyChannel implements Channel {
  readonly name = 'notify';
  readonly form = 'notify';
  private readonly client: NotifyClient;

  constructor(private readonly options: { apiKey: string; templateIds: Record<string, string>; baseUrl?: string }) {
    // The client counts its arguments: pass a base URL only when there is one.
    this.client = options.baseUrl ? new NotifyClient(options.baseUrl, options.apiKey) : new NotifyClient(options.apiKey);
  }

  route(recipient: Recipient) {
    return recipient.email ? { address: recipient.email } : undefined;
  }

  async send(message: OutgoingMessage) {
    const templateId = this.options.templateIds[message.template] ?? this.options.templateIds.default;
    if (!templateId) throw Object.assign(new Error(`no Notify template id for ${message.template}`), { code: 'ENOTEMPLATE' });
    const response = await this.client.sendEmail(templateId, message.to!, {
      personalisation: { subject: message.subject, body: message.body, reference: message.reference },
      reference: `${message.reference}/${message.noticeId}`,
    });
    return { status: 'sent' as const, providerId: response.data.id };
  }
}

/** The channels a deployment's settings turn on: always the outbox; SMTP with a URL; Notify with an API key. */
export function configuredChannels(settings: {
  smtpUrl?: string;
  mailFrom?: string;
  notifyApiKey?: string;
  notifyTemplateIds?: Record<string, string>;
  notifyBaseUrl?: string;
}): Channel[] {
  const channels: Channel[] = [new OutboxChannel()];
  if (settings.smtpUrl) {
    if (!settings.mailFrom) throw new Error('SMTP_URL is set but MAIL_FROM is not');
    channels.push(new SmtpChannel({ url: settings.smtpUrl, from: settings.mailFrom }));
  }
  if (settings.notifyApiKey) {
    channels.push(
      new NotifyChannel({
        apiKey: settings.notifyApiKey,
        templateIds: settings.notifyTemplateIds ?? {},
        ...(settings.notifyBaseUrl ? { baseUrl: settings.notifyBaseUrl } : {}),
      }),
    );
  }
  return channels;
}
