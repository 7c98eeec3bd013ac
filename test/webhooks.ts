import { randomBytes } from "node:crypto";
import { getChannels } from "@/lib/channels/queries";
import { saveTwilioConnection, saveVapiConnection } from "@/lib/channels/service";
import type { TenantContext } from "@/lib/context";
import { POST as twilioSmsStatus } from "@/app/api/webhooks/twilio/[endpoint]/sms-status/route";
import { POST as twilioSms } from "@/app/api/webhooks/twilio/[endpoint]/sms/route";
import { POST as twilioStatus } from "@/app/api/webhooks/twilio/[endpoint]/status/route";
import { POST as twilioVoice } from "@/app/api/webhooks/twilio/[endpoint]/voice/route";
import { POST as vapiRoute } from "@/app/api/webhooks/vapi/[endpoint]/route";
import { signTwilio } from "./fixtures/sign";
import { TWILIO_IDS } from "./fixtures/twilio";

// Drives the real route handlers the way Twilio and VAPI do.

export const PUBLIC_URL = "http://localhost:3000"; // lib/env.ts default

export type Connected = {
  vapiEndpoint: string;
  twilioEndpoint: string;
  vapiSecret: string;
  authToken: string;
};

export async function connectChannels(
  ctx: TenantContext,
  sipAddress: string | null = "sip:agent@sip.vapi.ai",
  /** null: no Assistant ID (Luneo answers with a transient assistant). */
  assistantId: string | null = "asst_test_123",
): Promise<Connected> {
  const vapiSecret = `vapi-secret-${randomBytes(12).toString("hex")}`;
  const authToken = randomBytes(16).toString("hex");
  await saveVapiConnection(ctx, {
    authMode: "x-vapi-secret",
    secret: vapiSecret,
    signatureHeader: null,
    timestampHeader: null,
    assistantId,
    sipAddress,
  });
  await saveTwilioConnection(ctx, {
    accountSid: TWILIO_IDS.accountSid,
    authToken,
    phoneNumbers: [TWILIO_IDS.businessNumber],
    fallbackNumber: "+14155550199",
  });
  const channels = await getChannels(ctx);
  return {
    vapiEndpoint: channels.vapi!.endpointId,
    twilioEndpoint: channels.twilio!.endpointId,
    vapiSecret,
    authToken,
  };
}

const params = (endpoint: string) => ({ params: Promise.resolve({ endpoint }) });

export function postVapi(endpoint: string, body: unknown, headers: Record<string, string> = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const request = new Request(`${PUBLIC_URL}/api/webhooks/vapi/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw,
  });
  return vapiRoute(request, params(endpoint));
}

const TWILIO_ROUTES = {
  voice: twilioVoice,
  status: twilioStatus,
  sms: twilioSms,
  "sms-status": twilioSmsStatus,
};
export type TwilioPath = keyof typeof TWILIO_ROUTES;

/** A form POST signed with `authToken` over the public URL (pass `signature` to override). */
export function postTwilio(
  endpoint: string,
  path: TwilioPath,
  form: Record<string, string>,
  authToken: string,
  extra: { signature?: string; headers?: Record<string, string> } = {},
) {
  const url = `${PUBLIC_URL}/api/webhooks/twilio/${endpoint}/${path}`;
  const request = new Request(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": extra.signature ?? signTwilio(url, form, authToken),
      ...extra.headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  return TWILIO_ROUTES[path](request, params(endpoint));
}
