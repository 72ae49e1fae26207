import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouncilDirectory } from '../../records/council-directory';
import { CouncilStore, type CouncilSettings } from '../../records/councils';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { BACKENDS, openTestDb, stopTestServer } from './fixtures';

afterAll(stopTestServer);

const TTL = 10_000;

const settingsOf = (id: string, name: string): CouncilSettings => ({
  id,
  name,
  namespace: `complaints-${id}`,
  policyId: 'england-statutory',
  policyVersion: 1,
  letters: {},
  channels: {},
});

/**
 * The database as its owner, counting the statements that read the councils
 * table (each council's handle runs its queries in a transaction of the
 * owner's), and failing the next such read when told to.
 */
function counted(db: Db) {
  const reads = { councils: 0, failNext: false };
  const wrap = (d: Db): Db => ({
    kind: d.kind,
    exec: (sql) => d.exec(sql),
    close: () => d.close(),
    query: <T,>(sql: string, params?: unknown[]) => {
      if (/\bFROM councils\b/.test(sql)) {
        reads.councils++;
        if (reads.failNext) {
          reads.failNext = false;
          return Promise.reject(new Error('the database went away a moment'));
        }
      }
      return d.query<T>(sql, params);
    },
    transaction: (fn) => d.transaction((tx) => fn(wrap(tx))),
  });
  return { db: wrap(db), reads };
}

describe.each(BACKENDS)('the council directory (%s)', (backend) => {
  let owner: Db;
  let db: Db;
  let reads: ReturnType<typeof counted>['reads'];
  let records: Records;
  let clock = 0;
  let directory: CouncilDirectory;

  beforeAll(async () => {
    owner = await openTestDb(backend);
    ({ db, reads } = counted(owner));
    records = new Records(db);
    // Its own clock, so the TTL passes without a wait.
    directory = new CouncilDirectory((council) => records.forCouncil(council).db, { ttlMs: TTL, now: () => clock });
  });
  afterAll(async () => owner?.close());

  it("serves `default` as the deployment's own, with no row and no read", async () => {
    const before = reads.councils;
    expect(await directory.find('default')).toEqual({ id: 'default' });
    expect(await directory.serves('default')).toBe(true);
    expect(await directory.name('default', 'Deployment Council')).toBe('Deployment Council');
    expect(reads.councils).toBe(before);
  });

  it('answers callers asking at once with one read of the row', async () => {
    await new CouncilStore(owner).put(settingsOf('luton', 'Luton Borough Council'));
    const before = reads.councils;
    const answers = await Promise.all([directory.find('luton'), directory.find('luton'), directory.serves('luton'), directory.name('luton', 'Deployment Council'), directory.find('luton')]);
    expect(reads.councils - before).toBe(1);
    expect(answers[0]).toEqual({ id: 'luton', settings: settingsOf('luton', 'Luton Borough Council') });
    expect(answers.slice(1)).toEqual([answers[0], true, 'Luton Borough Council', answers[0]]);
  });

  it('serves a council added after it was found missing once the TTL has passed, and not before', async () => {
    clock = 1_000_000;
    const before = reads.councils;
    expect(await directory.serves('late')).toBe(false);
    expect(await directory.name('late', 'Deployment Council')).toBe('late');
    await new CouncilStore(owner).put(settingsOf('late', 'Lateshire Council'));
    clock += TTL - 1;
    expect(await directory.serves('late')).toBe(false);
    expect(reads.councils - before).toBe(1);
    clock += 1;
    expect(await directory.serves('late')).toBe(true);
    expect(await directory.name('late', 'Deployment Council')).toBe('Lateshire Council');
    expect(reads.councils - before).toBe(2);
  });

  it("shows a council's new name once the TTL has passed; a writer in the process that forgets it shows it at once", async () => {
    clock = 2_000_000;
    expect(await directory.name('luton', 'Deployment Council')).toBe('Luton Borough Council');
    await new CouncilStore(owner).put(settingsOf('luton', 'Luton Council'));
    clock += TTL - 1;
    expect(await directory.name('luton', 'Deployment Council')).toBe('Luton Borough Council');
    clock += 1;
    expect(await directory.name('luton', 'Deployment Council')).toBe('Luton Council');

    await new CouncilStore(owner).put({ ...settingsOf('luton', 'Luton Council'), letters: { name: 'Luton Children’s Services' } });
    expect((await directory.find('luton'))?.settings?.letters).toEqual({});
    directory.forget('luton');
    expect((await directory.find('luton'))?.settings?.letters).toEqual({ name: 'Luton Children’s Services' });
    await new CouncilStore(owner).put(settingsOf('luton', 'Luton Borough Council'));
    directory.forget();
    expect(await directory.name('luton', 'Deployment Council')).toBe('Luton Borough Council');
  });

  it('keeps no failed read: the next caller reads again', async () => {
    directory.forget();
    reads.failNext = true;
    await expect(directory.find('luton')).rejects.toThrow('the database went away a moment');
    expect(await directory.serves('luton')).toBe(true);
  });

  it("is one per database: every council's records opened from the same records share it, and its TTL is theirs to set", async () => {
    expect(records.forCouncil('luton').councils).toBe(records.councils);
    const short = new Records(db, { councilTtlMs: 1 });
    expect(short.forCouncil('late').councils).toBe(short.councils);
    expect(short.councils).not.toBe(records.councils);
    const before = reads.councils;
    await short.councils.find('luton');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await short.councils.find('luton');
    expect(reads.councils - before).toBe(2);
  });
});
