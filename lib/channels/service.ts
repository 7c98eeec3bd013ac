import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { channelConnections, type Provider, type TwilioConfig, type VapiConfig } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { ValidationError } from "@/lib/errors";
import { checkCredentialsJob } from "@/lib/health/check-credentials-job";
import { enqueue } from "@/lib/jobs/enqueue";
import { encryptApiKey, rotateSecret } from "./credentials";
import { newEndpointId } from "./endpoint-id";
import type { TwilioConnectionInput, VapiConnectionInput } from "./schemas";

async function upsertConnection(
  tx: TenantTx,
  ctx: TenantContext,
  provider: Provider,
  config: TwilioConfig | VapiConfig,
) {
  const [row] = await tx
    .insert(channelConnections)
    .values({ orgId: ctx.org.id, provider, endpointId: newEndpointId(ctx.org.id), config })
    .onConflictDoUpdate({
      target: [channelConnections.orgId, channelConnections.provider],
      set: { config, updatedAt: sql`now()` },
    })
    .returning({ id: channelConnections.id });
  if (!row) throw new Error("upsert returned no row");
  return row;
}

async function existingConnectionId(tx: TenantTx, ctx: TenantContext, provider: Provider) {
  const [row] = await tx
    .select({ id: channelConnections.id })
    .from(channelConnections)
    .where(
      and(eq(channelConnections.orgId, ctx.org.id), eq(channelConnections.provider, provider)),
    );
  return row?.id ?? null;
}

/** Connect Twilio, or update it. The auth token is required the first time, optional afterwards. */
export async function saveTwilioConnection(ctx: TenantContext, input: TwilioConnectionInput) {
  requirePermission(ctx, "channels.write");
  return withTenant(ctx, async (tx) => {
    const exists = await existingConnectionId(tx, ctx, "twilio");
    if (!exists && !input.authToken) {
      throw new ValidationError({ authToken: ["Paste the Auth Token to connect Twilio."] });
    }
    const config: TwilioConfig = {
      accountSid: input.accountSid,
      phoneNumbers: input.phoneNumbers,
      fallbackNumber: input.fallbackNumber ?? null,
    };
    const { id } = await upsertConnection(tx, ctx, "twilio", config);
    if (input.authToken) await rotateSecret(tx, id, input.authToken);
    // Ask Twilio whether these credentials work (lib/health), once the connection is committed.
    await enqueue(tx, checkCredentialsJob, { orgId: tx.orgId }, { singletonKey: tx.orgId });
    await recordAudit(tx, ctx, {
      action: exists ? "channels.twilio_updated" : "channels.twilio_connected",
      targetType: "channel_connection",
      targetId: id,
      metadata: {
        secretReplaced: Boolean(exists && input.authToken),
        numbers: input.phoneNumbers.length,
      },
    });
    return { id };
  });
}

/** Connect VAPI, or update it. The secret is required the first time; a new one rotates. */
export async function saveVapiConnection(ctx: TenantContext, input: VapiConnectionInput) {
  requirePermission(ctx, "channels.write");
  return withTenant(ctx, async (tx) => {
    const exists = await existingConnectionId(tx, ctx, "vapi");
    if (!exists && !input.secret) {
      throw new ValidationError({
        secret: ["Choose the secret VAPI will send with every request."],
      });
    }
    const config: VapiConfig = {
      authMode: input.authMode,
      signatureHeader: input.signatureHeader,
      timestampHeader: input.timestampHeader,
      assistantId: input.assistantId ?? null,
      sipAddress: input.sipAddress ?? null,
    };
    const { id } = await upsertConnection(tx, ctx, "vapi", config);
    if (input.secret) await rotateSecret(tx, id, input.secret);
    if (input.apiKey) {
      await tx
        .update(channelConnections)
        .set({ apiKeyCiphertext: encryptApiKey(input.apiKey, tx.orgId, id) })
        .where(and(eq(channelConnections.orgId, tx.orgId), eq(channelConnections.id, id)));
    }
    await enqueue(tx, checkCredentialsJob, { orgId: tx.orgId }, { singletonKey: tx.orgId });
    await recordAudit(tx, ctx, {
      action: exists ? "channels.vapi_updated" : "channels.vapi_connected",
      targetType: "channel_connection",
      targetId: id,
      metadata: {
        secretReplaced: Boolean(exists && input.secret),
        authMode: input.authMode,
        apiKeyReplaced: Boolean(input.apiKey),
      },
    });
    return { id };
  });
}
