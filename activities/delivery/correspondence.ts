import type { NoticeSink } from '../index';
import type { Notice } from '../../domain/complaint/state';
import { CaseNotFound, DeliveryInProgress, RecordsInputError } from '../../records/errors';
import type { Records } from '../../records/repository';
import type { CaseRecord } from '../../records/types';
import type { Channel, Recipient } from './channels';
import { letterForm } from '../../records/letters/print';
import { staffNeedsLine } from '../../records/communication-needs';
import { loadTemplates, renderLetter, type RenderedLetter, type TemplateSet } from '../../records/letters/templates';
import { noticeValues, signatureOf, staffRoleOf, templateFor } from '../../records/letters/values';

/** Complainant types offered an independent advocate (s.26A: children, and care leavers). */
const ADVOCACY_TYPES = new Set(['child', 'young-person', 'care-leaver']);

export interface CorrespondenceOptions {
  records: Records;
  /** In order; the outbox first, so the letter is on file before any email goes. */
  channels: Channel[];
  /** Letter templates; default: `templates/letters/`. */
  templates?: TemplateSet;
  /**
   * Who signs: the council's name, how letters name the team, and the team's
   * phone, email and postal address (config/config.ts requires them where
   * letters leave for real).
   */
  council: { name: string; contact: string; phone?: string; email?: string; address?: string };
  /** Where staff reminders and alerts go by email: role → address, and a fallback (the complaints inbox). */
  staff?: { addresses?: Record<string, string>; fallback?: string };
  /**
   * How long a claim on a (notice, channel) holds, unrenewed, before another
   * delivery may take it over as abandoned. The sender renews it every quarter
   * of this while the channel call runs, so a live attempt (however slow, or
   * cut off from Temporal) is never taken over, and a dead worker's letter
   * goes again within about this long. Default 1 minute.
   */
  leaseMs?: number;
  now?: () => Date;
}

/**
 * Sends the letters, reminders and alerts the workflow owes, and keeps each
 * as sent: the `NoticeSink` behind the `deliverNotice` activity.
 *
 * Idempotent on (reference, notice id, channel): before calling a channel it
 * claims the row ('sending'), after it settles it ('sent', 'queued',
 * 'needs-channel' or 'failed'; only 'sent' has a `sentAt`). A second
 * delivery of the same notice, concurrent or retried, finds the row and
 * sends nothing (if the first is still in flight it throws
 * the retryable `DeliveryInProgress`). The claim is renewed while the channel
 * call runs. The at-least-once edge: a worker that dies after the channel
 * accepted the message but before the row is settled leaves a claim that
 * lapses `leaseMs` after its last renewal; the retry then sends the stored
 * message again. Email resends carry the same Message-ID (SMTP) or
 * reference (Notify), so a duplicate can be recognised.
 */
export class Correspondence implements NoticeSink {
  private readonly templates: TemplateSet;
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: CorrespondenceOptions) {
    this.templates = options.templates ?? loadTemplates();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Renders the notice for the case and sends it through every channel that
   * can reach the recipient. Throws `CaseNotFound`, `TemplateError` (not
   * retryable), `DeliveryInProgress`, or the first channel's error after
   * trying the others (the retry sends only what failed).
   */
  async deliver(reference: string, notice: Notice): Promise<void> {
    const { letter, recipient } = await this.prepare(reference, notice);
    // A letter to the complainant carries their communication needs as they stand now, when it is made.
    const needs = notice.kind === 'letter' && recipient.role === 'complainant' ? await this.options.records.communicationNeeds.get(reference) : undefined;
    const staffLine = staffNeedsLine(needs);
    const { council } = this.options;
    const sender = { team: signatureOf(council.contact), councilName: council.name, ...(council.address ? { address: council.address } : {}) };
    let firstError: unknown;
    for (const channel of this.options.channels) {
      const route = channel.route(recipient);
      if (!route) continue;
      const form = letterForm(channel.form, letter, recipient, sender, staffLine);
      const claim = await this.options.records.claimDelivery({
        reference,
        noticeId: notice.id,
        channel: channel.name,
        kind: notice.kind,
        template: letter.template,
        recipientRole: recipient.role,
        ...(route.address ? { recipientAddress: route.address } : {}),
        subject: letter.subject,
        body: form.body,
        ...(form.html ? { html: form.html } : {}),
        at: this.now().toISOString(),
        leaseMs: this.leaseMs,
        ...(needs ? { communicationNeeds: needs } : {}),
      });
      if (!claim.claimed) {
        // Another attempt is sending this notice: it owns the channels after this one too.
        if (claim.row.status === 'sending') {
          throw new DeliveryInProgress(`notice ${notice.id} of ${reference} is being delivered by another attempt`);
        }
        continue;
      }
      // A taken-over claim sends what was stored, so the record stays what was sent.
      const { row } = claim;
      try {
        const html = row.bodyHtml ?? form.html;
        const result = await this.holdingClaim(row, () => channel.send({
          reference,
          noticeId: notice.id,
          kind: notice.kind,
          template: row.template,
          to: row.recipientAddress ?? undefined,
          subject: row.subject ?? letter.subject,
          body: row.body ?? form.body,
          ...(html ? { html } : {}),
        }));
        // Only a letter a provider accepted has been sent; one filed for posting, or waiting for a channel, has not.
        await this.options.records.settleDelivery(row.id, {
          status: result.status,
          ...(result.status === 'sent' ? { sentAt: this.now().toISOString() } : {}),
          ...(result.providerId ? { providerId: result.providerId } : {}),
        });
      } catch (error) {
        await this.options.records.settleDelivery(row.id, { status: 'failed', error: errorCode(error) });
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  }

  /**
   * Runs `send` while renewing the row's claim every quarter lease. A renewal
   * that fails (the records store briefly away) is tried again at the next
   * tick; one that finds the claim no longer ours stops renewing.
   */
  private async holdingClaim<T>(row: { id: number; claimedAt: string }, send: () => Promise<T>): Promise<T> {
    let claimedAt = row.claimedAt;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const renew = async () => {
      const at = this.now().toISOString();
      try {
        if (!(await this.options.records.renewClaim(row.id, claimedAt, at))) return;
        claimedAt = at;
      } catch {
        // Not renewed this time: the lease still has three quarters to run.
      }
      if (!done) timer = setTimeout(() => void renew(), this.leaseMs / 4);
    };
    timer = setTimeout(() => void renew(), this.leaseMs / 4);
    try {
      return await send();
    } finally {
      done = true;
      clearTimeout(timer);
    }
  }

  /** The letter as it would be sent now, without sending or recording it (for a preview in the API). */
  async preview(reference: string, notice: Notice): Promise<RenderedLetter> {
    return (await this.prepare(reference, notice)).letter;
  }

  private async prepare(reference: string, notice: Notice): Promise<{ letter: RenderedLetter; recipient: Recipient }> {
    const found = await this.options.records.getCase(reference);
    if (!found) throw new CaseNotFound(reference);
    // A conduct letter (workflows/conduct) goes to the person it is about; every other letter to the complainant.
    const personId = notice.detail.personId;
    const recipient = notice.kind !== 'letter' ? this.staffRecipient(notice) : typeof personId === 'number' ? personOf(found, personId) : complainantOf(found);
    const values = noticeValues(notice, {
      reference,
      sentAt: this.now(),
      councilName: this.options.council.name,
      councilContact: this.options.council.contact,
      ...(this.options.council.phone ? { complaintsPhone: this.options.council.phone } : {}),
      ...(this.options.council.email ? { complaintsEmail: this.options.council.email } : {}),
      ...(this.options.council.address ? { complaintsAddress: this.options.council.address } : {}),
      recipientName: recipient.name,
    });
    const advocacy = ADVOCACY_TYPES.has(found.complainantType ?? '');
    return { letter: renderLetter(this.templates, templateFor(notice), values, { advocacy }), recipient };
  }

  private staffRecipient(notice: Notice): Recipient {
    const role = staffRoleOf(notice);
    const email = this.options.staff?.addresses?.[role] ?? this.options.staff?.fallback;
    return { role, name: role, ...(email ? { email } : {}) };
  }
}

function complainantOf(found: CaseRecord): Recipient {
  const person = found.people.find((p) => p.role === 'complainant');
  if (!person) throw new RecordsInputError(`case ${found.reference} has no complainant on record (disposed of?)`);
  return {
    role: 'complainant',
    name: person.name,
    ...(person.email ? { email: person.email } : {}),
    ...(person.address ? { address: person.address } : {}),
  };
}

function personOf(found: CaseRecord, personId: number): Recipient {
  const person = found.people.find((p) => p.id === personId);
  if (!person) throw new RecordsInputError(`case ${found.reference} has no person ${personId} on record (disposed of?)`);
  return { role: person.role, name: person.name, ...(person.email ? { email: person.email } : {}), ...(person.address ? { address: person.address } : {}) };
}

/** An error's code only: providers' messages can quote the recipient's address. */
function errorCode(error: unknown): string {
  const e = error as { name?: string; code?: string; responseCode?: number; response?: { status?: number } };
  return [e.name ?? 'Error', e.code ?? e.responseCode ?? e.response?.status].filter((x) => x !== undefined).join(':');
}
