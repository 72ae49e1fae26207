/**
 * Evaluated once per V8 context and shared by every workflow in it (the
 * SDK's `preloadModules`, worker/worker.ts), where every other module of the
 * bundle is evaluated again for each workflow the worker creates, so on
 * every wake of an evicted case. Only pure data: the bank holidays file,
 * parsed from its JSON once rather than on every wake. Sharing it cannot
 * change what a workflow does, so no patch.
 *
 * The SDK freezes what is shared: nothing may write to it, and nothing does
 * (domain/holidays.ts reads it through its schema, which builds new objects).
 * zod itself cannot be shared this way: it writes to objects of its own
 * modules when it parses (a format check resets its RegExp's `lastIndex`),
 * which the freeze refuses.
 */
import '../domain/bank-holidays.json';
