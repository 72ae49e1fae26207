import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/config';
import { readSecretRef } from '../../config/secret-ref';
import type { CouncilSettings } from '../../records/councils';
import type { Records } from '../../records/repository';
import { loadTemplates, TEMPLATES_DIR, type TemplateSet } from '../../records/letters/templates';
import { configuredChannels } from './channels';
import { Correspondence } from './correspondence';

/** `templates/councils/<id>/letters/`: a council's own versions of some letters; any letter it has none of is the default's. */
export const COUNCIL_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/councils', import.meta.url));

/** The default templates with a council's own files in their place, where it has any. */
export function councilTemplates(council: string, root = COUNCIL_TEMPLATES_DIR): TemplateSet {
  const defaults = loadTemplates(TEMPLATES_DIR);
  const dir = path.join(root, council, 'letters');
  if (!fs.existsSync(dir)) return defaults;
  const own = loadTemplates(dir, { partial: true });
  return { templates: new Map([...defaults.templates, ...own.templates]), partials: { ...defaults.partials, ...own.partials } };
}

/** A council's letters' identity: its row's, each field left out there the deployment's (COUNCIL_*); `default`'s (no row) the deployment's throughout. */
export function councilIdentity(config: Config, settings: CouncilSettings | undefined) {
  const letters = settings?.letters ?? {};
  return {
    name: letters.name ?? settings?.name ?? config.COUNCIL_NAME,
    contact: letters.complaintsContact ?? config.COUNCIL_COMPLAINTS_CONTACT,
    phone: letters.phone ?? config.COUNCIL_COMPLAINTS_PHONE,
    email: letters.email ?? config.COUNCIL_COMPLAINTS_EMAIL,
    address: letters.address ?? config.COUNCIL_COMPLAINTS_ADDRESS,
  };
}

/**
 * A council's letter channels: each its own where its row says where the
 * secret is (config/secret-ref.ts, read now), the deployment's otherwise. A
 * channel is taken whole: its own Notify key goes with its own template ids,
 * never with the deployment's.
 */
export function councilChannels(config: Config, settings: CouncilSettings | undefined) {
  const channels = settings?.channels ?? {};
  const ownSmtp = channels.smtpUrlRef ? readSecretRef(channels.smtpUrlRef) : undefined;
  const ownNotify = channels.notifyApiKeyRef ? readSecretRef(channels.notifyApiKeyRef) : undefined;
  return configuredChannels({
    smtpUrl: ownSmtp ?? config.SMTP_URL,
    mailFrom: channels.mailFrom ?? config.MAIL_FROM,
    notifyApiKey: ownNotify ?? config.NOTIFY_API_KEY,
    notifyTemplateIds: ownNotify ? channels.notifyTemplateIds : config.NOTIFY_TEMPLATE_IDS,
  });
}

/**
 * A council's letter delivery: its identity and channels from its councils
 * row, each left out there being the deployment's (COUNCIL_*, SMTP_URL,
 * MAIL_FROM, NOTIFY_*), and for `default` (no row: `settings` undefined) the
 * deployment's throughout. Secrets are read at the worker's start.
 */
export function openCouncilDelivery(config: Config, records: Records, settings: CouncilSettings | undefined): Correspondence {
  return new Correspondence({
    records,
    channels: councilChannels(config, settings),
    ...(settings ? { templates: councilTemplates(settings.id) } : {}),
    council: councilIdentity(config, settings),
    staff: { addresses: config.STAFF_EMAILS, fallback: config.COMPLAINTS_INBOX },
  });
}
