import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeAuditAction,
  describeAuditEntry,
  fromToLabel,
  type AuditEntryWords,
} from "./describe";

const executed = (
  metadata: Record<string, unknown>,
  actor: Partial<AuditEntryWords> = {},
): AuditEntryWords => ({
  action: "action.executed",
  actorType: "system",
  actorName: null,
  metadata,
  ...actor,
});

const sentence = (row: AuditEntryWords) => {
  const { actor, text } = describeAuditEntry(row);
  return `${actor} ${text}`;
};

describe("an executed action in words", () => {
  it("says what the agent did during a call", () => {
    expect(sentence(executed({ action: "ticket", status: "succeeded", source: "agent" }))).toBe(
      "The agent created a follow-up task during a call",
    );
    expect(sentence(executed({ action: "email", status: "queued", source: "agent" }))).toBe(
      "The agent queued an email to go out during a call",
    );
    expect(
      sentence(executed({ action: "webhook_call", status: "pending_approval", source: "agent" })),
    ).toBe("The agent proposed a webhook call during a call, waiting for approval");
  });

  it("names the contact's changed fields, never their values", () => {
    const row = executed({
      action: "update_contact",
      status: "succeeded",
      source: "agent",
      fields: ["leadStatus"],
    });
    expect(sentence(row)).toBe("The agent updated a contact's lead status during a call");
    row.metadata.fields = ["tags", "leadStatus", "leadFields", "unknownField"];
    expect(sentence(row)).toBe(
      "The agent updated a contact's tags, lead status and qualification answers during a call",
    );
    delete row.metadata.fields;
    expect(sentence(row)).toBe("The agent updated a contact's details during a call");
  });

  it("says who ran it through the API or from the dashboard", () => {
    expect(
      sentence(
        executed(
          { action: "transfer", status: "succeeded", source: "api" },
          { actorType: "api_key" },
        ),
      ),
    ).toBe("An API key transferred a call to a person");
    expect(
      sentence(
        executed(
          { action: "ticket", status: "succeeded", source: "user" },
          { actorType: "user", actorName: "Julia Moreau" },
        ),
      ),
    ).toBe("Julia Moreau created a follow-up task");
  });

  it("falls back to plain words for an action it does not know or a malformed entry", () => {
    expect(sentence(executed({ action: "sms", status: "succeeded", source: "agent" }))).toBe(
      "The agent ran an action during a call",
    );
    expect(sentence(executed({}))).toBe("Luneo ran an action");
  });
});

describe("an action's settings in words", () => {
  const saved = (targetId: string | null, metadata: Record<string, unknown>): AuditEntryWords => ({
    action: "action.settings_changed",
    actorType: "user",
    actorName: "Dana Demo",
    metadata,
    targetId,
  });

  it("names the action as Settings → Actions does, and says on or off", () => {
    expect(sentence(saved("ticket", { enabled: true }))).toBe(
      "Dana Demo turned on “Follow-up task”",
    );
    expect(sentence(saved("email", { enabled: false }))).toBe(
      "Dana Demo turned off “Send an email”",
    );
    expect(sentence(saved("webhook_call", {}))).toBe(
      "Dana Demo changed the settings of “Call a webhook”",
    );
  });

  it("falls back to plain words for an action it does not know", () => {
    expect(sentence(saved("teleport", { enabled: true }))).toBe(
      "Dana Demo changed the settings of an action",
    );
    expect(sentence(saved(null, {}))).toBe("Dana Demo changed the settings of an action");
  });
});

describe("an entry's from → to", () => {
  const names = new Map([
    ["u-1", "Dana Demo"],
    ["u-2", "Max Member"],
  ]);
  it("shows roles as they are and hand-overs as the members' names, never their ids", () => {
    const role = { action: "member.role_changed", metadata: { from: "member", to: "admin" } };
    expect(fromToLabel(role, names)).toBe("member → admin");
    const key = { action: "api_key.handed_over", metadata: { from: "u-3", to: "u-1" } };
    expect(fromToLabel(key, names)).toBe("a former member → Dana Demo");
    const invite = {
      action: "member.invitation_handed_over",
      metadata: { from: "u-1", to: "u-2" },
    };
    expect(fromToLabel(invite, names)).toBe("Dana Demo → Max Member");
    expect(fromToLabel({ action: "org.created", metadata: {} }, names)).toBeNull();
  });
});

describe("other entries", () => {
  it("read as their label, with the actor", () => {
    expect(
      describeAuditEntry({
        action: "member.invited",
        actorType: "user",
        actorName: null,
        metadata: {},
      }),
    ).toEqual({ actor: "A former member", text: "invited a teammate" });
    expect(
      describeAuditEntry({ action: "x.y", actorType: "api_key", actorName: null, metadata: {} }),
    ).toEqual({ actor: "An API key", text: "x.y" });
  });
});

describe("every audit action the product records", () => {
  // Literal `action: "area.verb"` in lib/ and app/ outside tests (staff.* go to the platform log,
  // shown on /staff): each reads as words wherever entries are shown, never as its name.
  const recorded = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        for (const m of readFileSync(file, "utf8").matchAll(/action: "([a-z_]+\.[a-z_]+)"/g)) {
          if (!m[1]!.startsWith("staff.")) recorded.add(m[1]!);
        }
      }
    }
  };
  walk(path.join(process.cwd(), "lib"));
  walk(path.join(process.cwd(), "app"));

  it("are found", () => {
    expect([...recorded]).toEqual(
      expect.arrayContaining(["action.executed", "learning.gap_approved", "org.created"]),
    );
  });

  it.each([...recorded].sort())("%s has words", (action) => {
    expect(describeAuditAction(action)).not.toBe(action);
  });
});
