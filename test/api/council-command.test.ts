import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPglite, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { CouncilStore } from '../../records/councils';
import { Records } from '../../records/repository';
import { RETENTION_SCHEDULE_ID } from '../../temporal/schedules';
import { SEARCH_ATTRIBUTES } from '../../workflows/complaint/search-attributes';
import { addCouncil, describeChanges, parseCouncilArgs, UsageError, type CouncilCommand } from '../../scripts/council/add';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** A council id of its own per run: the dev server outlives each test file. */
const freshId = () => `test-${randomBytes(4).toString('hex')}`;

function settingsOf(argv: string[]) {
  const parsed: CouncilCommand = parseCouncilArgs(argv, ROOT);
  if (parsed.command !== 'add') throw new Error('not an add');
  return parsed.settings;
}

describe('npm run council -- add, on the dev server', () => {
  let connection: Connection;
  let db: Db;

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('devServerAddress') });
    db = await openPglite('memory://');
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await connection?.close();
  });

  it('creates the namespace, its search attributes, its retention schedule and the council\'s settings; a second run changes nothing', async () => {
    const id = freshId();
    const settings = settingsOf(['add', id, '--name', 'Test Borough Council', '--policy', 'luton', '--email', 'complaints@test.example', '--notify-key', 'env:TEST_NOTIFY_KEY']);
    expect(settings.namespace).toBe(`complaints-${id}`);
    const deps = { db, connection, taskQueue: 'complaints' };

    const first = await addCouncil(deps, settings);
    expect(first).toEqual({
      namespace: 'created',
      searchAttributesAdded: SEARCH_ATTRIBUTES.map((key) => key.name),
      retentionSchedule: 'created',
      settings: 'created',
    });
    const described = await connection.workflowService.describeNamespace({ namespace: `complaints-${id}` });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(30 * 24 * 3600);
    const attributes = await connection.operatorService.listSearchAttributes({ namespace: `complaints-${id}` });
    expect(Object.keys(attributes.customAttributes ?? {}).sort()).toEqual(expect.arrayContaining(SEARCH_ATTRIBUTES.map((key) => key.name)));
    const client = new Client({ connection, namespace: `complaints-${id}` });
    const schedule = await client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: 'complaints', args: [{ policyId: 'luton' }] });

    const second = await addCouncil(deps, settings);
    expect(second).toEqual({ namespace: 'unchanged', searchAttributesAdded: [], retentionSchedule: 'unchanged', settings: 'unchanged' });
    expect(describeChanges(id, settings.namespace, second)).toMatch(/nothing changed$/);
    // The schedule was left alone: not even updated to the same.
    const again = await client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    expect(again.info.lastUpdatedAt).toEqual(schedule.info.lastUpdatedAt);

    // The council's own handle reads its settings row, and no one else's.
    const store = new CouncilStore(new Records(db, { council: id }).db);
    expect(await store.get(id)).toEqual({
      id,
      name: 'Test Borough Council',
      namespace: `complaints-${id}`,
      policyId: 'luton',
      policyVersion: 1,
      letters: { name: 'Test Borough Council', email: 'complaints@test.example' },
      channels: { notifyApiKeyRef: 'env:TEST_NOTIFY_KEY' },
    });
    expect((await store.list()).map((c) => c.id)).toEqual([id]);
  });

  it('brings a council up to date when its settings change, then changes nothing again', async () => {
    const id = freshId();
    const deps = { db, connection, taskQueue: 'complaints' };
    await addCouncil(deps, settingsOf(['add', id, '--name', 'Test Council', '--policy', 'rutland']));
    const changed = settingsOf(['add', id, '--name', 'Test Council', '--policy', 'banes', '--phone', '01225 477000']);
    expect(await addCouncil(deps, changed)).toEqual({ namespace: 'unchanged', searchAttributesAdded: [], retentionSchedule: 'updated', settings: 'updated' });
    expect(await addCouncil(deps, changed)).toEqual({ namespace: 'unchanged', searchAttributesAdded: [], retentionSchedule: 'unchanged', settings: 'unchanged' });
    expect((await new CouncilStore(db).get(id))?.policyId).toBe('banes');
  });
});

describe('the council command line', () => {
  const refused = (argv: string[]) => {
    try {
      parseCouncilArgs(argv, ROOT);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error(`accepted: ${argv.join(' ')}`);
  };

  it('refuses a bad council id, saying what an id is', () => {
    for (const id of ['Luton', 'north_somerset', 'luton!', 'luton-', 'north--somerset', '1luton', 'a'.repeat(41)]) {
      expect(refused(['add', id, '--name', 'X', '--policy', 'luton']), id).toMatch(/council id/);
    }
    expect(refused(['add', 'Luton', '--name', 'X', '--policy', 'luton'])).toContain('"Luton" is not a council id: use lowercase letters, digits and hyphens');
    expect(refused(['add', 'default', '--name', 'X', '--policy', 'luton'])).toContain('"default" is the embedded default\'s council');
  });

  it('lists every problem at once: a missing name, an unknown policy or version, a key given in clear', () => {
    const message = refused(['add', 'luton', '--policy', 'lutonx', '--notify-key', 'abc123-secret-key', '--email', 'nope']);
    expect(message).toContain('--name is required');
    expect(message).toContain('--policy lutonx is not a policy profile: one of england-statutory, rutland, luton, banes, kingston');
    expect(message).toContain('--notify-key: give where the secret is, never the secret itself');
    expect(message).toContain('--email nope is not an email address');
    expect(refused(['add', 'luton', '--name', 'Luton', '--policy', 'luton@99'])).toMatch(/--policy luton@99: .*no version 99/);
    expect(refused(['add', 'luton', '--name', 'Luton', '--policy', 'luton', '--colour', 'red'])).toMatch(/--colour/);
    expect(refused(['remove', 'luton'])).toContain('unknown command "remove": add or list');
    expect(settingsOf(['add', 'luton', '--name', 'Luton Borough Council', '--policy', 'luton@1', '--smtp-url', 'file:/run/secrets/luton-smtp']).channels).toEqual({
      smtpUrlRef: 'file:/run/secrets/luton-smtp',
    });
  });

  it('runs end to end: add twice changes nothing the second time, list shows the council; a bad id exits 2 and touches nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-cli-'));
    const { DATABASE_URL: _unused, ...inherited } = process.env;
    const env = { ...inherited, DATA_DIR: dataDir, TEMPORAL_ADDRESS: inject('devServerAddress'), TEMPORAL_NAMESPACE: 'default' };
    const cli = (args: string[]) => run(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/council.ts', ...args], { cwd: ROOT, env, timeout: 120_000 });
    try {
      const id = freshId();
      const first = await cli(['add', id, '--name', 'Test City Council', '--policy', 'kingston']);
      expect(first.stdout).toContain(`namespace complaints-${id}: created`);
      expect(first.stdout).toMatch(/done\n$/);
      const second = await cli(['add', id, '--name', 'Test City Council', '--policy', 'kingston']);
      expect(second.stdout).toBe(
        `namespace complaints-${id}: already there\nsearch attributes: all there\nretention schedule: already there\ncouncil ${id}: settings as given already\nnothing changed\n`,
      );
      const list = await cli(['list']);
      expect(list.stdout).toContain(`${id}  namespace complaints-${id}  policy kingston@1  Test City Council`);
      expect(list.stdout).toContain('default  namespace default');

      const bad = await cli(['add', 'Bad_Id', '--name', 'X', '--policy', 'luton']).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(bad?.code).toBe(2);
      expect(bad?.stderr).toContain('"Bad_Id" is not a council id');
      expect((await cli(['list'])).stdout).toBe(list.stdout);

      // The embedded default while npm start runs (its dev server answers): its PGlite records are that process's alone.
      const { TEMPORAL_ADDRESS: _address, ...embedded } = env;
      const port = inject('devServerAddress').split(':').at(-1)!;
      const busy = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/council.ts', 'add', freshId(), '--name', 'X', '--policy', 'luton'], {
        cwd: ROOT,
        env: { ...embedded, TEMPORAL_DEV_SERVER_PORT: port },
        timeout: 120_000,
      }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(busy?.code).toBe(1);
      expect(busy?.stderr).toContain('npm start is running');
      expect((await cli(['list'])).stdout).toBe(list.stdout);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 480_000);
});
