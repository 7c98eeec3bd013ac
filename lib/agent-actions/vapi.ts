import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { findOwner } from "@/lib/contacts/identities";
import { toE164 } from "@/lib/contacts/phone";
import { createContactIn } from "@/lib/contacts/profile/service";
import { systemContext, type TenantContext } from "@/lib/context";
import { inSavepoint, tenantTxWithin, type TenantTx } from "@/lib/db/scopes";
import { AppError, ValidationError } from "@/lib/errors";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { log } from "@/lib/log";
import { findContactByPhone } from "@/lib/webhooks/contacts-sql";
import type { VapiRequestEssentials } from "@/lib/webhooks/vapi-essentials";
import type { WebhookTx } from "@/lib/webhooks/inbox-store";
import { readVapiMessage } from "@/lib/webhooks/vapi-message";
import { executeAction } from "./execute";
import { findAction, vapiToolDefinition } from "./registry";

// VAPI's questions during a call, answered by the registry: `tool-calls` (one result per
// toolCallId, a sentence the agent can say, HTTP 200 whatever happened) and
// `transfer-destination-request` (a destination, or an error in words). Called from the VAPI
// webhook's adapter (lib/webhooks/vapi-adapter.ts) once the event is verified and stored.

export type VapiOrg = { orgId: string; orgName: string; orgSlug: string; orgCountry: string };

const agentContext = (org: VapiOrg, permissions: TenantContext["actor"]["permissions"]) => {
  const ctx = systemContext("vapi tool call", {
    id: org.orgId,
    name: org.orgName,
    slug: org.orgSlug,
  });
  return { ...ctx, actor: { ...ctx.actor, permissions } } as TenantContext;
};

/**
 * The caller's contact, made from their number when Luneo does not know them yet, in a savepoint
 * of the webhook's transaction: ingestion may create the same caller at the same moment (the
 * number is unique per org), and that collision must not cost the event stored in it.
 */
async function callerContact(
  within: TenantTx,
  org: VapiOrg,
  number: string | undefined,
): Promise<string | null> {
  const phone = toE164(number, org.orgCountry as CountryCode);
  if (!phone) return null;
  const ctx = agentContext(org, ["contacts.write"]);
  try {
    return await inSavepoint(within, async (tx) => {
      const existing = await findOwner(tx, "phone", [phone]);
      return existing ?? (await createContactIn(tx, ctx, { phones: [phone] })).id;
    });
  } catch (error) {
    // The other writer has committed by the time the unique index let ours fail: theirs is the
    // contact then.
    const found = await findOwner(within, "phone", [phone]);
    if (found) return found;
    throw error;
  }
}

function words(error: unknown, tool: string, org: VapiOrg): string {
  if (error instanceof ValidationError) {
    const problems = Object.entries(error.fieldErrors ?? {})
      .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
      .join("; ");
    return `I couldn't do that yet: ${problems || error.message}`;
  }
  if (error instanceof AppError) {
    return error.code === "NOT_FOUND" && !findAction(tool)
      ? notAvailable(tool, org)
      : error.message;
  }
  log.error({ err: error, orgId: org.orgId }, "tool call failed unexpectedly");
  return "Something went wrong on our side; please offer to take a message instead.";
}

const needsContact = (tool: string) => tool !== "transfer" && Boolean(findAction(tool));

/** What the agent hears for a tool it cannot use: unknown, or the actions flag is off. */
const notAvailable = (tool: string, org: VapiOrg) =>
  `The tool “${tool}” is not available for ${org.orgName}.`;

/**
 * The actions module's gate on calls (docs/adr/0012): while it is off, no tool exists. Read in the
 * webhook's own transaction.
 */
const actionsOn = (within: TenantTx) => isFeatureEnabled(within.orgId, FLAGS.actions.key, within);

/** The caller's contact, found in the webhook's own transaction when Luneo already knows the number. */
async function knownCaller(tx: WebhookTx, org: VapiOrg, number: string | undefined) {
  const phone = toE164(number, org.orgCountry as CountryCode);
  return phone ? ((await findContactByPhone(tx, phone))?.id ?? null) : null;
}

/**
 * The answer to a `tool-calls` message: { results: [{ toolCallId, result }] }, in order. `tx` is
 * the webhook's transaction (the event is stored in it) and everything happens in it: the known
 * caller and the actions flag are read together, then each execution runs in a savepoint. One
 * transaction and one connection per tool call (it was three transactions on two connections).
 */
export async function answerToolCalls(
  tx: WebhookTx,
  org: VapiOrg,
  essentials: Extract<VapiRequestEssentials, { type: "tool-calls" }>,
  body: unknown,
) {
  const read = readVapiMessage(body);
  const number = read.ok
    ? (read.message.call?.customer?.number ?? read.message.customer?.number)
    : undefined;
  const wantsContact = essentials.toolCalls.some((call) => needsContact(call.name));
  const within = tenantTxWithin(tx);
  const [on, known] = await Promise.all([
    actionsOn(within),
    wantsContact ? knownCaller(tx, org, number) : null,
  ]);
  if (!on) {
    return {
      results: essentials.toolCalls.map((call) => ({
        toolCallId: call.id,
        result: notAvailable(call.name, org),
      })),
    };
  }
  let contactId: string | null | undefined = known ?? undefined;
  const results: { toolCallId: string; result: string }[] = [];
  for (const call of essentials.toolCalls) {
    try {
      const action = findAction(call.name);
      if (contactId === undefined && needsContact(call.name)) {
        contactId = await callerContact(within, org, number);
      }
      const answer = await executeAction(
        agentContext(org, action?.permissions ?? []),
        {
          action: call.name,
          input: call.arguments ?? {},
          dryRun: false,
          source: "agent",
          idempotencyKey: `vapi:${essentials.callId ?? "-"}:${call.id}`,
          callerContactId: contactId ?? null,
          callId: essentials.callId,
        },
        within,
      );
      results.push({ toolCallId: call.id, result: answer.result });
    } catch (error) {
      results.push({ toolCallId: call.id, result: words(error, call.name, org) });
    }
  }
  return { results };
}

/**
 * The answer to `transfer-destination-request`: { destination } or { error } in words, in the
 * webhook's transaction `tx` like tool calls.
 */
export async function answerTransferDestination(tx: WebhookTx, org: VapiOrg, body: unknown) {
  const read = readVapiMessage(body);
  const callId = read.ok ? read.message.call?.id : undefined;
  const within = tenantTxWithin(tx);
  if (!(await actionsOn(within))) return { error: notAvailable("transfer", org) };
  try {
    const action = findAction("transfer")!;
    const answer = await executeAction(
      agentContext(org, action.permissions),
      { action: "transfer", input: {}, dryRun: false, source: "agent", callId },
      within,
    );
    if (answer.status === "succeeded" && answer.destination) {
      return { destination: answer.destination };
    }
    return { error: answer.result };
  } catch (error) {
    return { error: words(error, "transfer", org) };
  }
}

/**
 * The transient assistant Luneo provides (assistant-request without an Assistant ID) with the
 * org's turned-on actions as its tools, and the server messages their calls need (none while the
 * actions flag is off for the org). Read in the
 * webhook's own transaction: one small query, only on that path.
 */
export async function withActionTools<
  A extends { model: Record<string, unknown>; serverMessages: string[] },
>(tx: WebhookTx, assistant: A): Promise<A> {
  // The flag's overrides are read on their own connection, alongside the settings query.
  const [rows, on] = await Promise.all([
    tx<{ action: string }[]>`
      select action from action_settings where org_id = ${tx.orgId} and enabled order by action`,
    actionsOn(tenantTxWithin(tx)),
  ]);
  if (!on) return assistant;
  const actions = rows.map((r) => findAction(r.action)).filter((a) => a !== null);
  if (actions.length === 0) return assistant;
  const needed = [
    "tool-calls",
    ...(actions.some((a) => a.name === "transfer") ? ["transfer-destination-request"] : []),
  ];
  return {
    ...assistant,
    model: { ...assistant.model, tools: actions.map(vapiToolDefinition) },
    serverMessages: [...new Set([...assistant.serverMessages, ...needed])],
  };
}
