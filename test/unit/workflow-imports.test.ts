/**
 * The workflow imports nothing from records/ (issue 14): it builds its case
 * snapshot from domain/ and hands it to an activity. Lint refuses a records
 * import under workflows/, even of a type, and still lets the workflow import
 * the procedure and its activities' type.
 */
import { ESLint } from 'eslint';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const FILE = 'workflows/retention/cutoff.ts';

async function importErrors(imports: string): Promise<string[]> {
  // Only the import rule, without type information: the check needs no TypeScript program.
  const eslint = new ESLint({
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  });
  const [result] = await eslint.lintText(`${imports}\n${fs.readFileSync(FILE, 'utf8')}`, { filePath: FILE });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('workflows/ imports', () => {
  it('refuses records/, even as types', async () => {
    const errors = await importErrors(
      [
        "import { snapshotFromState } from '../../records';",
        "import type { ActionSnapshot } from '../../records/actions';",
        "import type { Records } from '../../records/repository';",
      ].join('\n'),
    );
    expect(errors).toHaveLength(3);
  });

  it('lets the workflow import the procedure and its activities as types', async () => {
    const errors = await importErrors(
      "import { snapshotFromState } from '../../domain/complaint/snapshot';\nimport type { ActionSnapshot } from '../../domain/actions/snapshot';\nimport type { Activities } from '../../activities';",
    );
    expect(errors).toEqual([]);
  });
});
