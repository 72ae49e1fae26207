/**
 * Built on first use, then kept. The worker evaluates every module of the
 * workflow bundle again for each workflow it creates (each keeps its own
 * module state), so what a module builds when loaded is built again on every
 * wake of an evicted case: schemas, parsed profiles and data files are built
 * through these instead, when something first asks for them. Only pure data:
 * building it later cannot change what a workflow does.
 */

/** `build()` once, on the first call. */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}

/**
 * An object whose every property is built on first read, each on its own:
 * `names` are its keys (enumerable, in this order), `build(name)` gives one.
 */
export function lazyRecord<T extends object>(names: readonly (keyof T & string)[], build: <K extends keyof T & string>(name: K) => T[K]): T {
  const record = {} as T;
  for (const name of names) {
    const value = lazy(() => build(name));
    Object.defineProperty(record, name, { enumerable: true, get: value });
  }
  return Object.freeze(record);
}
