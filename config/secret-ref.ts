import fs from 'node:fs';

/**
 * Where a secret is, never the secret: `env:NAME` (an environment variable)
 * or `file:/absolute/path` (a mounted secret file, its trimmed contents).
 * A council's letter channel settings keep these references, so no key is
 * ever stored in the database in clear.
 */
export const SECRET_REF = /^(env:[A-Z][A-Z0-9_]*|file:\/.+)$/;

/** Why `ref` is not a secret reference, or undefined when it is one. */
export function secretRefProblem(ref: string): string | undefined {
  if (SECRET_REF.test(ref)) return undefined;
  return 'give where the secret is, never the secret itself: env:NAME (an environment variable such as env:LUTON_NOTIFY_API_KEY) or file:/path (a secret file)';
}

/** The secret a reference points at; an error naming the reference (never a value) when it is missing. */
export function readSecretRef(ref: string, env: NodeJS.ProcessEnv = process.env): string {
  const problem = secretRefProblem(ref);
  if (problem) throw new Error(`${ref.slice(0, 4)}…: ${problem}`);
  if (ref.startsWith('env:')) {
    const value = env[ref.slice(4)];
    if (!value) throw new Error(`${ref} is not set`);
    return value;
  }
  const file = ref.slice(5);
  let value: string;
  try {
    value = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`${ref} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!value) throw new Error(`${ref} is empty`);
  return value;
}
