/**
 * What `zod` is inside the workflow bundle (worker/worker.ts redirects it
 * here): zod as workflows/shared-modules.ts keeps it, evaluated once per V8
 * context rather than on every wake of an evicted case.
 */
import { sharedZod } from './shared-modules';

export const z = sharedZod();
