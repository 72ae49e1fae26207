import { DEFAULT_COUNCIL } from '../domain/council';
import type { Db } from './db';
import { json, stableJson } from './sql';

/**
 * A council's settings (026). Letter fields left out fall back to the
 * deployment's COUNCIL_* settings; secrets are references, never values
 * (config/secret-ref.ts reads them).
 */
export interface CouncilSettings {
  id: string;
  name: string;
  /** Its cases' Temporal namespace, `complaints-<id>`. */
  namespace: string;
  policyId: string;
  policyVersion: number;
  letters: {
    name?: string;
    complaintsContact?: string;
    address?: string;
    phone?: string;
    email?: string;
    logoPath?: string;
  };
  channels: {
    /** `env:NAME` or `file:/path` holding the GOV.UK Notify key. */
    notifyApiKeyRef?: string;
    /** `env:NAME` or `file:/path` holding the SMTP URL (it may carry a password). */
    smtpUrlRef?: string;
    mailFrom?: string;
    notifyTemplateIds?: Record<string, string>;
  };
}

/** A row of `npm run council -- list`: the default council's settings are the deployment's (null here). */
export type CouncilRow = { id: string; name: string | null; namespace: string | null; policyId: string | null; policyVersion: number | null };

const COLUMNS = `id, name, namespace, policy_id AS "policyId", policy_version AS "policyVersion",
  letter_name AS "letterName", complaints_contact AS "complaintsContact", complaints_address AS "address", complaints_phone AS "phone",
  complaints_email AS "email", logo_path AS "logoPath", notify_api_key_ref AS "notifyApiKeyRef", smtp_url_ref AS "smtpUrlRef",
  mail_from AS "mailFrom", notify_template_ids AS "notifyTemplateIds"`;

type Row = CouncilRow & Record<string, unknown>;

function toSettings(row: Row): CouncilSettings {
  const some = <T>(value: unknown) => (value === null || value === undefined ? undefined : (value as T));
  const drop = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    id: row.id,
    name: row.name!,
    namespace: row.namespace!,
    policyId: row.policyId!,
    policyVersion: row.policyVersion!,
    letters: drop({
      name: some<string>(row.letterName),
      complaintsContact: some<string>(row.complaintsContact),
      address: some<string>(row.address),
      phone: some<string>(row.phone),
      email: some<string>(row.email),
      logoPath: some<string>(row.logoPath),
    }),
    channels: drop({
      notifyApiKeyRef: some<string>(row.notifyApiKeyRef),
      smtpUrlRef: some<string>(row.smtpUrlRef),
      mailFrom: some<string>(row.mailFrom),
      notifyTemplateIds: some<Record<string, string>>(row.notifyTemplateIds),
    }),
  };
}

/**
 * The councils table. Written by the tables' owner (`npm run council`); a
 * council's own handle (records/council.ts) reads its own row only.
 */
export class CouncilStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<CouncilRow[]> {
    const r = await this.db.query<CouncilRow>(`SELECT id, name, namespace, policy_id AS "policyId", policy_version AS "policyVersion" FROM councils ORDER BY id`);
    return r.rows;
  }

  /** A council's settings; undefined for one not added (and for `default`, whose settings are the deployment's). */
  async get(id: string): Promise<CouncilSettings | undefined> {
    if (id === DEFAULT_COUNCIL) return undefined;
    const r = await this.db.query<Row>(`SELECT ${COLUMNS} FROM councils WHERE id = $1`, [id]);
    return r.rows[0] && toSettings(r.rows[0]);
  }

  /** Adds the council, or brings its row to `settings`; `unchanged` when it already says so. */
  async put(settings: CouncilSettings): Promise<'created' | 'updated' | 'unchanged'> {
    if (settings.id === DEFAULT_COUNCIL) throw new Error('the default council keeps the deployment\'s settings');
    return this.db.transaction(async (tx) => {
      const found = await tx.query<Row>(`SELECT ${COLUMNS} FROM councils WHERE id = $1 FOR UPDATE`, [settings.id]);
      if (found.rows[0] && stableJson(toSettings(found.rows[0])) === stableJson(settings)) return 'unchanged';
      const { letters: l, channels: c } = settings;
      const values = [
        settings.id, settings.name, settings.namespace, settings.policyId, settings.policyVersion,
        l.name ?? null, l.complaintsContact ?? null, l.address ?? null, l.phone ?? null, l.email ?? null, l.logoPath ?? null,
        c.notifyApiKeyRef ?? null, c.smtpUrlRef ?? null, c.mailFrom ?? null, json(c.notifyTemplateIds),
      ];
      await tx.query(
        `INSERT INTO councils (id, name, namespace, policy_id, policy_version, letter_name, complaints_contact, complaints_address, complaints_phone,
           complaints_email, logo_path, notify_api_key_ref, smtp_url_ref, mail_from, notify_template_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (id) DO UPDATE SET name = $2, namespace = $3, policy_id = $4, policy_version = $5, letter_name = $6, complaints_contact = $7,
           complaints_address = $8, complaints_phone = $9, complaints_email = $10, logo_path = $11, notify_api_key_ref = $12, smtp_url_ref = $13,
           mail_from = $14, notify_template_ids = $15, updated_at = now()`,
        values,
      );
      return found.rows[0] ? 'updated' : 'created';
    });
  }
}
