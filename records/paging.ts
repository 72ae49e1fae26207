import { isIsoDate, type IsoDate } from '../domain/dates';
import type { Db } from './db';
import { RecordsInputError } from './errors';

/** The query of a page of logged records: received between two London dates, of a team, after a cursor. */
export interface ReceiptPageQuery {
  from?: IsoDate;
  to?: IsoDate;
  team?: string;
  cursor?: string;
  limit?: number;
}

/**
 * One page of a table with `received_on` and `id` (compliments and
 * representations, enquiries, service requests), newest first. The cursor is
 * the last row's `<received_on>_<id>`; `scope` narrows the table first (a
 * feedback kind).
 */
export async function pageByReceipt<T extends { id: number; receivedOn: IsoDate }>(
  db: Db,
  table: 'feedback' | 'enquiries' | 'service_requests',
  columns: string,
  query: ReceiptPageQuery,
  scope?: { column: 'kind'; value: string },
): Promise<{ items: T[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new RecordsInputError('limit must be 1 to 200');
  const params: unknown[] = [];
  const where = ['true'];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (scope) add(`${scope.column} = ?`, scope.value);
  if (query.from) add('received_on >= ?::date', query.from);
  if (query.to) add('received_on <= ?::date', query.to);
  if (query.team) add('team = ?', query.team);
  if (query.cursor !== undefined) {
    const [receivedOn, id] = query.cursor.split('_');
    // A real date: a date-shaped impossible one (2026-02-30) would fail in the database's cast, a 500, not here.
    if (!receivedOn || !isIsoDate(receivedOn) || !/^\d{1,15}$/.test(id ?? '')) throw new RecordsInputError('cursor is not one this API gave');
    params.push(receivedOn, Number(id));
    where.push(`(received_on, id) < ($${params.length - 1}::date, $${params.length}::bigint)`);
  }
  params.push(limit + 1);
  const r = await db.query<T>(`SELECT ${columns} FROM ${table} WHERE ${where.join(' AND ')} ORDER BY received_on DESC, id DESC LIMIT $${params.length}`, params);
  const items = r.rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: r.rows.length > limit && last ? `${last.receivedOn}_${last.id}` : null };
}
