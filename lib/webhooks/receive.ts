import "server-only";
import { createHash } from "node:crypto";
import type postgres from "postgres";
import { getWebhookSql } from "@/db";
import type { Provider } from "@/db/schema";
import { orgOfEndpointId } from "@/lib/channels/endpoint-id";
import { isMarkedTestEvent } from "@/lib/channels/test-marker";
import { log } from "@/lib/log";
import type { EventFacts, ParseResult } from "./facts";
import { loadEndpoint, storeEvent, webhookTransaction, type Endpoint } from "./inbox-store";

/** Large enough for a long call's end-of-call-report with its full transcript. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * The provider must hear back within 2 s, or get a 503 and redeliver. postgres.js holds a query it
 * cannot send until it reconnects, so the deadline is what answers; 1.5 s leaves the margin
 * (measured by npm run test:faults).
 */
export const DATABASE_DEADLINE_MS = 1500;

export type AnswerInput = {
  tx: postgres.TransactionSql;
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
  verify: (endpoint: Endpoint, headers: Headers, rawBody: string) => boolean;
  parse: (rawBody: string, headers: Headers) => ParseResult;
  answer: (input: AnswerInput) => Promise<Response>;
};

const plain = (status: number, message: string) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

async function readLimited(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function keptHeaders(headers: Headers, names: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/**
 * One webhook, end to end. Bad input is answered without touching the database (415, 413, 404);
 * a bad signature stores nothing (401); an authentic event is committed with its job before the
 * 2xx; a database failure answers 503 so the provider delivers again.
 */
export async function receiveWebhook(
  request: Request,
  endpointId: string,
  adapter: ProviderAdapter,
): Promise<Response> {
  const contentType =
    request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!adapter.contentTypes.includes(contentType)) {
    return plain(
      415,
      `Unsupported content type "${contentType}": expected ${adapter.contentTypes.join(" or ")}.`,
    );
  }
  const rawBody = await readLimited(request);
  if (rawBody === null) return plain(413, `Body larger than ${MAX_BODY_BYTES} bytes.`);
  const orgId = orgOfEndpointId(endpointId);
  if (!orgId) return plain(404, "Unknown webhook endpoint.");

  try {
    return await deadline(
      webhookTransaction(getWebhookSql(), orgId, async (tx) => {
        const endpoint = await loadEndpoint(tx, orgId, adapter.provider, endpointId);
        if (!endpoint) return plain(404, "Unknown webhook endpoint.");
        if (!adapter.verify(endpoint, request.headers, rawBody)) {
          log.warn({ orgId, provider: adapter.provider }, "webhook signature rejected");
          return plain(401, "Signature verification failed.");
        }
        const parsed = adapter.parse(rawBody, request.headers);
        const stored = await storeEvent(tx, endpoint, {
          provider: adapter.provider,
          kind: parsed.ok ? parsed.facts.kind : "unparseable",
          // An unparseable body has no provider key: its hash makes redeliveries collapse too.
          eventKey: parsed.ok
            ? parsed.facts.eventKey
            : `rejected:${createHash("sha256").update(rawBody).digest("hex")}`,
          status: parsed.ok ? "received" : "rejected",
          rawBody,
          headers: keptHeaders(request.headers, adapter.keptHeaders),
          rejectReason: parsed.ok ? undefined : parsed.reason,
          isTest: isMarkedTestEvent(endpoint.secrets, request.headers, rawBody),
        });
        return adapter.answer({
          tx,
          endpoint,
          rawBody,
          facts: parsed.ok ? parsed.facts : null,
          ...stored,
        });
      }),
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
