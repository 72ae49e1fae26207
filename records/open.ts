import path from 'node:path';
import type { Config } from '../config/config';
import { openDatabase, type Db } from './db';
import { configuredChannels } from './letters/channels';
import { Correspondence } from './letters/correspondence';
import { migrate } from './migrate';
import { Records } from './repository';

export interface RecordsServices {
  db: Db;
  records: Records;
  correspondence: Correspondence;
  close(): Promise<void>;
}

/**
 * The system of record from configuration: PostgreSQL at DATABASE_URL, else
 * PGlite in DATA_DIR/records (one per process: the worker and the API share
 * it). Migrated before use. Letters go to the outbox, and by email or GOV.UK
 * Notify when those are configured.
 */
export async function openRecords(config: Config, root: string): Promise<RecordsServices> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: path.resolve(root, config.DATA_DIR, 'records') });
  await migrate(db);
  const records = new Records(db);
  const correspondence = new Correspondence({
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
  return { db, records, correspondence, close: () => db.close() };
}
