import "server-only";
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  channelConnections,
  onboardingProgress,
  orgs,
  webhookEvents,
  type OnboardingStep,
  type Provider,
} from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";

export type ChannelSetup = {
  connected: boolean;
  /** Luneo's own signed test event reached the endpoint, passed verification and was processed. */
  testVerified: boolean;
  /** When the provider itself last delivered an event (not a test); null before the first. */
  lastRealEventAt: Date | null;
  /** Either: the connect step's Continue lights up (what was checked is said, see channel-status). */
  eventArrived: boolean;
};

export type OnboardingState = {
  profile: { name: string; country: string; timezone: string };
  done: Record<OnboardingStep, boolean>;
  channels: Record<Provider, ChannelSetup>;
  connectDeferred: boolean;
  finished: boolean;
  /** Every step done, channels included: the dashboard's checklist disappears. */
  complete: boolean;
  /** Where the wizard resumes. */
  nextStep: OnboardingStep | "done";
};

const connection = alias(channelConnections, "c");

const ORDER: OnboardingStep[] = ["profile", "vertical", "customize", "connect", "value"];

/** Where an org stands in its setup. Readable by every member (the dashboard shows it to all). */
export async function getOnboardingState(ctx: TenantContext): Promise<OnboardingState> {
  return withTenant(ctx, async (tx) => {
    const [[org], [progress], channels] = await Promise.all([
      tx
        .select({ name: orgs.name, country: orgs.country, timezone: orgs.timezone })
        .from(orgs)
        .where(eq(orgs.id, ctx.org.id)),
      tx.select().from(onboardingProgress).where(eq(onboardingProgress.orgId, ctx.org.id)),
      tx
        .select({
          provider: connection.provider,
          // (Aliased: drizzle writes a column of a one-table select unqualified, which inside the
          // subquery would name webhook_events' own column: every provider would match.)
          // Luneo's test event only proves the endpoint verifies what is signed with the secret
          // Luneo holds; a real event proves the provider holds it too. Both are told apart.
          testVerified: sql<boolean>`exists (select 1 from ${webhookEvents} e
            where e.org_id = c.org_id and e.provider = c.provider
              and e.is_test and e.status = 'processed')`,
          lastRealEventAt: sql<string | null>`(select max(e.received_at) from ${webhookEvents} e
            where e.org_id = c.org_id and e.provider = c.provider
              and not e.is_test and e.status <> 'rejected')`,
        })
        .from(connection)
        .where(eq(connection.orgId, ctx.org.id)),
    ]);
    const channel = (provider: Provider): ChannelSetup => {
      const row = channels.find((c) => c.provider === provider);
      const testVerified = Boolean(row?.testVerified);
      const lastRealEventAt = row?.lastRealEventAt ? new Date(row.lastRealEventAt) : null;
      return {
        connected: Boolean(row),
        testVerified,
        lastRealEventAt,
        eventArrived: testVerified || lastRealEventAt !== null,
      };
    };
    const byProvider = { twilio: channel("twilio"), vapi: channel("vapi") };
    const completed = new Set(progress?.completedSteps ?? []);
    const done: Record<OnboardingStep, boolean> = {
      profile: completed.has("profile"),
      vertical: completed.has("vertical"),
      customize: completed.has("customize"),
      connect: byProvider.twilio.eventArrived && byProvider.vapi.eventArrived,
      value: completed.has("value"),
    };
    const connectDeferred = Boolean(progress?.connectDeferredAt);
    const finished = Boolean(progress?.finishedAt);
    // A deferred connect step is passed over until the owner has been through to the end; after
    // that, resuming the setup means connecting.
    const skipConnect = connectDeferred && !finished;
    const nextStep =
      ORDER.find((step) => !done[step] && !(step === "connect" && skipConnect)) ?? "done";
    return {
      profile: org ?? { name: ctx.org.name, country: "US", timezone: "UTC" },
      done,
      channels: byProvider,
      connectDeferred,
      finished,
      complete: ORDER.every((step) => done[step]),
      nextStep,
    };
  });
}
