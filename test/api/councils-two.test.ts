import { randomBytes } from 'node:crypto';
import { Client, type Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { openCouncilDelivery } from '../../activities/delivery/council';
import { loadConfig } from '../../config/config';
import { addCouncil } from '../../scripts/council/add';
import { dataConverter } from '../../temporal/data-converter';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';
import { councilArgs, describeTwoCouncils, twoCouncilComplaint as complaint, twoCouncilSettings, type Json } from '../helpers/two-councils';

/** Council ids of their own per run: the dev server outlives each test file. */
const run = randomBytes(3).toString('hex');
const A = `alpha-${run}`;
const B = `beta-${run}`;
const DEPLOYMENT_PHONE = '01632 960999';

let api: ApiHarness;
let smtpA: LocalSmtp;
let smtpB: LocalSmtp;

beforeAll(async () => {
  smtpA = await startSmtp();
  smtpB = await startSmtp();
  // Each council's SMTP URL where its settings say it is (never in the database).
  process.env[`TEST_SMTP_URL_${run.toUpperCase()}_A`] = smtpA.url;
  process.env[`TEST_SMTP_URL_${run.toUpperCase()}_B`] = smtpB.url;
  // The deployment's own settings: what a council's row leaves out.
  const config = loadConfig({ COUNCIL_NAME: 'Deployment Council', COUNCIL_COMPLAINTS_PHONE: DEPLOYMENT_PHONE });
  api = await startApi({
    councils: twoCouncilSettings(A, B, `env:TEST_SMTP_URL_${run.toUpperCase()}_A`, `env:TEST_SMTP_URL_${run.toUpperCase()}_B`),
    councilNotices: (records, settings) => openCouncilDelivery(config, records, settings),
  });
}, 180_000);
afterAll(async () => {
  await api?.stop();
  await smtpA?.close();
  await smtpB?.close();
});

async function call(council: string, role: Role, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role, `${role}-${council}`, ['Children in Care'], [council])}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as Json };
}

const namespaceClient = (namespace: string) => new Client({ connection: api.client.connection, namespace, dataConverter: dataConverter(api.payloadKeys) });

describeTwoCouncils('two councils on one deployment (dev server)', () => ({
  A,
  B,
  taskQueue: api.taskQueue,
  call,
  namespaceClient,
  defaultNamespace: 'default',
  records: api.records,
  smtpA,
  smtpB,
  deploymentPhone: DEPLOYMENT_PHONE,
}));

describe('councils added while the API runs (dev server)', () => {
  it('a council added while the API runs is served from its next request: refused (503) before, in its own namespace after', async () => {
    const C = `gamma-${run}`;
    const before = await call(C, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.c@example.org'));
    expect(before.status).toBe(503);
    expect(before.body.detail).toBe(
      `Council ${C} has not been added to this deployment (npm run council -- add ${C}), so its cases run in no namespace this API reaches (complaints-${C}); only reads of its records are answered.`,
    );
    await addCouncil({ db: api.ownerDb!, connection: api.client.connection as Connection, taskQueue: api.taskQueue }, councilArgs([C, '--name', 'Gammashire Council', '--policy', 'england-statutory']));
    // A council found missing is asked for again after a few seconds.
    const created = await eventually(() => call(C, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.c@example.org')), (r) => r.status !== 503, 30_000);
    expect(created.status).toBe(201);
    const described = await namespaceClient(`complaints-${C}`).workflow.getHandle(created.body.reference).describe();
    expect(described.status.name).toBe('RUNNING');
    await namespaceClient(`complaints-${C}`).workflow.getHandle(created.body.reference).terminate('no worker polls this council in the test');
  });
});
