import type { Config } from '../../config/config';
import type { Records } from '../../records/repository';
import { configuredChannels } from './channels';
import { Correspondence } from './correspondence';

/**
 * Delivery from configuration, over the records store: letters go to the
 * outbox, and by email or GOV.UK Notify when those are configured. The
 * `NoticeSink` behind the `deliverNotice` activity.
 */
export function openDelivery(config: Config, records: Records): Correspondence {
  return new Correspondence({
    records,
    channels: configuredChannels({
      smtpUrl: config.SMTP_URL,
      mailFrom: config.MAIL_FROM,
      notifyApiKey: config.NOTIFY_API_KEY,
      notifyTemplateIds: config.NOTIFY_TEMPLATE_IDS,
    }),
    council: {
      name: config.COUNCIL_NAME,
      contact: config.COUNCIL_COMPLAINTS_CONTACT,
      phone: config.COUNCIL_COMPLAINTS_PHONE,
      email: config.COUNCIL_COMPLAINTS_EMAIL,
      address: config.COUNCIL_COMPLAINTS_ADDRESS,
    },
    staff: { addresses: config.STAFF_EMAILS, fallback: config.COMPLAINTS_INBOX },
  });
}
