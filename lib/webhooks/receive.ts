import "server-only";
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { getWebhookSql } from "@/db";
import type { Provider } from "@/db/schema";
import { orgOfEndpointId } from "@/lib/channels/endpoint-id";
import { readBodyLimited } from "@/lib/http/body";
import { isMarkedTestEvent } from "@/lib/channels/test-marker";
import { countAssistantAnswer, countRefusedSignature } from "@/lib/health/counters";
import { log } from "@/lib/log";
import { stripInvalidChars } from "@/lib/text/control-chars";
import type { EventFacts, ParseResult } from "./facts";
import { textReply, toResponse, type Reply } from "./reply";
import { endpointFor } from "./endpoint-cache";
import {
  storeEvent,
  webhookTransaction,
  type Endpoint,
  type NewEvent,
  type WebhookTx,
} from "./inbox-store";

/** Large enough for a long call's end-of-call-report with its full transcript. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * The provider must hear back within 2 s, or get a 503 and redeliver. postgres.js holds a query it
 * cannot send until it reconnects, so the deadline is what answers; 1.5 s leaves the margin
 * (measured by npm run test:faults).
 */
export const DATABASE_DEADLINE_MS = 1500;

/**
 * What the inbox reads of a request's headers: `get` only (case-insensitive name, null when
 * absent), as a web `Headers` answers it. Route handlers pass their request's `Headers`; the
 * standalone receiver a view of Node's parsed headers (standalone.ts), without building one.
 */
export type RequestHeaders = Pick<Headers, "get">;

export type AnswerInput = {
  tx: WebhookTx;
  endpoint: Endpoint;
  rawBody: string;
  facts: EventFacts | null;
  duplicate: boolean;
  eventId: string | null;
};

export type ProviderAdapter = {
  provider: Provider;
  contentTypes: readonly string[];
  /** Headers worth keeping with the raw event (never secrets or signatures). */
  keptHeaders: readonly string[];
  verify: (endpoint: Endpoint, headers: RequestHeaders, rawBody: string) => boolean;
  /**
   * The event's facts on receipt: its kind, key and call ids at least (what is stored with it and
   * orders its processing), and all of them for an event answered from the database. Processing parses
   * the stored body again (StoredEventParser), so an adapter may leave the rest out.
   */
  parse: (rawBody: string, headers: RequestHeaders) => ParseResult;
  /**
   * The answer to an event: a response at once (most events: stored, then acknowledged), or work
   * that reads or writes the database (assistant-request, an incoming call's TwiML), run in the
   * transaction that stores the event.
   */
  answer: (facts: EventFacts | null) => Reply | TransactionalAnswer;
};

export type TransactionalAnswer = (input: AnswerInput) => Promise<Response>;

/**
 * How a provider's stored events are parsed again (lib/ingest/reparse.ts): by its adapter's own
 * parsers, from the stored body and the kind its facts had on receipt.
 */
export type StoredEventParser = (event: { kind: string; rawBody: string }) => ParseResult;

const plain = textReply;

/**
 * The body as PostgreSQL can hold it: text without NUL (which `text` refuses), and the exact bytes
 * too when that text is not them (a NUL, or bytes that are not UTF-8), so the inbox is lossless.
 * Parsing reads the text as received (NULs included, as the signature covers them); what is
 * stored and processed never contains a NUL (see lib/text/control-chars.ts).
 */
export function storableBody(bytes: Buffer): {
  text: string;
  stored: string;
  exact: Buffer | null;
} {
  const text = bytes.toString("utf8");
  const hasNul = bytes.includes(0);
  const stored = hasNul ? text.replaceAll("\u0000", "") : text;
  // Valid UTF-8 decodes and re-encodes to the same bytes; isUtf8 checks that natively instead of
  // encoding a 21 kB body again on every request.
  const exact = !hasNul && isUtf8(bytes) ? null : bytes;
  return { text, stored, exact };
}

/** The events of one call are processed in order (lib/ingest/inbox-worker.ts); a provider's call id. */
function orderKeyOf(facts: EventFacts | null): string | null {
  const call = facts?.call;
  const id = call?.vapiCallId ?? call?.twilioCallSid;
  return id ? stripInvalidChars(id).slice(0, 200) : null;
}

function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function keptHeaders(headers: RequestHeaders, names: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/** 415 for a body the adapter does not take, before anything is read; null when it is one. */
export function refusedContentType(
  headers: RequestHeaders,
  adapter: ProviderAdapter,
): Reply | null {
  const contentType = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (adapter.contentTypes.includes(contentType)) return null;
  return plain(
    415,
    `Unsupported content type "${contentType}": expected ${adapter.contentTypes.join(" or ")}.`,
  );
}

/** 413, sent with `Connection: close` after the oversized body was drained. */
export const tooLarge = () =>
  plain(413, `Body larger than ${MAX_BODY_BYTES} bytes.`, { connection: "close" });

/**
 * One webhook, end to end. Bad input is answered without touching the database (415, 413, 404);
 * a bad signature stores nothing (401); an authentic event is committed (it is its own job) before the
 * 2xx; a database failure answers 503 so the provider delivers again.
 */
export async function receiveWebhook(
  request: Request,
  endpointId: string,
  adapter: ProviderAdapter,
): Promise<Response> {
  const refused = refusedContentType(request.headers, adapter);
  if (refused) return toResponse(refused);
  // An oversized body is drained before the 413 so a client that writes before reading gets it.
  const body = await readBodyLimited(request, MAX_BODY_BYTES);
  if (body === "too-large") return toResponse(tooLarge());
  return toResponse(await acceptWebhook(request.headers, body, endpointId, adapter));
}

/**
 * An accepted body (type and size checked): verified, stored (its own job), answered (a Reply when
 * the answer is known at once, a Response when built from the org's data). Health counts two
 * things here, in memory (lib/health/counters.ts): a request refused for its signature, and how
 * long an assistant-request took to answer.
 */
export async function acceptWebhook(
  headers: RequestHeaders,
  body: Buffer,
  endpointId: string,
  adapter: ProviderAdapter,
): Promise<Response | Reply> {
  const started = performance.now();
  const seen: Seen = { assistantRequestOf: null };
  const response = await acceptVerified(headers, body, endpointId, adapter, seen);
  if (seen.assistantRequestOf) {
    countAssistantAnswer(
      seen.assistantRequestOf,
      performance.now() - started,
      response.status >= 200 && response.status < 300,
    );
  }
  return response;
}

/** What acceptVerified tells health: the org of an assistant-request it answered (or failed). */
type Seen = { assistantRequestOf: string | null };

async function acceptVerified(
  headers: RequestHeaders,
  body: Buffer,
  endpointId: string,
  adapter: ProviderAdapter,
  seen: Seen,
): Promise<Response | Reply> {
  const { text: rawBody, stored: storedBody, exact } = storableBody(body);
  const orgId = orgOfEndpointId(endpointId);
  if (!orgId) return plain(404, "Unknown webhook endpoint.");

  try {
    return await deadline(
      (async () => {
        const sql = getWebhookSql();
        const endpoint = await endpointFor(sql, orgId, adapter.provider, endpointId);
        if (!endpoint) return plain(404, "Unknown webhook endpoint.");
        if (!adapter.verify(endpoint, headers, rawBody)) {
          log.warn({ orgId, provider: adapter.provider }, "webhook signature rejected");
          countRefusedSignature(orgId, adapter.provider);
          return plain(401, "Signature verification failed.");
        }
        const parsed = adapter.parse(rawBody, headers);
        const facts = parsed.ok ? parsed.facts : null;
        // Provider text is never refused for a character (nobody could fix it): whatever reaches
        // the database is stripped of what it cannot store. Parsers strip their facts; these
        // strings (a kind, a key, a reason quoting the body) are stripped here.
        const event: NewEvent = {
          provider: adapter.provider,
          kind: stripInvalidChars(parsed.ok ? parsed.facts.kind : "unparseable"),
          // An unparseable body has no provider key: its hash makes redeliveries collapse too.
          eventKey: parsed.ok
            ? stripInvalidChars(parsed.facts.eventKey)
            : `rejected:${createHash("sha256").update(body).digest("hex")}`,
          status: parsed.ok ? "received" : "rejected",
          rawBody: storedBody,
          rawBytes: exact,
          headers: keptHeaders(headers, adapter.keptHeaders),
          rejectReason: parsed.ok ? undefined : stripInvalidChars(parsed.reason).slice(0, 2000),
          isTest: isMarkedTestEvent(endpoint.secrets, headers, rawBody),
          orderKey: orderKeyOf(facts),
        };
        if (adapter.provider === "vapi" && facts?.kind === "assistant-request" && !event.isTest) {
          seen.assistantRequestOf = orgId;
        }
        const answer = adapter.answer(facts);
        if (typeof answer !== "function") {
          // One statement, its own transaction: committed (the event is its own job) before the 2xx.
          await storeEvent(sql, endpoint, event);
          return answer;
        }
        return webhookTransaction(sql, orgId, async (tx) => {
          const stored = await storeEvent(tx, endpoint, event);
          return answer({ tx, endpoint, rawBody, facts, ...stored });
        });
      })(),
      DATABASE_DEADLINE_MS,
    );
  } catch (error) {
    log.error(
      { err: error, orgId, provider: adapter.provider },
      "webhook not stored; asking the provider to retry",
    );
    return plain(503, "Temporarily unable to store the event; please retry.");
  }
}
