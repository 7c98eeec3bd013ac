import "server-only";
import type { CountryCode } from "libphonenumber-js";
import type { VapiConfig } from "@/db/schema";
import {
  answerToolCalls,
  answerTransferDestination,
  withActionTools,
} from "@/lib/agent-actions/vapi";
import { webhookUrls } from "@/lib/channels/queries";
import { toE164 } from "@/lib/contacts/phone";
import { tenantTxWithin } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import {
  KNOWLEDGE_BASE_REQUEST,
  knowledgeBaseDeclaration,
  knowledgeBaseEnabled,
  knowledgeDocuments,
} from "@/lib/learning/knowledge-base";
import { log } from "@/lib/log";
import { assistantOverridesFor } from "@/lib/verticals/assistant-overrides";
import { transientAssistantFrom } from "@/lib/verticals/transient-assistant";
import { findContactByPhone } from "./contacts-sql";
import type { ParseResult } from "./facts";
import { providerJson } from "./provider-body";
import { loadAgentConfig } from "./inbox-store";
import type { AnswerInput, ProviderAdapter, StoredEventParser } from "./receive";
import { vapiRequestEssentials } from "./vapi-essentials";
import { readVapiReceipt } from "./vapi-receipt";
import { jsonReply } from "./reply";
import { parseVapiMessage } from "./vapi-message";
import { verifyVapi } from "./verify";

/** One VAPI body's facts, on receipt and when a stored event is read again (its kind is inside). */
function parseVapiBody(rawBody: string): ParseResult {
  const json = providerJson(rawBody);
  return json.ok ? parseVapiMessage(json.value) : json;
}

export const parseStoredVapiEvent: StoredEventParser = ({ rawBody }) => parseVapiBody(rawBody);

/**
 * On receipt: the kind, key and call ids read in place (vapi-receipt.ts), which is all the store
 * and the plain `{}` answer need; the full facts for messages answered from the org's data, and
 * whenever the quick read cannot vouch for the same result. Processing parses the stored body.
 */
function parseOnReceipt(rawBody: string): ParseResult {
  const facts = readVapiReceipt(rawBody);
  if (facts && !ANSWERED_FROM_DATA.has(facts.kind)) return { ok: true, facts };
  return parseVapiBody(rawBody);
}

// VAPI's server messages: assistant-request, tool-calls, transfer-destination-request and
// knowledge-base-request need an answer built from the org's data, in the transaction that stores
// them; everything else is recorded and answered {}.
const ANSWERED_FROM_DATA = new Set([
  "assistant-request",
  "tool-calls",
  "transfer-destination-request",
  KNOWLEDGE_BASE_REQUEST,
]);

export const vapiAdapter: ProviderAdapter = {
  provider: "vapi",
  contentTypes: ["application/json"],
  keptHeaders: ["content-type", "user-agent", "x-call-id"],
  verify: (endpoint, headers, rawBody) =>
    verifyVapi(endpoint.config as VapiConfig, endpoint.secrets, headers, rawBody),
  parse: parseOnReceipt,
  answer: (facts) => (facts && ANSWERED_FROM_DATA.has(facts.kind) ? answerRequest : jsonReply({})),
};

/**
 * The org's approved answers closest to the caller's last words (lib/learning/knowledge-base.ts),
 * when its template turns the message on and the learning module is on; else no documents, so
 * the model answers from its prompt as before.
 */
async function answerKnowledgeBase(
  tx: AnswerInput["tx"],
  endpoint: AnswerInput["endpoint"],
  rawBody: string,
): Promise<Response> {
  const [{ resolved }, learningOn] = await Promise.all([
    loadAgentConfig(tx),
    isFeatureEnabled(endpoint.orgId, FLAGS.learning.key, tenantTxWithin(tx)),
  ]);
  if (!learningOn || !knowledgeBaseEnabled(resolved)) return Response.json({ documents: [] });
  return Response.json({ documents: knowledgeDocuments(resolved, JSON.parse(rawBody)) });
}

async function answerRequest({ tx, endpoint, rawBody, facts }: AnswerInput): Promise<Response> {
  if (!facts) return Response.json({});
  // Parsed once: the tool-calls path is answered while the caller waits on the phone.
  const body: unknown =
    facts.kind === "assistant-request" || facts.kind === "tool-calls" ? JSON.parse(rawBody) : null;
  const essentials = body === null ? null : vapiRequestEssentials(body);
  // Tool calls and transfer questions are answered by the actions registry (lib/agent-actions).
  if (essentials?.type === "tool-calls") {
    return Response.json(await answerToolCalls(tx, endpoint, essentials, body));
  }
  if (facts.kind === "transfer-destination-request") {
    return Response.json(await answerTransferDestination(tx, endpoint, JSON.parse(rawBody)));
  }
  if (facts.kind === KNOWLEDGE_BASE_REQUEST) return answerKnowledgeBase(tx, endpoint, rawBody);
  if (essentials?.type === "assistant-request") {
    const config = endpoint.config as VapiConfig;
    const phone = toE164(essentials.callerNumber, endpoint.orgCountry as CountryCode);
    // Sent together: postgres.js pipelines a transaction's queries on its one connection.
    const [{ resolved: agentConfig, templateSlug }, contact] = await Promise.all([
      loadAgentConfig(tx),
      phone ? findContactByPhone(tx, phone) : null,
    ]);
    const org = { name: endpoint.orgName, timezone: endpoint.orgTimezone };
    const caller = contact && {
      id: contact.id,
      name: contact.name,
      lastInteractionAt: contact.last_interaction_at,
      brief: contact.agent_brief,
    };
    // The configuration as stored (resolved when it was edited), so the wizard's last change is
    // what this call hears. A stored configuration this code cannot read must not cost the call:
    // answer as for an org without one.
    let assistantOverrides;
    let readable = true;
    try {
      assistantOverrides = assistantOverridesFor(agentConfig, org, caller, new Date());
    } catch (error) {
      log.error(
        { err: error, orgId: endpoint.orgId },
        "assistant-request: stored agent configuration unreadable; answering without it",
      );
      readable = false;
      assistantOverrides = assistantOverridesFor(null, org, caller, new Date());
    }
    // The org's own assistant in VAPI, given what Luneo knows; without one, a whole assistant
    // built from the configuration (transient-assistant.ts) rather than a call turned away.
    if (config.assistantId) {
      return Response.json({ assistantId: config.assistantId, assistantOverrides });
    }
    const assistant = transientAssistantFrom(assistantOverrides, {
      templateSlug: readable ? templateSlug : null,
      serverMessages: readable ? (agentConfig?.serverMessages ?? null) : null,
    });
    // The learning flag is read beside the action tools' query, not after it.
    const declaresKnowledge = readable && knowledgeBaseEnabled(agentConfig);
    const [withTools, learningOn] = await Promise.all([
      withActionTools(tx, assistant),
      declaresKnowledge && isFeatureEnabled(endpoint.orgId, FLAGS.learning.key, tenantTxWithin(tx)),
    ]);
    const knowledgeBase = learningOn
      ? knowledgeBaseDeclaration(
          webhookUrls("vapi", endpoint.endpointId).server!,
          config.authMode,
          endpoint.secrets[0],
        )
      : null;
    return Response.json({
      assistant: knowledgeBase
        ? { ...withTools, model: { ...withTools.model, knowledgeBase } }
        : withTools,
      assistantOverrides: { variableValues: assistantOverrides.variableValues },
    });
  }
  return Response.json({});
}
