import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import {
  channelConnections,
  channelSecrets,
  credentialChecks,
  type TwilioConfig,
} from "@/db/schema";
import { decryptApiKey, decryptChannelSecret } from "@/lib/channels/credentials";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { env } from "@/lib/env";
import { checkTwilioAccount, checkVapiKey, type CheckResult } from "./providers";

type Work = { provider: "twilio" | "vapi"; run: () => Promise<CheckResult> };

/**
 * A connection the demo seed made with made-up credentials (`"demo": true` in its config,
 * lib/seed/demo-channels.ts) is not sent to Twilio or VAPI, which could only refuse it: it is
 * stored as not checked, and says why. Saving the connection again (a real token) drops the mark.
 */
export const DEMO_CONNECTION_DETAIL = {
  twilio: "Demo line with made-up credentials: Luneo does not check them with Twilio.",
  vapi: "Demo connection with made-up credentials: Luneo does not check them with VAPI.",
} as const;
const isDemo = (config: unknown) => (config as { demo?: unknown }).demo === true;

/**
 * Checks every connected provider of the org and stores each result (one row per provider). The
 * secrets are read and decrypted in one short transaction; the requests run outside any
 * transaction; the results are written in another.
 */
export async function checkOrgCredentials(
  orgId: string,
): Promise<Partial<Record<"twilio" | "vapi", CheckResult["outcome"]>>> {
  const ctx = systemContext("health.check-credentials", { id: orgId });
  const { TWILIO_API_BASE_URL, VAPI_API_BASE_URL } = env();
  const work = await withTenant(ctx, async (tx) => {
    const connections = await tx
      .select()
      .from(channelConnections)
      .where(eq(channelConnections.orgId, orgId));
    const list: Work[] = [];
    for (const c of connections) {
      if (isDemo(c.config)) {
        const provider = c.provider;
        list.push({
          provider,
          run: async () => ({
            outcome: "not_configured",
            detail: DEMO_CONNECTION_DETAIL[provider],
          }),
        });
        continue;
      }
      if (c.provider === "twilio") {
        const [secret] = await tx
          .select({ ciphertext: channelSecrets.ciphertext })
          .from(channelSecrets)
          .where(
            and(
              eq(channelSecrets.orgId, orgId),
              eq(channelSecrets.connectionId, c.id),
              isNull(channelSecrets.expiresAt),
            ),
          )
          .orderBy(desc(channelSecrets.createdAt))
          .limit(1);
        const { accountSid } = c.config as TwilioConfig;
        list.push({
          provider: "twilio",
          run: async () =>
            secret
              ? checkTwilioAccount(
                  TWILIO_API_BASE_URL,
                  accountSid,
                  decryptChannelSecret(secret.ciphertext, orgId, c.id),
                )
              : { outcome: "not_configured", detail: "No Twilio Auth Token is saved." },
        });
      } else {
        const sealed = c.apiKeyCiphertext;
        list.push({
          provider: "vapi",
          run: async () =>
            sealed
              ? checkVapiKey(VAPI_API_BASE_URL, decryptApiKey(sealed, orgId, c.id))
              : {
                  outcome: "not_configured",
                  detail:
                    "VAPI's private API key is not saved, so Luneo cannot check it (Channels → VAPI).",
                },
        });
      }
    }
    return list;
  });
  const results = await Promise.all(
    work.map(async (w) => ({ provider: w.provider, ...(await w.run()) })),
  );
  await withTenant(ctx, async (tx) => {
    for (const r of results) {
      await tx
        .insert(credentialChecks)
        .values({ orgId, provider: r.provider, outcome: r.outcome, detail: r.detail })
        .onConflictDoUpdate({
          target: [credentialChecks.orgId, credentialChecks.provider],
          set: { outcome: r.outcome, detail: r.detail, checkedAt: new Date() },
        });
    }
  });
  return Object.fromEntries(results.map((r) => [r.provider, r.outcome]));
}
