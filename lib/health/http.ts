import type { ComponentId, ComponentStatus, IncidentStatus } from "@/db/schema/health";
import type { listIncidents } from "./incidents/queries";
import type { getHealthForApi } from "./queries";

// The response shapes of /api/v1/health and /api/v1/incidents (docs/api/health.md).

export type ApiIncidentUpdate = {
  id: string;
  status: IncidentStatus;
  body: string;
  createdAt: string;
};

export type ApiIncident = {
  id: string;
  title: string;
  origin: "automatic" | "manual";
  component: ComponentId | null;
  status: IncidentStatus;
  impact: ComponentStatus;
  startedAt: string;
  resolvedAt: string | null;
  postmortem: string | null;
};

export type ApiComponent = {
  id: ComponentId;
  status: ComponentStatus;
  /** Since when it has had this status (null: the org was not evaluated yet). */
  since: string | null;
  reason: string;
};

export type HealthResponse = {
  data: {
    status: ComponentStatus;
    components: ApiComponent[];
    incidents: (ApiIncident & { updates: ApiIncidentUpdate[] })[];
  };
};

export type IncidentsResponse = { data: ApiIncident[]; nextCursor: string | null };

type Stored = Awaited<ReturnType<typeof listIncidents>>["incidents"][number];

export function toApiIncident(i: Stored): ApiIncident {
  return {
    id: i.id,
    title: i.title,
    origin: i.origin,
    component: i.component,
    status: i.status,
    impact: i.impact,
    startedAt: i.startedAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    postmortem: i.postmortem,
  };
}

export function toApiHealth(
  health: Awaited<ReturnType<typeof getHealthForApi>>,
  worst: ComponentStatus,
): HealthResponse {
  return {
    data: {
      status: worst,
      components: health.components
        .filter((c) => c.applicable)
        .map((c) => ({
          id: c.component,
          status: c.status,
          since: c.since?.toISOString() ?? null,
          reason: c.reason,
        })),
      incidents: health.incidents.map((i) => ({
        ...toApiIncident(i),
        updates: i.updates.map((u) => ({
          id: u.id,
          status: u.status,
          body: u.body,
          createdAt: u.createdAt.toISOString(),
        })),
      })),
    },
  };
}
