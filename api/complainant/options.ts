import { configuredChannels } from '../../activities/delivery/channels';
import { councilChannels, councilIdentity, councilTemplates } from '../../activities/delivery/council';
import type { Config } from '../../config/config';
import type { ComplainantOptions } from './routes';

/**
 * The complainant's side from configuration: the letter channels as the
 * worker has them, the public URL, the session lengths; and for each council
 * added, its sign-in emails as its letters go (activities/delivery/council.ts).
 */
export function complainantOptions(config: Config): ComplainantOptions {
  return {
    publicUrl: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
    channels: configuredChannels({
      smtpUrl: config.SMTP_URL,
      mailFrom: config.MAIL_FROM,
      notifyApiKey: config.NOTIFY_API_KEY,
      notifyTemplateIds: config.NOTIFY_TEMPLATE_IDS,
    }),
    council: { name: config.COUNCIL_NAME, contact: config.COUNCIL_COMPLAINTS_CONTACT, phone: config.COUNCIL_COMPLAINTS_PHONE, email: config.COUNCIL_COMPLAINTS_EMAIL },
    forCouncil: (settings) => ({
      council: councilIdentity(config, settings),
      channels: councilChannels(config, settings),
      templates: councilTemplates(settings.id),
    }),
    session: { idleMs: config.COMPLAINANT_SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.COMPLAINANT_SESSION_MAX_HOURS * 3_600_000 },
  };
}
