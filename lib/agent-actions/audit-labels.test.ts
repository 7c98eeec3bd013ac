import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeAuditAction } from "@/components/audit/describe";

// Every audit action this module records reads as words wherever audit entries are shown (the
// overview's recent activity, Settings → Audit log), never as "action.executed".
const dir = path.join(process.cwd(), "lib/agent-actions");
const recorded = new Set<string>();
for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
  const text = readFileSync(path.join(dir, file), "utf8");
  for (const call of text.matchAll(/recordAudit\([^;]*?action:([^,]*),/gs)) {
    for (const name of call[1]!.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) recorded.add(name[1]!);
  }
}

describe("audit labels of the actions module", () => {
  it("finds the module's audit actions", () => {
    expect([...recorded]).toEqual(expect.arrayContaining(["action.executed", "task.created"]));
  });

  it.each([...recorded])("%s has words", (action) => {
    expect(describeAuditAction(action)).not.toBe(action);
  });
});
