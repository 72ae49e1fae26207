/**
 * The workflow imports nothing from records/: it builds its case
 * snapshot from domain/ and hands it to an activity. Lint refuses a records
 * import under workflows/, even of a type, and still lets the workflow import
 * the procedure and its activities' type. records/ is storage only: it
 * imports no delivery, API, workflow or Temporal code.
 */
import { ESLint } from 'eslint';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

async function importErrors(imports: string, file = 'workflows/retention/cutoff.ts'): Promise<string[]> {
  // Only the import rule, without type information: the check needs no TypeScript program.
  const eslint = new ESLint({
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  });
  const [result] = await eslint.lintText(`${imports}\n${fs.readFileSync(file, 'utf8')}`, { filePath: file });
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

describe('records/ imports', () => {
  it('refuses delivery, API, workflow, worker and Temporal code: the store is storage only', async () => {
    const errors = await importErrors(
      [
        "import { Correspondence } from '../activities/delivery/correspondence';",
        "import '../api/app';",
        "import '../workflows/complaint/messages';",
        "import '../worker/worker';",
        "import '../temporal/connection';",
      ].join('\n'),
      'records/errors.ts',
    );
    expect(errors).toHaveLength(5);
  });

  it('lets the store import the procedure', async () => {
    expect(await importErrors("import { headline } from '../domain/complaint/clocks';", 'records/errors.ts')).toEqual([]);
  });
});
