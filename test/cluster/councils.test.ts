import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type Connection } from '@temporalio/client';
import { afterAll, beforeAll } from 'vitest';
import { loadOrCreateLocalKeys, signLocalToken } from '../../api/auth/local-keys';
import type { Role } from '../../api/auth/roles';
import { EXAMPLE_COUNCIL } from '../../config/config';
import { addCouncil } from '../../scripts/council/add';
import { loadPayloadKeys } from '../../temporal/codec';
import { dataConverter } from '../../temporal/data-converter';
import { eventually } from '../helpers/eventually';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';
import { describeTwoCouncils, twoCouncilSettings, type Json } from '../helpers/two-councils';
import { cluster, clusterApi, temporalClient, type ClusterApi } from './cluster';

/** Two councils of this run's own, added to the cluster with the real add routine; its `default` council keeps the other files' cases. */
const run = randomBytes(3).toString('hex');
const A = `alpha-${run}`;
const B = `beta-${run}`;

let api: ClusterApi;
let client: Client;
let smtpA: LocalSmtp;
let smtpB: LocalSmtp;
let secrets: string;
let keys: Awaited<ReturnType<typeof loadOrCreateLocalKeys>>;

beforeAll(async () => {
  const { appDataDir, taskQueue } = cluster();
  api = await clusterApi();
  client = await temporalClient();
  keys = await loadOrCreateLocalKeys(appDataDir);
  smtpA = await startSmtp();
  smtpB = await startSmtp();
  // Each council's SMTP URL in a file its settings point to, read when a worker starts that council's worker (never in the database).
  secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-council-secrets-'));
  fs.writeFileSync(path.join(secrets, 'smtp-a'), smtpA.url);
  fs.writeFileSync(path.join(secrets, 'smtp-b'), smtpB.url);
  // As `npm run council -- add` does it: each namespace made through the cluster's frontend over mutual TLS, the rows in the cluster's records.
  for (const settings of twoCouncilSettings(A, B, `file:${path.join(secrets, 'smtp-a')}`, `file:${path.join(secrets, 'smtp-b')}`)) {
    await addCouncil({ db: api.db, connection: client.connection as Connection, taskQueue }, settings);
  }
  // The running app workers look for councils added every 30 s (worker/council-pool.ts): each starts polling the new namespaces without a restart.
  for (const council of [A, B]) {
    await eventually(
      async () => (await client.workflowService.describeTaskQueue({ namespace: `complaints-${council}`, taskQueue: { name: taskQueue }, taskQueueType: 1 })).pollers ?? [],
      (pollers) => pollers.length > 0,
      150_000,
    );
  }
}, 300_000);
afterAll(async () => {
  await api?.close();
  await client?.connection.close();
  await smtpA?.close();
  await smtpB?.close();
  if (secrets) fs.rmSync(secrets, { recursive: true, force: true });
});

/** A request to the cluster's API instances in turn, with a token for `council` alone. */
async function call(council: string, role: Role, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
  const token = await signLocalToken(keys, `${role}-${council}`, [role], 8, ['Children in Care'], [council]);
  const res = await fetch(`${api.url()}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as Json };
}

describeTwoCouncils('two councils on one deployment (cluster)', () => ({
  A,
  B,
  taskQueue: cluster().taskQueue,
  call,
  namespaceClient: (namespace) => new Client({ connection: client.connection, namespace, dataConverter: dataConverter(loadPayloadKeys({ dataDir: cluster().appDataDir })) }),
  defaultNamespace: cluster().namespace,
  records: api.records,
  smtpA,
  smtpB,
  deploymentPhone: EXAMPLE_COUNCIL.COUNCIL_COMPLAINTS_PHONE,
}));
