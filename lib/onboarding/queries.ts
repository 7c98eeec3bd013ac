import "server-only";
import { eq, sql } from "drizzle-orm";
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

export type ChannelSetup = { connected: boolean; eventArrived: boolean };

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
          provider: channelConnections.provider,
          // Any delivered event counts: the wizard's test event or a real call.
          eventArrived: sql<boolean>`exists (select 1 from ${webhookEvents} e
            where e.org_id = ${channelConnections.orgId} and e.provider = ${channelConnections.provider}
              and e.status = 'processed')`,
        })
        .from(channelConnections)
        .where(eq(channelConnections.orgId, ctx.org.id)),
    ]);
    const channel = (provider: Provider): ChannelSetup => {
      const row = channels.find((c) => c.provider === provider);
      return { connected: Boolean(row), eventArrived: Boolean(row?.eventArrived) };
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
