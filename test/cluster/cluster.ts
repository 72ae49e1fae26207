/**
 * The cluster tests' access to the run's cluster (test/cluster/global-setup.ts):
 * a Temporal client with the client certificate, the API instances with
 * tokens signed by the app's own local key, and the shared case records.
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { expect, inject } from 'vitest';
import { loadOrCreateLocalKeys, signLocalToken } from '../../api/auth/local-keys';
import type { Role } from '../../api/auth/roles';
import { openDatabase, type Db } from '../../records/db';
import { Records } from '../../records/repository';
import { loadPayloadKeys } from '../../temporal/codec';
import { dataConverter } from '../../temporal/data-converter';
import { eventually } from '../helpers/eventually';

export const cluster = () => inject('cluster');

/** The TLS of the app's own client: the cluster's CA and the client certificate. */
export function clientTls() {
  const { certs } = cluster();
  return {
    serverNameOverride: certs.serverName,
    serverRootCACertificate: fs.readFileSync(certs.ca),
    clientCertPair: { crt: fs.readFileSync(certs.clientCert), key: fs.readFileSync(certs.clientKey) },
  };
}

/** A Temporal client as the app's: mutual TLS, and the app's payload keys (it reads what the workers wrote). */
export async function temporalClient(): Promise<Client> {
  const { address, namespace, appDataDir } = cluster();
  const connection = await Connection.connect({ address, tls: clientTls() });
  return new Client({ connection, namespace, dataConverter: dataConverter(loadPayloadKeys({ dataDir: appDataDir })) });
}

export interface ClusterApi {
  /** The API instances, in turn: each call to `url()` gives the next one. */
  url(): string;
  token(role: Role, subject?: string, teams?: string[]): Promise<string>;
  records: Records;
  db: Db;
  close(): Promise<void>;
}

export async function clusterApi(): Promise<ClusterApi> {
  const { apiUrls, appDataDir, recordsUrl } = cluster();
  const keys = await loadOrCreateLocalKeys(appDataDir);
  const db = await openDatabase({ databaseUrl: recordsUrl, dataDir: appDataDir });
  let next = 0;
  return {
    url: () => apiUrls[next++ % apiUrls.length]!,
    token: (role, subject, teams) => signLocalToken(keys, subject ?? `${role}-1`, [role], 8, teams),
    records: new Records(db),
    db,
    close: () => db.close(),
  };
}

/** Stops (SIGKILL) or starts one of the cluster's processes (temporal-history, worker-1…), or crashes and starts PostgreSQL. */
export async function control(action: 'kill' | 'start' | 'crash-postgres' | 'start-postgres', name = ''): Promise<void> {
  const res = await fetch(`${cluster().controlUrl}/${action}${name ? `/${name}` : ''}`, { method: 'POST' });
  if (!res.ok) throw new Error(`${action} ${name}: ${res.status} ${await res.text()}`);
}

/** The app's mail server (global setup): hold its answers, release them, or read what it accepted. */
export async function mailServer(action: 'hold' | 'release'): Promise<void>;
export async function mailServer(action: 'mails'): Promise<{ accepted: Array<{ to: string[]; reference?: string; messageId?: string }>; waiting: number }>;
export async function mailServer(action: 'hold' | 'release' | 'mails') {
  const res = await fetch(`${cluster().controlUrl}/smtp/${action}`, { method: action === 'mails' ? 'GET' : 'POST' });
  if (!res.ok) throw new Error(`smtp ${action}: ${res.status}`);
  return action === 'mails' ? res.json() : undefined;
}

/** The cluster's running processes' ids, by name (worker-1, temporal-history…). */
export async function pids(): Promise<Record<string, number>> {
  return (await fetch(`${cluster().controlUrl}/pids`)).json() as Promise<Record<string, number>>;
}

/**
 * Waits until every case in `references` has its letters filed, then asserts
 * each letter (case, template, recipient, channel) was filed exactly once:
 * however the cluster was disturbed, no notice went twice.
 */
export async function expectEachLetterOnce(db: Db, references: readonly string[], timeoutMs = 60_000): Promise<void> {
  const letters = await eventually(
    async () =>
      (
        await db.query<{ reference: string; template: string; recipient_role: string; channel: string; n: string }>(
          `SELECT reference, template, recipient_role, channel, count(*) AS n FROM correspondence
            WHERE reference = ANY($1) AND kind = 'letter' GROUP BY reference, template, recipient_role, channel`,
          [references],
        )
      ).rows,
    (rows) => new Set(rows.map((r) => r.reference)).size === references.length,
    timeoutMs,
  );
  expect(letters.filter((r) => Number(r.n) !== 1)).toEqual([]);
}
