import type { Channel } from '../../activities/delivery/channels';
import { formatLong, londonDateOf, londonOffsetMinutes } from '../../domain/dates';
import { TemplateError } from '../../records/errors';
import { htmlDocument, renderMarkdown, slot } from '../../records/letters/markdown';
import { fill, loadTemplates, type TemplateSet, type Values } from '../../records/letters/templates';
import { signatureOf } from '../../records/letters/values';

/** The council as letters sign (config COUNCIL_*). */
export interface SignInCouncil {
  name: string;
  contact: string;
  phone?: string;
  email?: string;
}

export interface SignInMail {
  reference: string;
  to: { name: string; email: string };
  link: string;
  at: Date;
  expiresAt: Date;
}

/** '10:35 on Fri 4 Dec 2026' in London. */
export function londonTime(instant: Date): string {
  const wall = new Date(instant.getTime() + londonOffsetMinutes(instant) * 60_000);
  const hhmm = `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
  return `${hhmm} on ${formatLong(londonDateOf(instant))}`;
}

/**
 * Sends the sign-in link by the letter channels that email (SMTP, GOV.UK
 * Notify), with the council's template `sign-in-link.md`. Never through the
 * outbox and never filed as correspondence: the link is a secret, kept
 * nowhere but in the email (the records store has its hash only), and a
 * 30-minute link cannot go by post. Returns the channels that took it.
 */
export class SignInMailer {
  private readonly templates: TemplateSet;

  constructor(
    private readonly channels: readonly Channel[],
    private readonly council: SignInCouncil,
    templates?: TemplateSet,
  ) {
    this.templates = templates ?? loadTemplates();
  }

  async send(mail: SignInMail, log: (message: string, error?: unknown) => void): Promise<string[]> {
    const letter = this.render(mail);
    const sentVia: string[] = [];
    for (const channel of this.channels) {
      if (channel.form === 'print') continue;
      const route = channel.route({ role: 'complainant', name: mail.to.name, email: mail.to.email });
      if (!route?.address) continue;
      try {
        await channel.send({
          reference: mail.reference,
          // Unique per link, so a mail system never takes a new link for a duplicate of the last (SMTP Message-ID, Notify reference).
          noticeId: mail.at.getTime(),
          kind: 'letter',
          template: 'sign-in-link',
          to: route.address,
          subject: letter.subject,
          body: channel.form === 'notify' ? letter.notify : letter.text,
          ...(channel.form === 'email' ? { html: htmlDocument(letter.subject, letter.html) } : {}),
        });
        sentVia.push(channel.name);
      } catch (error) {
        // The error's code only: a provider's message can quote the address.
        const e = error as { name?: string; code?: string; responseCode?: number };
        log(`sign-in link not sent by ${channel.name}: ${[e.name ?? 'Error', e.code ?? e.responseCode].filter(Boolean).join(':')}`);
      }
    }
    return sentVia;
  }

  /** The email as the council's template says, without the letters' sign-off partials (it names no single case). */
  render(mail: SignInMail): { subject: string; text: string; html: string; notify: string } {
    const template = this.templates.templates.get('sign-in-link');
    if (!template) throw new TemplateError('no letter template sign-in-link.md');
    const values: Values = {
      recipientName: mail.to.name,
      link: mail.link,
      expiresAt: londonTime(mail.expiresAt),
      councilName: this.council.name,
      councilContact: this.council.contact,
      signature: signatureOf(this.council.contact),
      complaintsPhone: this.council.phone,
      complaintsEmail: this.council.email,
    };
    const slotted: string[] = [];
    const source = fill(template.body, values, 'template sign-in-link.md', (value) => slot(slotted.push(value) - 1));
    return { subject: fill(template.subject, values, 'the subject of sign-in-link.md'), ...renderMarkdown(source, slotted) };
  }
}
