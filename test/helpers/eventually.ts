/**
 * Polls `read` until `done` holds: a timer's workflow task may still be in
 * flight when the test server returns from a sleep. Fails with the last value.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(value, null, 2)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
