import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Screenshots of the complainant's pages, for a person to look at (git-ignored). */
export const SHOTS = path.resolve('test-results/screenshots');

/** The page as it stands: no axe-core violation of WCAG 2.0–2.2 A and AA, and a screenshot under `name`. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(
    result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) })),
    `axe on ${name}`,
  ).toEqual([]);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches `selector` (keyboard only: never a click). */
export async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}
