// The one polling helper of the tests (Vitest and Playwright specs alike, so it imports nothing):
// background work (pg-boss jobs, the outbox, an import) finishes when it finishes, and a test
// reads until the outcome shows. It returns the last value read whether or not `until` held, so
// the assertion that follows shows what was there instead of a bare "timed out".

export type WaitOptions = {
  /** How long to keep reading, in milliseconds (default 15 s). */
  timeout?: number;
  /** The pause between two reads, in milliseconds (default 250). */
  interval?: number;
};

export async function waitFor<T>(
  read: () => T | Promise<T>,
  until: (value: T) => boolean,
  { timeout = 15_000, interval = 250 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!until(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, interval));
    value = await read();
  }
  return value;
}
