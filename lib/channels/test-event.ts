import "server-only";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import twilio from "twilio";
import {
  contacts,
  webhookEvents,
  type Provider,
  type TwilioConfig,
  type VapiConfig,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import type { ParseResult } from "@/lib/webhooks/facts";
import { parseTwilioSms } from "@/lib/webhooks/twilio-params";
import { parseVapiMessage } from "@/lib/webhooks/vapi-message";
import { getWebhookSql } from "@/db";
import { loadEndpoint, webhookTransaction } from "@/lib/webhooks/inbox-store";
import { getChannels } from "./queries";
import { TEST_EVENT_HEADER, testEventMark } from "./test-marker";

/** A caller number used by test events (a valid, well-known example number). */
export const TEST_CALLER = "+14155552671";

function eventKeyOf(parsed: ParseResult): string {
  if (!parsed.ok) throw new Error(`test sample does not parse: ${parsed.reason}`);
  return parsed.facts.eventKey;
}

type Sample = { url: string; body: string; headers: Record<string, string>; eventKey: string };

function vapiSample(url: string, config: VapiConfig, secret: string): Sample {
  const callId = `luneo-test-${randomUUID()}`;
  const now = Date.now();
  const body = JSON.stringify({
    message: {
      type: "end-of-call-report",
      timestamp: now,
      endedReason: "customer-ended-call",
      call: { id: callId, type: "inboundPhoneCall", customer: { number: TEST_CALLER } },
      startedAt: new Date(now - 42_000).toISOString(),
      endedAt: new Date(now).toISOString(),
      durationSeconds: 42,
      cost: 0.05,
      analysis: { summary: "Test call sent from Luneo's Channels page to check the connection." },
      artifact: {
        messages: [
          { role: "bot", message: "Hello! This is a test call from Luneo.", secondsFromStart: 0.5 },
          { role: "user", message: "Great, the connection works.", secondsFromStart: 4.2 },
        ],
      },
    },
  });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (config.authMode === "x-vapi-secret") headers["x-vapi-secret"] = secret;
  if (config.authMode === "bearer") headers.authorization = `Bearer ${secret}`;
  if (config.authMode === "hmac") {
    const stamp = config.timestampHeader ? String(Math.floor(now / 1000)) : null;
    if (stamp && config.timestampHeader) headers[config.timestampHeader] = stamp;
    headers[config.signatureHeader ?? "x-signature"] = createHmac("sha256", secret)
      .update(stamp ? `${stamp}.${body}` : body)
      .digest("hex");
  }
  return { url, body, headers, eventKey: eventKeyOf(parseVapiMessage(JSON.parse(body))) };
}

function twilioSample(url: string, config: TwilioConfig, authToken: string): Sample {
  const messageSid = `SM${randomBytes(16).toString("hex")}`;
  const params = {
    MessageSid: messageSid,
    SmsSid: messageSid,
    AccountSid: config.accountSid,
    From: TEST_CALLER,
    To: config.phoneNumbers[0] ?? "",
    Body: "Test message sent from Luneo's Channels page.",
    NumMedia: "0",
    NumSegments: "1",
    SmsStatus: "received",
    ApiVersion: "2010-04-01",
  };
  return {
    url,
    body: new URLSearchParams(params).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, url, params),
    },
    eventKey: eventKeyOf(parseTwilioSms(params)),
  };
}

// Generous: on `next dev` the first request to the webhook route compiles it (10 s and more).
const FETCH_TIMEOUT_MS = 30_000;

/**
 * Why the test event could not reach the webhook URL, in words: the sample goes to the public URL
 * the providers are given, so a wrong PUBLIC_URL (or a tunnel that is down) shows up here first.
 */
export function unreachableReason(url: string, error: unknown): string {
  const origin = new URL(url).origin;
  const fix =
    "Check PUBLIC_URL: it must be the address this app is reachable at (the webhook URLs above are built from it).";
  const err = error as { name?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? "";
  if (err.name === "TimeoutError" || err.name === "AbortError") {
    return `The test event to ${origin} got no answer within ${FETCH_TIMEOUT_MS / 1000} s. ${fix}`;
  }
  if (code === "ECONNREFUSED") {
    return `The test event could not reach ${origin}: connection refused (nothing is listening there). ${fix}`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `The test event could not reach ${origin}: the host name does not resolve. ${fix}`;
  }
  if (code.startsWith("ERR_TLS") || code.includes("CERT") || code === "EPROTO") {
    return `The test event could not reach ${origin}: the TLS (https) connection failed (${code}). ${fix}`;
  }
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") {
    return `The test event to ${origin} was cut off before an answer (connection reset). ${fix}`;
  }
  return `The test event could not reach ${origin}${code ? ` (${code})` : ""}. ${fix}`;
}

export type TestEventResult = {
  httpStatus: number;
  milliseconds: number;
  eventStatus: string | null;
  contactCreated: boolean;
};

/**
 * Signs a realistic sample with the org's own current secret and posts it to the org's own
 * endpoint through the real route, then waits (up to 10 s) for the job to process it.
 */
export async function sendTestEvent(
  ctx: TenantContext,
  provider: Provider,
): Promise<TestEventResult> {
  requirePermission(ctx, "channels.write");
  const summary = (await getChannels(ctx))[provider];
  // The secret is read exactly as the webhook route reads it: current first, then those in grace.
  const endpoint =
    summary &&
    (await webhookTransaction(getWebhookSql(), ctx.org.id, (tx) =>
      loadEndpoint(tx, provider, summary.endpointId),
    ));
  const secret = endpoint?.secrets[0];
  if (!summary || !endpoint || !secret) {
    throw new AppError("CONFLICT", `Connect ${provider === "vapi" ? "VAPI" : "Twilio"} first.`);
  }
  const sample =
    provider === "vapi"
      ? vapiSample(summary.urls.server!, endpoint.config as VapiConfig, secret)
      : twilioSample(summary.urls.sms!, endpoint.config as TwilioConfig, secret);

  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(sample.url, {
      method: "POST",
      headers: { ...sample.headers, [TEST_EVENT_HEADER]: testEventMark(secret, sample.body) },
      body: sample.body,
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new AppError("CONFLICT", unreachableReason(sample.url, error));
  }
  const milliseconds = Math.round(performance.now() - started);

  let eventStatus: string | null = null;
  for (let waited = 0; waited < 10_000 && eventStatus !== "processed"; waited += 250) {
    const [event] = await withTenant(ctx, (tx) =>
      tx
        .select({ status: webhookEvents.status })
        .from(webhookEvents)
        .where(
          and(
            eq(webhookEvents.orgId, ctx.org.id),
            eq(webhookEvents.provider, provider),
            eq(webhookEvents.eventKey, sample.eventKey),
          ),
        ),
    );
    eventStatus = event?.status ?? null;
    if (!event || event.status === "rejected" || event.status === "dead_lettered") break;
    if (event.status !== "processed") await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const contact = await withTenant(ctx, (tx) =>
    tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.orgId, ctx.org.id), eq(contacts.phoneE164, TEST_CALLER))),
  );
  return {
    httpStatus: response.status,
    milliseconds,
    eventStatus,
    contactCreated: contact.length > 0,
  };
}
