/**
 * Evaluated once per V8 context and shared by every workflow in it (the
 * SDK's `preloadModules`, worker/worker.ts), where every other module of the
 * bundle is evaluated again for each workflow the worker creates, so on
 * every wake of an evicted case. Sharing these cannot change what a
 * workflow does, so no patch:
 * - the bank holidays file, parsed from its JSON once: pure data, which the
 *   SDK freezes and nothing writes to (domain/holidays.ts reads it through
 *   its schema, which builds new objects);
 * - zod's own modules, evaluated by the first workflow that uses zod and kept
 *   here for the rest (the bundle's `zod` is workflows/zod.ts). They hold no
 *   workflow's state: each workflow builds its own schemas (domain/lazy.ts),
 *   and what zod keeps (its messages, a RegExp's `lastIndex` reset before each
 *   test, a registry of schemas' descriptions) is the same for every
 *   workflow. They cannot be preloaded as they are: the SDK freezes what is
 *   preloaded, and zod writes to objects of its own modules when it parses.
 */
import type { z as Z } from 'zod';
import '../domain/bank-holidays.json';

let zod: typeof Z | undefined;

/** zod's `z`, evaluated on the first call in this V8 context. */
export function sharedZod(): typeof Z {
  // A require webpack keeps in this bundle; `zod/v4` is the same `z` as `zod`, under a name the bundle does not redirect.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  zod ??= (require('zod/v4') as { z: typeof Z }).z;
  return zod;
}
