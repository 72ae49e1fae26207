import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import type { Notice } from '../../domain/complaint/state';
import { openPostgres, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { startClusterPostgres, type ClusterPostgres } from '../../scripts/cluster/postgres';
import { freePort } from '../helpers/ports';
import { newCase, nextReference } from '../records/fixtures';

// The cluster's PostgreSQL as the cluster tests run it (fast, not durable against the machine
// failing), crashed the moment letters are filed: a letter whose delivery answered must be on file
// when it comes back, or the workflow, told the activity completed, never sends it again.
let tmp: string;
let server: ClusterPostgres;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crashed-pg-'));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as its own user below it
  server = await startClusterPostgres({ dir: path.join(tmp, 'postgres'), port: await freePort() });
  await server.ensureDatabase('records');
});
afterAll(async () => {
  await server?.stop('immediate');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const ack = (id: number): Notice => ({ id, kind: 'letter', subject: 'stage1-acknowledgement', detail: { respondBy: '2027-01-06' } });

describe('the cluster lane’s PostgreSQL, crashed', () => {
  it('keeps every letter whose delivery answered before the crash', async () => {
    let db: Db = await openPostgres(server.url('records'));
    await migrate(db);
    const records = new Records(db);
    const references = Array.from({ length: 40 }, () => nextReference());
    for (const reference of references) await records.createCase(newCase(reference, { people: [{ role: 'complainant', name: 'Lee Crash', type: 'parent', address: '1 Low Street, Newtown NT1 1AA' }] }));
    const delivery = new Correspondence({ records, channels: [new OutboxChannel()], council: { name: 'Rutland County Council', contact: 'the Complaints Team' } });

    // Each delivery answers only once its rows are committed; the crash follows the last answer at once.
    for (const reference of references) await delivery.deliver(reference, ack(1));
    await server.stop('immediate');
    await db.close().catch(() => undefined);
    await server.start();

    db = await openPostgres(server.url('records'));
    try {
      const filed = await db.query<{ reference: string; status: string }>(
        `SELECT reference, status FROM correspondence WHERE reference = ANY($1) AND kind = 'letter' ORDER BY reference`,
        [references],
      );
      expect(filed.rows).toEqual([...references].sort().map((reference) => ({ reference, status: 'queued' })));
    } finally {
      await db.close();
    }
  });
});
