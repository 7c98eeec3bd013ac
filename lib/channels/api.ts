import "server-only";
import { z } from "zod";
import type { TwilioConfig, VapiConfig } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { getChannels, type ConnectionSummary } from "./queries";
import { twilioConnectionSchema, vapiConnectionSchema } from "./schemas";
import { saveTwilioConnection, saveVapiConnection } from "./service";

// /api/v1/channels (docs/api/channels.md): the Channels page's verbs behind an API key. The same
// schemas validate, the same service encrypts and rotates secrets (24-hour grace); this file only
// shapes what the API answers. Fields are listed one by one, never spread from the stored config,
// so nothing added to a connection later reaches the API (or leaks a secret) by accident.

export const API_PROVIDERS = ["twilio", "vapi"] as const;
export type ApiProvider = (typeof API_PROVIDERS)[number];

type SecretStatus = { secretSetAt: string | null; secretsInGrace: number };

export type TwilioChannel = SecretStatus & {
  id: string;
  accountSid: string;
  phoneNumbers: string[];
  fallbackNumber: string | null;
  webhookUrls: Record<string, string>;
};

export type VapiChannel = SecretStatus & {
  id: string;
  authMode: VapiConfig["authMode"];
  signatureHeader: string | null;
  timestampHeader: string | null;
  assistantId: string | null;
  sipAddress: string | null;
  webhookUrls: Record<string, string>;
};

export type ChannelsView = { twilio: TwilioChannel | null; vapi: VapiChannel | null };

const secretStatus = (c: ConnectionSummary<unknown>): SecretStatus => ({
  secretSetAt: c.secretSetAt?.toISOString() ?? null,
  // Replaced secrets that still work (ROTATION_GRACE_HOURS), not counting the current one.
  secretsInGrace: c.secretsInGrace,
});

function twilioView(c: ConnectionSummary<TwilioConfig>): TwilioChannel {
  return {
    id: c.id,
    accountSid: c.config.accountSid,
    phoneNumbers: c.config.phoneNumbers,
    fallbackNumber: c.config.fallbackNumber,
    ...secretStatus(c),
    webhookUrls: c.urls,
  };
}

function vapiView(c: ConnectionSummary<VapiConfig>): VapiChannel {
  return {
    id: c.id,
    authMode: c.config.authMode,
    signatureHeader: c.config.signatureHeader,
    timestampHeader: c.config.timestampHeader,
    assistantId: c.config.assistantId,
    sipAddress: c.config.sipAddress,
    ...secretStatus(c),
    webhookUrls: c.urls,
  };
}

/** Both connections as the API shows them: configuration, webhook URLs, secret status, no secret. */
export async function getChannelsView(ctx: TenantContext): Promise<ChannelsView> {
  const { twilio, vapi } = await getChannels(ctx);
  return { twilio: twilio && twilioView(twilio), vapi: vapi && vapiView(vapi) };
}

/** The provider named in the path, or a 404 that says which ones exist. */
export function parseProvider(value: string): ApiProvider {
  const provider = API_PROVIDERS.find((p) => p === value);
  if (!provider) {
    throw new AppError("NOT_FOUND", `There is no channel "${value}": use twilio or vapi.`);
  }
  return provider;
}

// The form takes phone numbers as one text field; JSON sends a list. A list of strings is handed
// to the form's own schema as that text, so both answer with the same checks and messages.
const twilioApiSchema = z.preprocess((body) => {
  if (typeof body !== "object" || body === null) return body;
  const numbers = (body as { phoneNumbers?: unknown }).phoneNumbers;
  const listOfText = Array.isArray(numbers) && numbers.every((n) => typeof n === "string");
  return listOfText ? { ...body, phoneNumbers: numbers.join("\n") } : body;
}, twilioConnectionSchema);

/**
 * Connects or updates a provider from an API body: validated by the Channels page's schema, saved
 * by its verb (permission channels.write, audit, encryption, the old secret's 24-hour grace).
 */
export async function saveChannelFromApi(
  ctx: TenantContext,
  provider: ApiProvider,
  body: unknown,
): Promise<ChannelsView> {
  if (provider === "twilio") await saveTwilioConnection(ctx, parseInput(twilioApiSchema, body));
  else await saveVapiConnection(ctx, parseInput(vapiConnectionSchema, body));
  return getChannelsView(ctx);
}
