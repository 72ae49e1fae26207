import type { Db } from './db';

/** The SHA-256 (hex) of an email as trimmed and lower-cased: the same in SQL as in `emailHash` (api/complainant/secrets.ts). */
const EMAIL_HASH_SQL = `encode(sha256(convert_to(lower(p.email), 'UTF8')), 'hex')`;

/** A complainant's case found by their email: the reference and the name letters use. */
export interface ComplainantCase {
  reference: string;
  name: string;
  email: string;
}

/** A session found live: its public id and the cases it may see (still theirs at this request). */
export interface LiveSession {
  id: string;
  references: string[];
}

/**
 * Sign-in by one-time link and the complainant's session (migration 015).
 * Storage only: the API makes the secrets and keeps only their hashes here.
 * Every instant is given by the caller, so tests control the clock.
 */
export class ComplainantSignInStore {
  constructor(private readonly db: Db) {}

  /**
   * The open cases whose complainant has this email (already trimmed and
   * lower-cased), oldest first; only `reference` when one is given. A case
   * whose personal data was disposed of has no complainant row, so is never found.
   */
  async casesOf(email: string, reference?: string): Promise<ComplainantCase[]> {
    const r = await this.db.query<ComplainantCase>(
      `SELECT p.reference, p.name, p.email FROM people p JOIN cases c ON c.reference = p.reference
        WHERE p.role = 'complainant' AND lower(p.email) = $1 AND c.disposed_at IS NULL
          AND ($2::text IS NULL OR p.reference = $2)
        ORDER BY c.received_at, p.reference`,
      [email, reference ?? null],
    );
    return r.rows;
  }

  /** Files a new link, before it is sent. Expired links are purged here, so the table stays small. */
  async recordLink(link: { tokenHash: string; emailHash: string; references: string[]; at: Date; expiresAt: Date }): Promise<void> {
    await this.db.query('DELETE FROM complainant_sign_in_links WHERE expires_at < $1', [link.at.toISOString()]);
    await this.db.query(
      `INSERT INTO complainant_sign_in_links (token_hash, email_hash, refs, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [link.tokenHash, link.emailHash, link.references, link.at.toISOString(), link.expiresAt.toISOString()],
    );
  }

  /** Which channels took the link (none: no channel can email it). */
  async markSent(tokenHash: string, sentVia: string[]): Promise<void> {
    await this.db.query('UPDATE complainant_sign_in_links SET sent_via = $2 WHERE token_hash = $1', [tokenHash, sentVia]);
  }

  /**
   * Consumes the link and opens a session in one transaction. The UPDATE
   * takes the link only while unconsumed and unexpired, so of two concurrent
   * uses one opens a session and the other gets undefined, as does a link
   * replayed, expired or never sent (the caller cannot tell which).
   */
  async consumeLink(input: { tokenHash: string; at: Date; session: { id: string; secretHash: string } }): Promise<LiveSession | undefined> {
    const at = input.at.toISOString();
    return this.db.transaction(async (tx) => {
      const taken = await tx.query<{ emailHash: string; refs: string[] }>(
        `UPDATE complainant_sign_in_links SET consumed_at = $2
          WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2
        RETURNING email_hash AS "emailHash", refs`,
        [input.tokenHash, at],
      );
      const link = taken.rows[0];
      if (!link) return undefined;
      await tx.query(
        `INSERT INTO complainant_sessions (id, secret_hash, email_hash, refs, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)`,
        [input.session.id, input.session.secretHash, link.emailHash, link.refs, at],
      );
      return { id: input.session.id, references: link.refs };
    });
  }

  /**
   * The live session with this secret hash, its idle clock restarted; undefined
   * once ended, idle longer than `idleMs` or older than `absoluteMs`. Its cases
   * are those of sign-in (oldest first) that still have a complainant with the same email
   * (an address changed since, or a case disposed of, drops out at once).
   */
  async touchSession(input: { secretHash: string; at: Date; idleMs: number; absoluteMs: number }): Promise<LiveSession | undefined> {
    const at = input.at.getTime();
    const touched = await this.db.query<{ id: string; emailHash: string; refs: string[] }>(
      `UPDATE complainant_sessions SET last_seen_at = $2
        WHERE secret_hash = $1 AND ended_at IS NULL AND last_seen_at > $3 AND created_at > $4 AND created_at <= $2
      RETURNING id, email_hash AS "emailHash", refs`,
      [input.secretHash, input.at.toISOString(), new Date(at - input.idleMs).toISOString(), new Date(at - input.absoluteMs).toISOString()],
    );
    const session = touched.rows[0];
    if (!session) return undefined;
    const still = await this.db.query<{ reference: string }>(
      `SELECT p.reference FROM people p JOIN cases c ON c.reference = p.reference
        WHERE p.reference = ANY($1) AND p.role = 'complainant' AND c.disposed_at IS NULL AND ${EMAIL_HASH_SQL} = $2
        GROUP BY p.reference, c.received_at ORDER BY c.received_at, p.reference`,
      [session.refs, session.emailHash],
    );
    return { id: session.id, references: still.rows.map((row) => row.reference) };
  }

  /** Ends the session (sign-out); ending one already ended changes nothing. */
  async endSession(secretHash: string, at: Date): Promise<void> {
    await this.db.query('UPDATE complainant_sessions SET ended_at = $2 WHERE secret_hash = $1 AND ended_at IS NULL', [secretHash, at.toISOString()]);
  }

  /** Deletes sessions that can no longer be live (older than `absoluteMs`). */
  async purgeSessions(at: Date, absoluteMs: number): Promise<void> {
    await this.db.query('DELETE FROM complainant_sessions WHERE created_at < $1', [new Date(at.getTime() - absoluteMs).toISOString()]);
  }
}
