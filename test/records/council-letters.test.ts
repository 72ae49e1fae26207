import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { councilTemplates, openCouncilDelivery } from '../../activities/delivery/council';
import { ConfigError, loadConfig } from '../../config/config';
import { openPglite, type Db } from '../../records/db';
import { loadTemplates } from '../../records/letters/templates';
import { migrate } from '../../records/migrate';
import { CouncilStore, type CouncilSettings } from '../../records/councils';
import { Records } from '../../records/repository';
import { startCouncilWorkers } from '../../worker/council-pool';

const luton: CouncilSettings = {
  id: 'luton',
  name: 'Luton Borough Council',
  namespace: 'complaints-luton',
  policyId: 'luton',
  policyVersion: 1,
  letters: {},
  channels: {},
};

describe('a council\'s letter templates', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'council-templates-'));
    fs.mkdirSync(path.join(root, 'luton', 'letters'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'luton', 'letters', 'stage1-acknowledgement.md'),
      '---\nsubject: Luton has your complaint {{reference}}\naudience: complainant\n---\nDear {{recipientName}},\n',
    );
    fs.writeFileSync(path.join(root, 'luton', 'letters', '_signoff.md'), 'From Luton,\n\n{{councilName}}');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are its own files in place of the defaults\', every other letter the default', () => {
    const defaults = loadTemplates();
    const own = councilTemplates('luton', root);
    expect(own.templates.get('stage1-acknowledgement')?.subject).toBe('Luton has your complaint {{reference}}');
    expect(own.partials._signoff).toBe('From Luton,\n\n{{councilName}}');
    expect(own.partials._ombudsman).toBe(defaults.partials._ombudsman);
    expect(own.templates.get('extension')).toEqual(defaults.templates.get('extension'));
    expect([...own.templates.keys()].sort()).toEqual([...defaults.templates.keys()].sort());
    // A council with no folder of its own has the defaults throughout.
    expect(councilTemplates('bedford', root)).toEqual(defaults);
  });
});

describe('a council\'s letter channels', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite('memory://');
    await migrate(db);
  });
  afterAll(async () => db?.close());

  it('reads its secrets where its row says, and names the reference, never a value, when one is missing', () => {
    const config = loadConfig({});
    const records = new Records(db).forCouncil('luton');
    const missing = { ...luton, channels: { smtpUrlRef: 'env:LUTON_SMTP_URL_NOT_SET', mailFrom: 'complaints@luton.example' } };
    expect(() => openCouncilDelivery(config, records, missing)).toThrow('env:LUTON_SMTP_URL_NOT_SET is not set');
    expect(openCouncilDelivery(config, records, luton)).toBeDefined();
  });

  it('WORKER_COUNCILS: a list of council ids, every council when unset, and a named council must have been added', async () => {
    expect(loadConfig({}).WORKER_COUNCILS).toBeUndefined();
    expect(loadConfig({ WORKER_COUNCILS: ' ' }).WORKER_COUNCILS).toBeUndefined();
    expect(loadConfig({ WORKER_COUNCILS: 'default, luton' }).WORKER_COUNCILS).toEqual(['default', 'luton']);
    expect(() => loadConfig({ WORKER_COUNCILS: 'default,Luton_BC' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_COUNCILS: 'default,Luton_BC' })).toThrow(/WORKER_COUNCILS: council ids separated by commas/);

    await new CouncilStore(db).put(luton);
    const options = {
      connection: undefined as unknown as NativeConnection, // never reached: the names are checked first
      db,
      records: new Records(db),
      defaultNamespace: 'default',
      taskQueue: 'complaints',
      workflowBundle: { codePath: inject('workflowBundlePath') },
      notices: () => ({ deliver: async () => undefined }),
    };
    await expect(startCouncilWorkers({ ...options, only: ['luton', 'bedford'] })).rejects.toThrow(
      'WORKER_COUNCILS names councils this deployment has not added: bedford (npm run council -- list)',
    );
  });
});
