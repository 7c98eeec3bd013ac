import "server-only";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { contacts, memberships, tasks } from "@/db/schema";
import { executeAction } from "@/lib/agent-actions/execute";
import { saveActionSettings } from "@/lib/agent-actions/service";
import { newWebhookSecret } from "@/lib/standard-webhooks/sign";
import { systemContext, type TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";

// The demo org's actions: turned on and configured, with what the agent did on a few recent calls
// (follow-up tasks, a qualified lead, an email), one dry-run from the dashboard, and a CRM
// notification waiting for the owner's approval. Through the same verbs a call would use.

const day = 86_400_000;

/** `hour`:00 in the demo org's time zone (America/Los_Angeles, UTC−8 in winter) `days` from today. */
const at = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * day);
  d.setUTCHours(hour + 8, 0, 0, 0);
  return d.toISOString();
};

export async function seedDemoActions(owner: TenantContext) {
  const [member] = await withTenant(owner, (tx) =>
    tx
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, tx.orgId), eq(memberships.role, "member"))),
  );
  const enable = (
    action: "ticket" | "update_contact" | "email" | "transfer" | "webhook_call",
    config: Record<string, string>,
    secret?: string,
  ) =>
    saveActionSettings(owner, {
      action,
      enabled: true,
      requireApproval: action === "webhook_call",
      config,
      secret,
    });
  await enable("ticket", member ? { assigneeId: member.id } : {});
  await enable("update_contact", {});
  await enable("email", {
    signature: "Seaside Realty — 12 Marina Walk, homes by the sea since 1998",
  });
  await enable("transfer", {
    number: "+14155550142",
    message: "I'm putting you through to one of our agents now.",
  });
  await enable(
    "webhook_call",
    { url: "https://crm.seaside-realty.example/hooks/luneo" },
    newWebhookSecret(),
  );

  const callers = await withTenant(owner, (tx) =>
    tx
      .select({ id: contacts.id, name: contacts.name })
      .from(contacts)
      .where(
        and(
          eq(contacts.orgId, tx.orgId),
          isNotNull(contacts.name),
          isNull(contacts.mergedIntoId),
          eq(contacts.testOnly, false),
        ),
      )
      .orderBy(desc(contacts.lastInteractionAt))
      .limit(5),
  );
  if (callers.length < 5) return;
  const who = (name: string | null) => name ?? "the caller";
  const agent = {
    ...systemContext("vapi tool call", owner.org),
    actor: {
      type: "system",
      job: "vapi tool call",
      permissions: ["tasks.write", "contacts.write"],
    },
  } as TenantContext;
  const onCall = (n: number, action: string, contactId: string, input: Record<string, unknown>) =>
    executeAction(agent, {
      action,
      input,
      dryRun: false,
      source: "agent",
      idempotencyKey: `vapi:demo-call-${n}:tool-${action}`,
      callerContactId: contactId,
      callId: `demo-call-${n}`,
    });

  const [c1, c2, c3, c4, c5] = callers as [
    (typeof callers)[number],
    (typeof callers)[number],
    (typeof callers)[number],
    (typeof callers)[number],
    (typeof callers)[number],
  ];
  await onCall(1, "ticket", c1.id, {
    title: `Call ${who(c1.name)} back about the two-bedroom condo on Quay Street`,
    details:
      "Wants to know whether the parking space comes with the condo and if the seller would accept $395,000.",
    dueAt: at(1, 9),
  });
  await onCall(1, "update_contact", c1.id, {
    leadStatus: "qualified",
    addTags: ["buyer", "sea-view"],
    leadFields: { budget: 400000 },
  });
  await onCall(2, "ticket", c2.id, {
    title: `Send ${who(c2.name)} the floor plans and the HOA documents for 17 Church Lane`,
    dueAt: at(-1, 15),
  });
  await onCall(3, "ticket", c3.id, {
    title: `Arrange a valuation visit at ${who(c3.name)}'s house on Ridge Road`,
    details: "Thinking of selling in spring; available weekday mornings.",
    dueAt: at(3, 10),
  });
  await onCall(4, "email", c4.id, {
    to: "client@example.com",
    subject: "Your viewing on Saturday at 11 am",
    body: "Hello,\n\nAs promised on the phone, your viewing of the apartment on the Esplanade is confirmed for Saturday at 11 am. Julia will meet you in the lobby.",
  });
  const done = await onCall(5, "ticket", c5.id, {
    title: `Confirm the rental application received from ${who(c5.name)}`,
    dueAt: at(-2, 11),
  });
  await onCall(5, "webhook_call", c5.id, {
    event: "lead.qualified",
    data: {
      reference: "RENT-2291",
      property: "2-bed apartment, 44 Station Road",
      monthlyBudget: 2450,
    },
  });
  await executeAction(owner, {
    action: "ticket",
    input: { title: "Ring back the escrow officer about the Mill Lane closing date" },
    dryRun: true,
    source: "user",
  });
  await withTenant(owner, (tx) =>
    tx
      .update(tasks)
      .set({ status: "done", completedAt: new Date() })
      .where(and(eq(tasks.orgId, tx.orgId), eq(tasks.executionId, done.executionId))),
  );
}
