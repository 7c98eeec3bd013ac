import "server-only";
import { and, eq, max, sql } from "drizzle-orm";
import {
  channelConnections,
  channelSecrets,
  type Provider,
  type TwilioConfig,
  type VapiConfig,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { env } from "@/lib/env";

export type ConnectionSummary<C> = {
  id: string;
  config: C;
  endpointId: string;
  /** When the current secret was saved; the secret itself never leaves the server. */
  secretSetAt: Date | null;
  secretsInGrace: number;
  /** VAPI: whether the optional private API key (credential checks) is saved. */
  apiKeySaved: boolean;
  urls: Record<string, string>;
};

export function webhookUrls(provider: Provider, endpointId: string): Record<string, string> {
  const base = env().PUBLIC_URL.replace(/\/$/, "");
  if (provider === "vapi") return { server: `${base}/api/webhooks/vapi/${endpointId}` };
  const root = `${base}/api/webhooks/twilio/${endpointId}`;
  return {
    voice: `${root}/voice`,
    status: `${root}/status`,
    sms: `${root}/sms`,
    smsStatus: `${root}/sms-status`,
  };
}

/** The Channels settings page: each provider's configuration, URLs and secret status. */
export async function getChannels(ctx: TenantContext) {
  requirePermission(ctx, "channels.read");
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({
        id: channelConnections.id,
        provider: channelConnections.provider,
        endpointId: channelConnections.endpointId,
        config: channelConnections.config,
        secretSetAt: max(channelSecrets.createdAt),
        apiKeySaved: sql<boolean>`(${channelConnections.apiKeyCiphertext} is not null)`,
        secretsInGrace: sql<number>`(count(*) filter (where ${channelSecrets.expiresAt} > now()))::int`,
      })
      .from(channelConnections)
      .leftJoin(
        channelSecrets,
        and(
          eq(channelSecrets.orgId, channelConnections.orgId),
          eq(channelSecrets.connectionId, channelConnections.id),
        ),
      )
      .where(eq(channelConnections.orgId, ctx.org.id))
      .groupBy(channelConnections.orgId, channelConnections.id),
  );
  const summary = <C>(provider: Provider): ConnectionSummary<C> | null => {
    const row = rows.find((r) => r.provider === provider);
    if (!row) return null;
    return {
      id: row.id,
      config: row.config as C,
      endpointId: row.endpointId,
      secretSetAt: row.secretSetAt,
      secretsInGrace: row.secretsInGrace,
      apiKeySaved: row.apiKeySaved,
      urls: webhookUrls(provider, row.endpointId),
    };
  };
  return { twilio: summary<TwilioConfig>("twilio"), vapi: summary<VapiConfig>("vapi") };
}
