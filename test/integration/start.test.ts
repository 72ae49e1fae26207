import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT, TEMPORAL_CLI } from '../../scripts/tools.mjs';
import { freePort } from '../helpers/ports';
import { eventually } from '../helpers/eventually';

/**
 * What `npm start` runs (after set-up): the dev server with a database file
 * and the UI, the worker and the API in one process. Own ports and data
 * folder, so it runs beside everything else.
 */
describe('npm start', () => {
  it('serves /readyz, the Temporal UI and the API; a case it creates is listed by the CLI; Ctrl-C stops it all; cases survive a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-start-'));
    const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), TEMPORAL_DEV_SERVER_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort), DATA_DIR: dataDir };
    delete env.TEMPORAL_ADDRESS;
    const start = () => {
      const child = spawn(path.join(ROOT as string, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: ROOT as string, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, exited, output: () => output };
    };
    const base = `http://127.0.0.1:${port}`;
    const ready = () => eventually(() => fetch(`${base}/readyz`).then((r) => r.status, () => 0), (s) => s === 200, 90_000);

    let app = start();
    try {
      await ready();
      expect(app.output()).toContain(`Temporal UI       http://127.0.0.1:${uiPort}`);
      expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
      // The UI is wired to the API's codec endpoint, which answers the UI origin's preflight and, with no
      // token (the dev server's UI has no sign-in), a notice instead of the "could not connect" banner.
      const settings = (await (await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
      expect(settings.Codec.Endpoint).toBe(`${base}/codec`);
      const uiOrigin = `http://127.0.0.1:${uiPort}`;
      const preflight = await fetch(`${base}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin: uiOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(uiOrigin);
      const sealed = { metadata: { encoding: Buffer.from('binary/encrypted').toString('base64') }, data: Buffer.from('ciphertext').toString('base64') };
      const decoded = await fetch(`${base}/codec/decode`, {
        method: 'POST',
        headers: { origin: uiOrigin, 'content-type': 'application/json', 'x-namespace': 'default' },
        body: JSON.stringify({ payloads: [sealed] }),
      });
      expect(decoded.status).toBe(200);
      expect(decoded.headers.get('access-control-allow-origin')).toBe(uiOrigin);
      const [shown] = ((await decoded.json()) as { payloads: Array<{ data: string }> }).payloads;
      expect(JSON.parse(Buffer.from(shown!.data, 'base64').toString())).toMatch(/^Encrypted: personal data\. Sign in as complaints-manager/);

      const token = spawnSync(path.join(ROOT as string, 'node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'complaints-officer'], { cwd: ROOT as string, env, encoding: 'utf8' }).stdout.trim();
      const created = await fetch(`${base}/v1/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ receivedAt: '2026-11-20T09:30:00Z', channel: 'letter', complainant: { name: 'A Parent', type: 'parent' }, summary: 'x' }),
      });
      expect(created.status).toBe(201);
      const { reference } = (await created.json()) as { reference: string };
      const listed = spawnSync(TEMPORAL_CLI as string, ['workflow', 'list', '--address', `127.0.0.1:${temporalPort}`, '--query', `WorkflowId = "${reference}"`], { encoding: 'utf8' });
      expect(listed.stdout).toContain(reference);
      expect(listed.stdout).toContain('Running');

      app.child.kill('SIGINT');
      expect(await app.exited).toBe(0);
      expect(app.output()).toContain('stopped.');
      expect((await fetch(`${base}/healthz`).catch(() => undefined))?.status).toBeUndefined();

      // Started again on the same data: the case is still there, its clock still set.
      app = start();
      await ready();
      const again = await fetch(`${base}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${token}` } });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { deadlines: Array<{ due: string }> }).deadlines[0]?.due).toBe('2026-11-25');
    } finally {
      app.child.kill('SIGINT');
      await app.exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
