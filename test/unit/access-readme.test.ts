import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessTableMarkdown } from '../../domain/access';

describe('the README documents the access rule', () => {
  it('shows the table of domain/access.ts exactly', () => {
    expect(fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(`\n${accessTableMarkdown()}\n`);
  });
});
