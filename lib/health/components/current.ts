import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { channelConnections, COMPONENT_IDS, componentStatusPeriods } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { COMPONENT_CHANNEL, computeHealth, type ComponentHealth } from "../compute";
import { readSignals } from "../signals";

export type ComponentView = ComponentHealth & { since: Date | null };

/**
 * Every component now, as the last evaluation recorded it (health.evaluate, every minute): status,
 * reason and since when, with whether its channel is connected. An org never evaluated yet (no
 * recorded period for some component) is computed from the live windows instead: the reads below
 * stay a few index lookups however busy the org's inbox is (bench/health.ts).
 */
export async function currentComponents(tx: TenantTx): Promise<ComponentView[]> {
  const current = await tx
    .select()
    .from(componentStatusPeriods)
    .where(and(eq(componentStatusPeriods.orgId, tx.orgId), isNull(componentStatusPeriods.endedAt)));
  if (current.length < COMPONENT_IDS.length) {
    const health = computeHealth(await readSignals(tx));
    return health.map((c) => {
      const period = current.find((p) => p.component === c.component);
      return { ...c, since: period && period.status === c.status ? period.startedAt : null };
    });
  }
  const connected = (
    await tx
      .select({ provider: channelConnections.provider })
      .from(channelConnections)
      .where(eq(channelConnections.orgId, tx.orgId))
  ).map((c) => c.provider);
  return COMPONENT_IDS.map((component) => {
    const period = current.find((p) => p.component === component)!;
    const needs = COMPONENT_CHANNEL[component];
    const applicable =
      needs === null || (needs === "any" ? connected.length > 0 : connected.includes(needs));
    return {
      component,
      status: applicable ? period.status : "operational",
      reason: period.reason,
      applicable,
      since: period.startedAt,
    };
  });
}
