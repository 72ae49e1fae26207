import type { Db } from './db';
import { insertOwnEvent } from './sql';

/**
 * Communication needs (Luton 3.3, 13.4 and 13.7; BANES 2022-23 3.2): how the
 * complainant must be written to and met. Personal data, kept here only:
 * never in workflow state, search attributes or logs. Each letter's
 * correspondence row copies the needs in force when it was made
 * (activities/delivery/correspondence.ts).
 */
export const FORMATS = ['standard', 'large-print', 'easy-read', 'braille', 'audio'] as const;

export interface CommunicationNeeds {
  format: (typeof FORMATS)[number];
  /** A language code (BCP 47, such as `pl` or `pa-Guru`); absent for English. */
  language?: string;
  interpreter: boolean;
  /** British Sign Language. */
  bsl: boolean;
  /** Other special arrangements, in short. */
  arrangements?: string;
}

/** Whether any need applies: a letter in anything but standard English print, or help at meetings. */
export function needsApply(needs: CommunicationNeeds | undefined | null): needs is CommunicationNeeds {
  return !!needs && (needs.format !== 'standard' || !!needs.language || needs.interpreter || needs.bsl || !!needs.arrangements);
}

const FORMAT_WORDS: Record<CommunicationNeeds['format'], string> = {
  standard: 'standard print',
  'large-print': 'large print',
  'easy-read': 'easy read',
  braille: 'braille',
  audio: 'audio',
};

/**
 * The line at the top of a printed letter for the staff who post it (never
 * the complainant): which copy to make. Undefined when no need applies.
 */
export function staffNeedsLine(needs: CommunicationNeeds | undefined | null): string | undefined {
  if (!needsApply(needs)) return undefined;
  const parts = [
    ...(needs.format !== 'standard' ? [`send it in ${FORMAT_WORDS[needs.format]}`] : []),
    ...(needs.language ? [`translate it (language: ${needs.language})`] : []),
    ...(needs.interpreter ? ['an interpreter is needed'] : []),
    ...(needs.bsl ? ['British Sign Language is needed'] : []),
    ...(needs.arrangements ? [`arrangements: ${needs.arrangements}`] : []),
  ];
  return `FOR STAFF, NOT THE COMPLAINANT: communication needs apply: ${parts.join('; ')}. Make that copy and take this line off before posting.`;
}

/** Files (or replaces) a case's needs: with the case (records/cases.ts) or on a change. */
export async function insertNeeds(db: Db, reference: string, needs: CommunicationNeeds, actor: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO communication_needs (reference, format, language, interpreter, bsl, arrangements, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (reference) DO UPDATE SET format = $2, language = $3, interpreter = $4, bsl = $5, arrangements = $6, updated_at = $7, updated_by = $8`,
    [reference, needs.format, needs.language ?? null, needs.interpreter, needs.bsl, needs.arrangements ?? null, at.toISOString(), actor],
  );
}

export class CommunicationNeedsStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** The case's needs, or undefined when none were recorded (or they were disposed of). */
  async get(reference: string): Promise<CommunicationNeeds | undefined> {
    const r = await this.db.query<{ format: CommunicationNeeds['format']; language: string | null; interpreter: boolean; bsl: boolean; arrangements: string | null }>(
      'SELECT format, language, interpreter, bsl, arrangements FROM communication_needs WHERE reference = $1',
      [reference],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    return {
      format: row.format,
      ...(row.language ? { language: row.language } : {}),
      interpreter: row.interpreter,
      bsl: row.bsl,
      ...(row.arrangements ? { arrangements: row.arrangements } : {}),
    };
  }

  /**
   * Sets the case's needs (replacing any before): letters made after it carry
   * them. The case's audit trail records that they changed, and which fields,
   * never their values.
   */
  async set(reference: string, needs: CommunicationNeeds, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await tx.query<Record<string, unknown>>('SELECT format, language, interpreter, bsl, arrangements FROM communication_needs WHERE reference = $1 FOR UPDATE', [reference]);
      const at = this.now();
      await insertNeeds(tx, reference, needs, actor, at);
      const old = before.rows[0] ?? {};
      const now: Record<string, unknown> = { format: needs.format, language: needs.language ?? null, interpreter: needs.interpreter, bsl: needs.bsl, arrangements: needs.arrangements ?? null };
      const changed = Object.keys(now).filter((k) => (old[k] ?? null) !== now[k]);
      if (changed.length > 0) await insertOwnEvent(tx, reference, 'communication-needs-recorded', actor, at, { changed: changed.join(',') });
    });
  }
}
