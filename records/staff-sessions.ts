import type { Db } from './db';

/** A staff session found live: its public id and the caller it stands for. */
export interface LiveStaffSession {
  id: string;
  subject: string;
  roles: string[];
  teams: string[];
  via: 'oidc' | 'local';
  /** The councils its sign-in named that the deployment serves (027). */
  councils: string[];
  /** The council its pages serve now; null until a member of several chooses. */
  worksIn: string | null;
}

/**
 * The staff pages' sign-in under way and their sessions (migration 017).
 * Storage only: web/staff/ makes the secrets and keeps only their hashes
 * here. Every instant is given by the caller, so tests control the clock.
 */
export class StaffSessionStore {
  constructor(private readonly db: Db) {}

  /** Files a sign-in sent to the identity provider. Expired ones are purged here, so the table stays small. */
  async recordAttempt(attempt: { stateHash: string; codeVerifier: string; nonce: string; at: Date; expiresAt: Date }): Promise<void> {
    await this.db.query('DELETE FROM staff_sign_in_attempts WHERE expires_at < $1', [attempt.at.toISOString()]);
    await this.db.query(
      'INSERT INTO staff_sign_in_attempts (state_hash, code_verifier, nonce, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [attempt.stateHash, attempt.codeVerifier, attempt.nonce, attempt.at.toISOString(), attempt.expiresAt.toISOString()],
    );
  }

  /** Takes the sign-in with this state once: of two callbacks with it, one gets it; an expired or unknown one, none. */
  async takeAttempt(stateHash: string, at: Date): Promise<{ codeVerifier: string; nonce: string } | undefined> {
    const r = await this.db.query<{ codeVerifier: string; nonce: string }>(
      `DELETE FROM staff_sign_in_attempts WHERE state_hash = $1 RETURNING code_verifier AS "codeVerifier", nonce, expires_at > $2 AS live`,
      [stateHash, at.toISOString()],
    );
    const row = r.rows[0] as ({ codeVerifier: string; nonce: string; live: boolean } | undefined);
    return row?.live ? { codeVerifier: row.codeVerifier, nonce: row.nonce } : undefined;
  }

  async openSession(session: {
    id: string; secretHash: string; subject: string; roles: readonly string[]; teams: readonly string[]; via: 'oidc' | 'local'; at: Date;
    councils: readonly string[]; worksIn: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO staff_sessions (id, secret_hash, subject, roles, teams, via, created_at, last_seen_at, councils, works_in) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)`,
      [session.id, session.secretHash, session.subject, [...session.roles], [...session.teams], session.via, session.at.toISOString(), [...session.councils], session.worksIn],
    );
  }

  /** Points the live session at one of its councils; false (nothing changed) for a council it does not name or a session ended. */
  async workIn(secretHash: string, council: string): Promise<boolean> {
    const r = await this.db.query(
      'UPDATE staff_sessions SET works_in = $2 WHERE secret_hash = $1 AND ended_at IS NULL AND $2 = ANY (councils) RETURNING id',
      [secretHash, council],
    );
    return r.rows.length === 1;
  }

  /** The live session with this secret hash, its idle clock restarted; undefined once ended, idle longer than `idleMs` or older than `absoluteMs`. */
  async touchSession(input: { secretHash: string; at: Date; idleMs: number; absoluteMs: number }): Promise<LiveStaffSession | undefined> {
    const at = input.at.getTime();
    const r = await this.db.query<LiveStaffSession>(
      `UPDATE staff_sessions SET last_seen_at = $2
        WHERE secret_hash = $1 AND ended_at IS NULL AND last_seen_at > $3 AND created_at > $4 AND created_at <= $2
      RETURNING id, subject, roles, teams, via, councils, works_in AS "worksIn"`,
      [input.secretHash, input.at.toISOString(), new Date(at - input.idleMs).toISOString(), new Date(at - input.absoluteMs).toISOString()],
    );
    return r.rows[0];
  }

  /** Ends the session (sign-out); ending one already ended changes nothing. */
  async endSession(secretHash: string, at: Date): Promise<void> {
    await this.db.query('UPDATE staff_sessions SET ended_at = $2 WHERE secret_hash = $1 AND ended_at IS NULL', [secretHash, at.toISOString()]);
  }

  /** Deletes sessions that can no longer be live (older than `absoluteMs`). */
  async purgeSessions(at: Date, absoluteMs: number): Promise<void> {
    await this.db.query('DELETE FROM staff_sessions WHERE created_at < $1', [new Date(at.getTime() - absoluteMs).toISOString()]);
  }
}
