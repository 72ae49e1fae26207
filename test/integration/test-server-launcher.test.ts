import { spawnSync } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEST_SERVER_LAUNCHER } from '../../scripts/tools.mjs';
import { eventually } from '../helpers/eventually';

function javaServersOn(port: string): string {
  return spawnSync('pgrep', ['-af', `TestServer ${port}`], { encoding: 'utf8' }).stdout.trim();
}

describe('the test-server launcher', () => {
  it('is started by the SDK itself, skips time on the wall clock, and dies with the SDK kill', async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEST_SERVER_LAUNCHER as string } },
    });
    const port = env.address.split(':').pop() as string;
    expect(javaServersOn(port)).toMatch(/io\.temporal\.testserver\.TestServer/);
    const before = await env.currentTimeMs();
    expect(Math.abs(before - Date.now())).toBeLessThan(60_000);
    await env.sleep(65 * 24 * 60 * 60 * 1000);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(65 * 24 * 60 * 60 * 1000);
    await env.teardown();
    // `exec` means the process the SDK killed was the JVM itself: nothing is left behind.
    await eventually(async () => javaServersOn(port), (left) => left === '', 5_000);
  });
});
