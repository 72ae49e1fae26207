import type { IsoDate } from '../domain/dates';
import type { Db } from './db';
import { RecordsInputError } from './errors';
import { FeedbackKeyReused } from './feedback';
import { pageByReceipt } from './paging';

/**
 * Service requests (records/migrations/013), Rutland 2.1: "a request that
 * the Council provides a service either for the first time or where it has
 * been overlooked … not a Complaint but … recorded and reported on in the
 * same way as a Complaint". What was asked is the staff's short note.
 */

export const SERVICE_REQUEST_OUTCOMES = ['provided', 'arranged', 'declined', 'referred-elsewhere'] as const;
export type ServiceRequestOutcome = (typeof SERVICE_REQUEST_OUTCOMES)[number];

export interface ServiceRequestInput {
  receivedOn: IsoDate;
  team: string;
  request: string;
  outcome?: ServiceRequestOutcome;
  outcomeOn?: IsoDate;
  recordedBy: string;
  requestKey?: string;
  requestHash?: string;
}

export interface ServiceRequestRecord {
  id: number;
  receivedOn: IsoDate;
  team: string;
  request: string;
  outcome: ServiceRequestOutcome | null;
  outcomeOn: IsoDate | null;
  recordedBy: string;
  recordedAt: string;
}

const COLUMNS = `id, received_on AS "receivedOn", team, request, outcome, outcome_on AS "outcomeOn", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export class ServiceRequestStore {
  constructor(private readonly db: Db) {}

  /** Logs one. Idempotent on `requestKey`, as feedback is. */
  async log(input: ServiceRequestInput): Promise<{ created: boolean; serviceRequest: ServiceRequestRecord }> {
    const inserted = await this.db.query<ServiceRequestRecord>(
      `INSERT INTO service_requests (received_on, team, request, outcome, outcome_on, recorded_by, request_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (council, request_key) DO NOTHING RETURNING ${COLUMNS}`,
      [input.receivedOn, input.team, input.request, input.outcome ?? null, input.outcomeOn ?? null, input.recordedBy, input.requestKey ?? null, input.requestHash ?? null],
    );
    if (inserted.rows[0]) return { created: true, serviceRequest: inserted.rows[0] };
    const existing = await this.db.query<ServiceRequestRecord & { requestHash: string | null }>(
      `SELECT ${COLUMNS}, request_hash AS "requestHash" FROM service_requests WHERE request_key = $1`,
      [input.requestKey],
    );
    const { requestHash, ...serviceRequest } = existing.rows[0]!;
    if (requestHash !== (input.requestHash ?? null)) throw new FeedbackKeyReused('this Idempotency-Key was already used for a different request');
    return { created: false, serviceRequest };
  }

  /** Records its outcome. `RecordsInputError` when dated before receipt; undefined when there is no such request. */
  async recordOutcome(id: number, outcome: ServiceRequestOutcome, outcomeOn: IsoDate): Promise<ServiceRequestRecord | undefined> {
    const found = (await this.db.query<ServiceRequestRecord>(`SELECT ${COLUMNS} FROM service_requests WHERE id = $1`, [id])).rows[0];
    if (!found) return undefined;
    if (outcomeOn < found.receivedOn) throw new RecordsInputError(`outcomeOn ${outcomeOn} is before the request was received (${found.receivedOn})`);
    return (await this.db.query<ServiceRequestRecord>(`UPDATE service_requests SET outcome = $2, outcome_on = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [id, outcome, outcomeOn])).rows[0];
  }

  list(query: { from?: IsoDate; to?: IsoDate; team?: string; cursor?: string; limit?: number }): Promise<{ items: ServiceRequestRecord[]; nextCursor: string | null }> {
    return pageByReceipt<ServiceRequestRecord>(this.db, 'service_requests', COLUMNS, query);
  }
}
