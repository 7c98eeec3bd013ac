import { afterAll, describe, expect, it } from "vitest";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { checkReadiness } from "./readiness";

await setupFreshDatabase();
afterAll(stopBoss);

describe("checkReadiness", () => {
  it("is ready when the database answers, migrations are current and the job queue answers", async () => {
    const readiness = await checkReadiness();
    expect(readiness).toMatchObject({ ready: true, database: "ok", jobQueue: "ok" });
    expect(readiness.migrations?.current).toBe(true);
  });
});
