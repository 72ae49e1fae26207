import type { Db } from './db';
import type { RegisterFacts, RegisterPart } from '../domain/complaint/independence';

/**
 * The independence register (BANES 2022-23 9.3): independent people,
 * investigating officers and panel members, by the id commands name them
 * with. The rules it answers are domain/complaint/independence.ts's.
 */
export interface RegisterEntry extends RegisterFacts {
  id: string;
  name: string;
  parts: RegisterPart[];
  organisation: string;
  /** An officer or elected member of this council (Luton 16.3, Rutland 10.1). */
  ofCouncil: boolean;
  /** When their training for the part was last done, and their DBS check (dates). */
  trainedOn: string | null;
  dbsCheckedOn: string | null;
  updatedAt: string;
  updatedBy: string;
}

export type RegisterInput = Omit<RegisterEntry, 'updatedAt' | 'updatedBy' | 'trainedOn' | 'dbsCheckedOn'> & { trainedOn?: string; dbsCheckedOn?: string };

const COLUMNS = `id, name, parts, organisation, of_council AS "ofCouncil", trained_on::text AS "trainedOn", dbs_checked_on::text AS "dbsCheckedOn",
  updated_at AS "updatedAt", updated_by AS "updatedBy"`;

export class IndependenceRegister {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async get(id: string): Promise<RegisterEntry | undefined> {
    return (await this.db.query<RegisterEntry>(`SELECT ${COLUMNS} FROM independence_register WHERE id = $1`, [id])).rows[0];
  }

  /** The entries for these ids, by id (an id not registered is absent). */
  async getMany(ids: readonly string[]): Promise<Map<string, RegisterEntry>> {
    const r = await this.db.query<RegisterEntry>(`SELECT ${COLUMNS} FROM independence_register WHERE id = ANY($1::text[])`, [ids]);
    return new Map(r.rows.map((e) => [e.id, e]));
  }

  async list(): Promise<RegisterEntry[]> {
    return (await this.db.query<RegisterEntry>(`SELECT ${COLUMNS} FROM independence_register ORDER BY id`)).rows;
  }

  /** Adds or replaces an entry; `created` says which. */
  async put(entry: RegisterInput, actor: string): Promise<{ created: boolean; entry: RegisterEntry }> {
    const r = await this.db.query<RegisterEntry & { created: boolean }>(
      `INSERT INTO independence_register (id, name, parts, organisation, of_council, trained_on, dbs_checked_on, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (council, id) DO UPDATE SET name = $2, parts = $3, organisation = $4, of_council = $5, trained_on = $6, dbs_checked_on = $7, updated_at = $8, updated_by = $9
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [entry.id, entry.name, JSON.stringify(entry.parts), entry.organisation, entry.ofCouncil, entry.trainedOn ?? null, entry.dbsCheckedOn ?? null, this.now().toISOString(), actor],
    );
    const { created, ...stored } = r.rows[0]!;
    return { created, entry: stored };
  }
}
