import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { inject } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type AppDeps } from '../../api/app';
import type { AuthOptions } from '../../api/auth/authenticate';
import { openPglite, type Db } from '../../records/db';
import { OutboxChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys, signLocalToken } from '../../api/auth/local-keys';
import type { Role } from '../../api/auth/roles';
import { EncryptionCodec } from '../../temporal/codec';
import { dataConverter } from '../../temporal/data-converter';
import type { NoticeSink } from '../../activities';
import type { CouncilSettings } from '../../records/councils';
import { addCouncil } from '../../scripts/council/add';
import { DEFAULT_COUNCIL } from '../../domain/council';
import { startCouncilWorkers } from '../../worker/council-pool';

let runtimeInstalled = false;
/** Each harness's records, and the database they are on as its owner. */
const ownerDbs = new WeakMap<Records, Db>();

export interface ApiHarness {
  baseUrl: string;
  client: Client;
  records: Records;
  /** The records database as its owner (set-up a council's handle may not do, such as moving a sequence or adding a council); absent when the records are shared. */
  ownerDb?: Db;
  taskQueue: string;
  /** The payload encryption keys its client and worker use. */
  payloadKeys: { current: string; keys: Map<string, Buffer> };
  /** A bearer token for `role` (subject defaults to `<role>-1`), with the `teams` claim when given. */
  token(role: Role, subject?: string, teams?: string[], councils?: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface ApiOptions {
  /** A system of record to share (an API "restarted" over the same database). */
  records?: Records;
  /** The database `records` is over, for records not made by another harness (the owner that lists the councils). */
  recordsDb?: Db;
  historyLimit?: number;
  /** The grace period for logging past steps (0: none, so a case is judged, and waits on its deadlines, at once). */
  graceMinutes?: number;
  /** The window new cases' clock wakes are spread across (ms), as DEADLINE_WAKE_SPREAD gives it. */
  wakeSpreadMs?: number;
  /** A Temporal of the test's own (e.g. one it stops), instead of the run's dev server. */
  address?: string;
  temporalTimeoutMs?: number;
  rateLimitPerMinute?: number;
  /** Requests a minute per client address (unlimited unless a test sets it: every test calls from 127.0.0.1). */
  rateLimitPerAddressPerMinute?: number;
  trustProxy?: boolean | number | string;
  importMaxRows?: number;
  bodyLimitBytes?: number;
  corsOrigins?: string[];
  /** The task queue its cases start on: another harness's, whose workers (its councils' too) then run them. */
  taskQueue?: string;
  /** Sign-in other than the harness's own local key pair (token() still signs with the harness's key). */
  auth?: AuthOptions;
  /** The complainant's sign-in (api/complainant/), off unless given. */
  complainant?: AppDeps['complainant'];
  /** The complainant's pages (web/): council name, submit limit, a pinned clock. */
  web?: import('../../web/pages').WebOptions;
  /** The staff pages (web/staff/): their sign-in and a pinned clock. */
  staff?: AppDeps['staff'];
  /** Payload keys to share with another harness over the same cases (each makes its own otherwise). */
  payloadKeys?: ApiHarness['payloadKeys'];
  /** The port to listen on (an identity provider's redirect URI names it); a free one otherwise. */
  port?: number;
  /**
   * Councils besides `default`, added as `npm run council -- add` adds them
   * (namespace, search attributes, retention schedule, row), each polled by a
   * worker of its own namespace (worker/council-pool.ts).
   */
  councils?: CouncilSettings[];
  /** Those councils' letters; the outbox, signed as `default`'s, unless given. */
  councilNotices?: (records: Records, settings: CouncilSettings | undefined) => NoticeSink;
  /**
   * Look for councils added while it runs this often, and start their
   * workers, as a worker process does. Without it the harness's workers poll
   * `default` and `councils` alone (as with WORKER_COUNCILS), so a test may
   * run a pool of its own for a council it adds.
   */
  lookEveryMs?: number;
  /** How long its council directory keeps a council's reading (records/council-directory.ts). */
  councilTtlMs?: number;
}

/**
 * The API in-process on a free port, against the run's dev server, with
 * its councils' workers on a task queue of its own.
 */
export async function startApi(options: ApiOptions = {}): Promise<ApiHarness> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    Runtime.install({ logger: new DefaultLogger('WARN') });
  }
  const { address: ownAddress, records: sharedRecords, recordsDb, port, payloadKeys: sharedKeys, councils = [], councilNotices, taskQueue: givenQueue, lookEveryMs, councilTtlMs, ...appOptions } = options;
  const address = ownAddress ?? inject('devServerAddress');
  const taskQueue = givenQueue ?? `api-test-${randomUUID()}`;
  const connection = await Connection.connect({ address });
  // Encrypted like production: the API tests see what the server stores.
  const payloadKeys = sharedKeys ?? { current: 'test-1', keys: new Map([['test-1', crypto.randomBytes(32)]]) };
  const converter = dataConverter(payloadKeys);
  const client = new Client({ connection, dataConverter: converter });
  const nativeConnection = await NativeConnection.connect({ address });
  // The system of record, embedded (PGlite in memory), with letters to its outbox.
  const db = sharedRecords ? undefined : await openPglite('memory://');
  if (db) await migrate(db);
  const records = sharedRecords ?? new Records(db!, councilTtlMs === undefined ? {} : { councilTtlMs });
  const outboxOf = (councilRecords: Records) =>
    new Correspondence({ records: councilRecords, channels: [new OutboxChannel()], council: { name: 'Test Council', contact: 'the Complaints Team', email: 'complaints@test.example' } });

  if (councils.length > 0 && !db) throw new Error('councils need the harness\'s own database (its owner adds them)');
  // An API restarted over another harness's records: that harness's database, as its owner, lists the councils.
  const ownerDb = db ?? recordsDb ?? ownerDbs.get(records);
  if (!ownerDb) throw new Error('records shared with startApi must be another harness\'s, or come with their recordsDb');
  if (db) ownerDbs.set(records, db);
  for (const council of councils) await addCouncil({ db: ownerDb, connection, taskQueue, directory: records.councils }, council);
  // Each council's worker in its own namespace, through the pool a worker process runs (worker/council-pool.ts).
  const pool = await startCouncilWorkers({
    connection: nativeConnection,
    db: ownerDb,
    records,
    defaultNamespace: 'default',
    taskQueue,
    ...(lookEveryMs === undefined ? { only: [DEFAULT_COUNCIL, ...councils.map((c) => c.id)] } : { lookEveryMs }),
    dataConverter: converter,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    notices: (councilRecords, settings) => (settings && councilNotices ? councilNotices(councilRecords, settings) : outboxOf(councilRecords)),
  });
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-keys-'));
  const keys = await loadOrCreateLocalKeys(keysDir);
  const app = createApp({
    client,
    records,
    taskQueue,
    defaultPolicy: 'england-statutory',
    auth: { keys: { localJwks: { keys: [keys.publicJwk] } }, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE },
    log: () => undefined,
    codec: new EncryptionCodec(payloadKeys),
    uiOrigins: ['http://127.0.0.1:8233'],
    rateLimitPerAddressPerMinute: 1_000_000,
    ...appOptions,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port ?? 0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    client,
    records,
    ...(db ? { ownerDb: db } : {}),
    taskQueue,
    payloadKeys,
    token: (role, subject, teams, councils) => signLocalToken(keys, subject ?? `${role}-1`, [role], 8, teams, councils),
    async stop() {
      fs.rmSync(keysDir, { recursive: true, force: true });
      await new Promise((resolve) => server.close(resolve));
      await pool.shutdown();
      await nativeConnection.close();
      await connection.close();
      await db?.close();
    },
  };
}
