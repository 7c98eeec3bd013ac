import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { enqueueRoiRefresh, forgetRoiRefreshes, slotEnd } from "./enqueue";

// Ingestion asks for a ROI refresh with every event; pg-boss collapses the asks of one minute into
// one job. Once this process has seen that job committed, it stops asking for the rest of the
// minute — the inserts would change nothing and would queue on the job's unique index.

await setupFreshDatabase();
afterAll(stopBoss);
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  forgetRoiRefreshes();
});

// Each test its own org: a job another test committed this minute would collapse its asks.
let owner: TestOwner;
beforeEach(async () => {
  owner = await createOwner();
});

const ask = () => withTenant(systemContext("test", { id: owner.orgId }), enqueueRoiRefresh);
/** This process's clock, `seconds` into a minute (the database keeps its own time). */
const clockAt = (seconds: number) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.UTC(2026, 11, 6, 5, 0, seconds)));
};

describe("slots", () => {
  it("end on the next whole minute of the epoch, as pg-boss's singleton slots do", () => {
    expect(slotEnd(Date.UTC(2026, 11, 6, 5, 0, 30))).toBe(Date.UTC(2026, 11, 6, 5, 1, 0));
    expect(slotEnd(Date.UTC(2026, 11, 6, 5, 1, 0))).toBe(Date.UTC(2026, 11, 6, 5, 2, 0));
  });
});

describe("asking for a refresh", () => {
  it("stops inserting once a committed job for the minute is seen, until near its end", async () => {
    clockAt(30);
    const send = vi.spyOn(await getBoss(), "send");
    // Asks insert until pg-boss collapses one into the committed job: the second ask, or the
    // third if the first two fell on either side of the database's minute.
    for (let i = 0; i < 3; i += 1) {
      await ask();
      if ((await send.mock.results.at(-1)?.value) === null) break;
    }
    const sent = send.mock.calls.length;
    await ask();
    await ask();
    expect(send).toHaveBeenCalledTimes(sent);
    // Ten seconds before the minute ends, this process asks again.
    vi.setSystemTime(new Date(Date.UTC(2026, 11, 6, 5, 0, 51)));
    await ask();
    expect(send).toHaveBeenCalledTimes(sent + 1);
  });

  it("learns nothing from a job its own transaction inserted and rolled back", async () => {
    clockAt(30);
    const send = vi.spyOn(await getBoss(), "send");
    await withTenant(systemContext("test", { id: owner.orgId }), async (tx) => {
      await enqueueRoiRefresh(tx);
      tx.rollback();
    }).catch(() => {});
    await ask();
    await ask();
    expect(send.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("learns nothing in a minute's first seconds (the transaction may have begun in the last)", async () => {
    clockAt(3);
    const send = vi.spyOn(await getBoss(), "send");
    await ask();
    await ask();
    await ask();
    expect(send).toHaveBeenCalledTimes(3);
  });
});
