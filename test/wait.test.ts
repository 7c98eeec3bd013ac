import { describe, expect, it } from "vitest";
import { waitFor } from "./wait";

describe("waitFor", () => {
  it("reads until the value is what it waits for, and returns that value", async () => {
    let reads = 0;
    const value = await waitFor(
      async () => ++reads,
      (n) => n === 3,
      { interval: 1 },
    );
    expect(value).toBe(3);
    expect(reads).toBe(3);
  });

  it("does not wait when the first read already is the outcome", async () => {
    let reads = 0;
    expect(
      await waitFor(
        () => ++reads,
        () => true,
      ),
    ).toBe(1);
    expect(reads).toBe(1);
  });

  it("gives up after the timeout with the last value read, for the assertion to show", async () => {
    let reads = 0;
    const value = await waitFor(
      () => ({ status: "queued", reads: ++reads }),
      (row) => row.status === "sent",
      { timeout: 20, interval: 1 },
    );
    expect(value.status).toBe("queued");
    expect(value.reads).toBeGreaterThan(1);
    expect(value.reads).toBe(reads);
  });

  it("lets a failing read fail the wait", async () => {
    await expect(
      waitFor(
        () => Promise.reject(new Error("database gone")),
        () => true,
      ),
    ).rejects.toThrow("database gone");
  });
});
