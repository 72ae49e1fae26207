/**
 * domain/ is the procedure with no Temporal in sight: lint refuses
 * an import of Temporal, records, API, activity, worker or workflow code there,
 * and still lets the procedure import itself and zod.
 */
import { ESLint } from 'eslint';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const FILE = 'domain/complaint/rules.ts';

async function importErrors(imports: string): Promise<string[]> {
  // Only the import rule, without type information: the check needs no TypeScript program.
  const eslint = new ESLint({
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  });
  const [result] = await eslint.lintText(`${imports}\n${fs.readFileSync(FILE, 'utf8')}`, { filePath: FILE });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('domain/ imports', () => {
  it('refuses Temporal, records, API, activity, worker and workflow code, even as types', async () => {
    const errors = await importErrors(
      [
        "import '@temporalio/workflow';",
        "import '@temporalio/common';",
        "import type { Records } from '../../records/repository';",
        "import type { Activities } from '../../activities';",
        "import '../../api/app';",
        "import '../../worker/worker';",
        "import '../../workflows/complaint/messages';",
      ].join('\n'),
    );
    expect(errors).toHaveLength(7);
  });

  it('lets the procedure import itself and zod', async () => {
    expect(await importErrors("import { z } from 'zod';\nimport type { IsoDate } from '../dates';\nimport type { ComplaintState } from './state';")).toEqual([]);
  });
});
