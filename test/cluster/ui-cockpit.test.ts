import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLong } from '../../domain/dates';
import { launchChromium, screenshot } from '../helpers/browser';
import { cluster, clusterApi, type ClusterApi } from './cluster';

// The operators' cockpit in the real Temporal UI (ui-server 2.42.1) on the
// cluster: a case's summary, current details and timer label, decoded through
// the codec endpoint (https, as the UI passes a token only over https) for a
// complaints manager, and withheld from anyone else.
let api: ClusterApi;
let browser: Browser;
beforeAll(async () => {
  api = await clusterApi();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function command(reference: string, name: string, body: object): Promise<void> {
  const res = await fetch(`${api.url()}/v1/complaints/${reference}/commands/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token('complaints-manager')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/**
 * A browser session of the UI. The cluster's UI has no sign-in of its own, so
 * for `token` the test adds the operator's access token to each codec call,
 * as the UI does itself once a council's identity provider signs operators in
 * (README, "The cockpit"). The codec's certificate is the cluster's local CA's.
 */
/** A tab of the workflow's page, by its name (the UI renders them as tabs). */
const tab = (page: Page, name: string | RegExp) => page.getByRole('tab', { name }).or(page.getByRole('link', { name })).first();

/** What the page shows, its frames included (the UI renders the summary and details as Markdown in sandboxed frames); typographic quotes made plain. */
async function shown(page: Page): Promise<string> {
  const texts = await Promise.all(page.frames().map((frame) => frame.locator('body').innerText().catch(() => '')));
  return texts.join('\n').replace(/[’‘]/g, "'");
}

async function session(token?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  if (token) await page.route(`${cluster().codecUrl}/**`, (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }));
  return { context, page };
}

describe("the operators' cockpit in the Temporal UI", () => {
  it('shows the summary, current details and timer label decoded for a complaints manager, and none of it to a caller without the role', async () => {
    expect(cluster().uiUrl).toBeDefined();
    expect(cluster().codecUrl).toMatch(/^https:/);
    const created = await fetch(`${api.url()}/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await api.token('complaints-officer')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ receivedAt: new Date().toISOString(), channel: 'letter', complainant: { name: 'Cockpit Parent (fictional)', type: 'parent' }, summary: 'Contact arrangements changed without notice', team: 'Children in Care' }),
    });
    expect(created.status).toBe(201);
    const { reference } = (await created.json()) as { reference: string };
    await command(reference, 'triage', { decision: 'stage1' });
    await command(reference, 'acknowledge', {});

    const { context, page } = await session(await api.token('complaints-manager'));
    await page.goto(`${cluster().uiUrl}/namespaces/${cluster().namespace}/workflows/${reference}`);
    await tab(page, 'User Metadata').click();
    await expect.poll(() => shown(page), { timeout: 60_000 }).toContain(`Children's complaint · ${reference}`);
    await expect.poll(() => shown(page), { timeout: 30_000 }).toMatch(/Stage 1 · day/);
    const text = await shown(page);
    // Current details: Stage 1, its working-day count, and the response (the acknowledgement is done) as the next date.
    const view = (await (await fetch(`${api.url()}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${await api.token('complaints-manager')}` } })).json()) as { deadlines: Array<{ key: string; due: string }> };
    const respond = view.deadlines.find((d) => d.key === 'stage1.respond')!;
    expect(text).toMatch(new RegExp(`Stage 1 · day \\d+ of 10 working days on \\w{3} \\d{1,2} \\w{3} \\d{4} · next: Stage 1 response due ${formatLong(respond.due)}`));
    // The timer's label (a new case waits first for its grace period for steps logged late).
    expect(text).toMatch(/grace period for steps logged late ends \w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d/);
    expect(text).not.toContain('Codec Server could not connect');
    // Nothing personal on the page: the name and the complaint's text stay in the case file.
    expect(text).not.toContain('Cockpit Parent');
    const file = await screenshot(page, 'temporal-ui-cockpit');
    expect(file).toMatch(/temporal-ui-cockpit\.png$/);
    // The timeline on the History tab labels the timer too.
    await tab(page, /^History/).click();
    await expect.poll(() => shown(page), { timeout: 30_000 }).toMatch(/grace period for steps logged late ends/);
    await context.close();

    // Signed in without the codec's role (an officer): the codec answers with its notice, never the summary.
    const officer = await session(await api.token('complaints-officer'));
    await officer.page.goto(`${cluster().uiUrl}/namespaces/${cluster().namespace}/workflows/${reference}`);
    await tab(officer.page, 'User Metadata').click();
    await expect.poll(() => shown(officer.page), { timeout: 60_000 }).toContain('Encrypted: personal data.');
    const withheld = await shown(officer.page);
    expect(withheld).not.toContain(`Children's complaint · ${reference}`);
    expect(withheld).not.toMatch(/Stage 1 · day/);
    await officer.context.close();
  });
});
