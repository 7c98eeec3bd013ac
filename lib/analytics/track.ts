import "server-only";
import { eq } from "drizzle-orm";
import { after } from "next/server";
import { analyticsMilestones, analyticsOptOuts, orgs, orgVerticals } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { orgDistinctId } from "@/lib/flags/evaluate";
import { getPostHog } from "@/lib/flags/posthog";
import { ORG_GROUP_TYPE } from "@/lib/flags/registry";
import { log } from "@/lib/log";
import {
  checkedGroupProperties,
  PRODUCT_EVENTS,
  type EventProperties,
  type ProductEvent,
} from "./events";

// Product analytics (docs/adr/0012): funnel events about an org, sent to PostHog from the server
// after the response has gone (Next's after()), so a person never waits on PostHog. Nothing is
// sent without POSTHOG_KEY, nor for an org that opted out (Settings → Privacy). Events carry the
// org as their group and as their distinct id, with no person profile: there is no user, email,
// name or phone in them (lib/analytics/events.ts lists every property they may have).

type CaptureOptions = {
  /**
   * A funnel step that happens once per org ("first event received"): the event is sent only by
   * the call that records this key first (analytics_milestones), so retries never count twice.
   */
  once?: string;
};

/** Whether the org asked not to be counted (a row in analytics_opt_outs). */
export async function hasOptedOut(orgId: string): Promise<boolean> {
  const rows = await withTenant({ org: { id: orgId } }, (tx) =>
    tx
      .select({ orgId: analyticsOptOuts.orgId })
      .from(analyticsOptOuts)
      .where(eq(analyticsOptOuts.orgId, orgId)),
  );
  return rows.length > 0;
}

// Milestones this process knows an org has reached. A milestone is never un-reached, so a "once"
// event on a hot path (first event received: every processed webhook) costs no database read
// after its first time. Bounded: cleared when it grows past what a process should hold.
const reached = new Set<string>();
const MAX_REACHED = 100_000;

async function firstTime(orgId: string, milestone: string): Promise<boolean> {
  const key = `${orgId}:${milestone}`;
  if (reached.has(key)) return false;
  const inserted = await withTenant({ org: { id: orgId } }, (tx) =>
    tx
      .insert(analyticsMilestones)
      .values({ orgId: tx.orgId, milestone })
      .onConflictDoNothing()
      .returning({ milestone: analyticsMilestones.milestone }),
  );
  if (reached.size >= MAX_REACHED) reached.clear();
  reached.add(key); // reached now, whether by this call or an earlier one
  return inserted.length > 0;
}

/**
 * Sends one event now and waits until PostHog has it (or gave up). For work already off the
 * request path; requests use trackAfterResponse. Never throws: analytics must not break anything.
 */
export async function captureOrgEvent<E extends ProductEvent>(
  orgId: string,
  event: E,
  properties: EventProperties<E>,
  options: CaptureOptions = {},
): Promise<"sent" | "not-configured" | "opted-out" | "already-sent"> {
  const posthog = getPostHog();
  if (!posthog) return "not-configured";
  try {
    const checked = PRODUCT_EVENTS[event].parse(properties) as Record<string, unknown>;
    if (options.once && reached.has(`${orgId}:${options.once}`)) return "already-sent";
    if (await hasOptedOut(orgId)) return "opted-out";
    if (options.once && !(await firstTime(orgId, options.once))) return "already-sent";
    posthog.client.capture({
      distinctId: orgDistinctId(orgId),
      event,
      groups: { [ORG_GROUP_TYPE]: orgId },
      properties: { ...checked, $process_person_profile: false },
      disableGeoip: true,
    });
    await posthog.client.flush();
    return "sent";
  } catch (error) {
    log.warn({ err: error, event }, "analytics: event not sent");
    return "not-configured";
  }
}

/**
 * Tells PostHog what it may know about the org as a group: its trade (template slug) and when it
 * was created. Never its name (a business name can be a person's name).
 */
export async function identifyOrg(orgId: string): Promise<"sent" | "not-configured" | "opted-out"> {
  const posthog = getPostHog();
  if (!posthog) return "not-configured";
  try {
    if (await hasOptedOut(orgId)) return "opted-out";
    const [org] = await withTenant({ org: { id: orgId } }, (tx) =>
      tx
        .select({ createdAt: orgs.createdAt, vertical: orgVerticals.templateSlug })
        .from(orgs)
        .leftJoin(orgVerticals, eq(orgVerticals.orgId, orgs.id))
        .where(eq(orgs.id, orgId)),
    );
    if (!org) return "not-configured";
    posthog.client.groupIdentify({
      groupType: ORG_GROUP_TYPE,
      groupKey: orgId,
      distinctId: orgDistinctId(orgId),
      properties: checkedGroupProperties({
        vertical: org.vertical,
        created_at: org.createdAt.toISOString(),
      }),
      disableGeoip: true,
    });
    await posthog.client.flush();
    return "sent";
  } catch (error) {
    log.warn({ err: error }, "analytics: org not identified");
    return "not-configured";
  }
}

/** Runs `work` after the response (Next's after()); outside a request (a job, a script) at once, unawaited. */
function afterResponse(work: () => Promise<unknown>): void {
  const run = () => work().catch((error) => log.warn({ err: error }, "analytics failed"));
  try {
    after(run);
  } catch {
    void run();
  }
}

/**
 * The call an entry point makes: the event is sent after the response, never delaying it.
 * `identify` also refreshes the org's group properties (sign-up, a trade chosen).
 */
export function trackAfterResponse<E extends ProductEvent>(
  orgId: string,
  event: E,
  properties: EventProperties<E>,
  options: CaptureOptions & { identify?: boolean } = {},
): void {
  if (!getPostHog()) return;
  afterResponse(async () => {
    if (options.identify) await identifyOrg(orgId);
    await captureOrgEvent(orgId, event, properties, options);
  });
}
