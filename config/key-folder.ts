import fs from 'node:fs';
import path from 'node:path';

/**
 * Makes the keys folder (<DATA_DIR>/keys: the local signing key, the payload
 * keys) readable by this user alone: the folder 0700, each file in it 0600.
 * A folder that already existed with looser modes (an older clone, a copy, a
 * restored backup) is fixed, not refused: the keys in it are the ones the
 * cases were sealed with. A mode this process cannot fix (another owner) is
 * refused with its path.
 */
export function secureKeyFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrict(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) restrict(path.join(dir, entry.name), 0o600);
  }
}

function restrict(file: string, mode: number): void {
  const current = fs.statSync(file).mode & 0o777;
  if (current === mode) return;
  try {
    fs.chmodSync(file, mode);
  } catch (error) {
    throw new Error(
      `${file} has mode ${current.toString(8).padStart(4, '0')} and this process cannot make it ${mode.toString(8).padStart(4, '0')} ` +
        `(${(error as NodeJS.ErrnoException).code}): keys must be readable by their owner alone; fix its owner or mode`,
    );
  }
}
