import type { IsoDate } from '../domain/dates';
import { pageByReceipt } from './paging';
import type { Db } from './db';
import { RecordsInputError } from './errors';
import { FeedbackKeyReused } from './feedback';

/**
 * Enquiries from MPs and councillors (records/migrations/013): BANES 1.6
 * ("logging and monitoring enquiries from MPs and Councillors … 37
 * enquiries … Three concerned Children's Social Care"), Luton 7.1 (a
 * member's approach is "a Stage 1 complaint or MP enquiry depending on the
 * details"). The constituent's details stay here; the API logs each read.
 * No response target: none of the documents sets one.
 */

export const MEMBER_TYPES = ['mp', 'councillor'] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];

export interface EnquiryInput {
  memberType: MemberType;
  /** The MP or councillor: a public office, not the constituent's data. */
  memberName: string;
  constituentName?: string;
  constituentContact?: string;
  receivedOn: IsoDate;
  serviceArea: string;
  /** The complaint it concerns, if any. */
  reference?: string;
  answeredOn?: IsoDate;
  recordedBy: string;
  requestKey?: string;
  requestHash?: string;
}

export interface EnquiryRecord {
  id: number;
  memberType: MemberType;
  memberName: string;
  constituentName: string | null;
  constituentContact: string | null;
  receivedOn: IsoDate;
  serviceArea: string;
  reference: string | null;
  answeredOn: IsoDate | null;
  recordedBy: string;
  recordedAt: string;
}

const COLUMNS = `id, member_type AS "memberType", member_name AS "memberName", constituent_name AS "constituentName",
  constituent_contact AS "constituentContact", received_on AS "receivedOn", service_area AS "serviceArea", reference,
  answered_on AS "answeredOn", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export class EnquiryStore {
  constructor(private readonly db: Db) {}

  /** Logs one. Idempotent on `requestKey`: a retry returns the first row; the key with another body throws FeedbackKeyReused. */
  async log(input: EnquiryInput): Promise<{ created: boolean; enquiry: EnquiryRecord }> {
    const inserted = await this.db.query<EnquiryRecord>(
      `INSERT INTO enquiries (member_type, member_name, constituent_name, constituent_contact, received_on, service_area, reference, answered_on, recorded_by, request_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (council, request_key) DO NOTHING RETURNING ${COLUMNS}`,
      [
        input.memberType, input.memberName, input.constituentName ?? null, input.constituentContact ?? null, input.receivedOn, input.serviceArea,
        input.reference ?? null, input.answeredOn ?? null, input.recordedBy, input.requestKey ?? null, input.requestHash ?? null,
      ],
    );
    if (inserted.rows[0]) return { created: true, enquiry: inserted.rows[0] };
    const existing = await this.db.query<EnquiryRecord & { requestHash: string | null }>(`SELECT ${COLUMNS}, request_hash AS "requestHash" FROM enquiries WHERE request_key = $1`, [input.requestKey]);
    const { requestHash, ...enquiry } = existing.rows[0]!;
    if (requestHash !== (input.requestHash ?? null)) throw new FeedbackKeyReused('this Idempotency-Key was already used for a different request');
    return { created: false, enquiry };
  }

  async get(id: number): Promise<EnquiryRecord | undefined> {
    return (await this.db.query<EnquiryRecord>(`SELECT ${COLUMNS} FROM enquiries WHERE id = $1`, [id])).rows[0];
  }

  /** Records when it was answered. `RecordsInputError` before its receipt; undefined when there is no such enquiry. */
  async answer(id: number, answeredOn: IsoDate): Promise<EnquiryRecord | undefined> {
    const found = await this.get(id);
    if (!found) return undefined;
    if (answeredOn < found.receivedOn) throw new RecordsInputError(`answeredOn ${answeredOn} is before the enquiry was received (${found.receivedOn})`);
    return (await this.db.query<EnquiryRecord>(`UPDATE enquiries SET answered_on = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, answeredOn])).rows[0];
  }

  /** One page, newest received first; `cursor` is `<receivedOn>_<id>` of the last row of the previous page. */
  async list(query: { from?: IsoDate; to?: IsoDate; cursor?: string; limit?: number }): Promise<{ items: EnquiryRecord[]; nextCursor: string | null }> {
    return pageByReceipt<EnquiryRecord>(this.db, 'enquiries', COLUMNS, query);
  }
}
