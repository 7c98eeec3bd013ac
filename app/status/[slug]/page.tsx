import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ComponentStatusBadge, IncidentStatusBadge } from "@/components/health/status-badge";
import { UptimeBars } from "@/components/health/uptime-bars";
import { Logo } from "@/components/shell/logo";
import { COMPONENT_NAMES, STATUS_NAMES, worstOf } from "@/lib/health/compute";
import { publicStatusFor } from "@/lib/health/status-page/cache";
import { INCIDENT_STATUS_NAMES } from "@/lib/health/words";

export const metadata: Metadata = { title: "Status", robots: { index: false } };

const when = (d: Date) =>
  `${new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(d)} UTC`;

// A business's public status page (opt-in, Health → Status page and alerts): components, open and
// recent incidents with their updates, 90 days of uptime. No sign-in, no personal data.
export default async function PublicStatusPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const result = await publicStatusFor(slug, await headers());
  if (result.limited) {
    return (
      <main className="mx-auto max-w-3xl px-4 py-16 text-center">
        <h1 className="text-xl font-semibold text-zinc-900">Too many requests</h1>
        <p className="mt-2 text-sm text-zinc-600">
          This status page was asked for too often from your address. Try again in a minute.
        </p>
      </main>
    );
  }
  const page = result.page;
  if (!page) notFound();
  const overall = worstOf(page.components.map((c) => c.status));
  const open = page.incidents.filter((i) => !i.resolvedAt);
  const recent = page.incidents.filter((i) => i.resolvedAt);
  return (
    <div className="min-h-screen bg-zinc-50">
      <main className="mx-auto w-full max-w-3xl px-4 py-10">
        <header className="mb-8">
          <p className="text-sm text-zinc-500">Status of</p>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{page.name}</h1>
        </header>
        <section
          aria-label="Overall status"
          className={
            overall === "operational" && open.length === 0
              ? "mb-8 rounded-xl bg-green-600 px-5 py-4 font-semibold text-white"
              : "mb-8 rounded-xl bg-amber-500 px-5 py-4 font-semibold text-white"
          }
          data-testid="overall-status"
        >
          {overall === "operational" && open.length === 0
            ? "All systems operational"
            : open.length > 0
              ? `${open.length} ongoing incident${open.length === 1 ? "" : "s"}`
              : STATUS_NAMES[overall]}
        </section>

        {open.length > 0 ? (
          <section aria-labelledby="open-incidents" className="mb-8 space-y-4">
            <h2 id="open-incidents" className="text-lg font-semibold text-zinc-900">
              Ongoing incidents
            </h2>
            {open.map((i) => (
              <Incident key={i.id} incident={i} />
            ))}
          </section>
        ) : null}

        <section
          aria-labelledby="components"
          className="mb-8 rounded-xl border border-zinc-200 bg-white"
        >
          <h2
            id="components"
            className="border-b border-zinc-100 px-5 py-4 text-lg font-semibold text-zinc-900"
          >
            Components
          </h2>
          {page.components.length === 0 ? (
            <p className="px-5 py-8 text-center text-sm text-zinc-500">Nothing is measured yet.</p>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {page.components.map((c) => {
                const uptime = page.uptime.find((u) => u.component === c.component);
                return (
                  <li
                    key={c.component}
                    className="px-5 py-4"
                    data-testid={`public-component-${c.component}`}
                  >
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <h3 className="text-sm font-semibold text-zinc-900">
                        {COMPONENT_NAMES[c.component]}
                      </h3>
                      <ComponentStatusBadge status={c.status} />
                    </div>
                    {uptime ? (
                      <div className="mt-3">
                        <UptimeBars uptime={uptime} label={COMPONENT_NAMES[c.component]} />
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section aria-labelledby="recent" className="mb-8 space-y-4">
          <h2 id="recent" className="text-lg font-semibold text-zinc-900">
            Past 7 days
          </h2>
          {recent.length === 0 ? (
            <p className="text-sm text-zinc-500">No incidents in the past 7 days.</p>
          ) : (
            recent.map((i) => <Incident key={i.id} incident={i} />)
          )}
        </section>
        <footer className="flex items-center justify-between gap-4 border-t border-zinc-200 pt-4 text-xs text-zinc-500">
          <span>
            Uptime by UTC day, from the minutes spent in each status: degraded performance counts as
            up, a partial outage as 30 % down (an hour of it costs 18 minutes), a major outage as
            down.
          </span>
          <span className="flex shrink-0 items-center gap-1 whitespace-nowrap">
            Powered by <Logo className="text-xs text-zinc-700" />
          </span>
        </footer>
      </main>
    </div>
  );
}

type PublicIncident = {
  id: string;
  title: string;
  status: Parameters<typeof IncidentStatusBadge>[0]["status"];
  impact: Parameters<typeof ComponentStatusBadge>[0]["status"];
  startedAt: Date;
  resolvedAt: Date | null;
  updates: { id: string; status: PublicIncident["status"]; body: string; createdAt: Date }[];
};

function Incident({ incident }: { incident: PublicIncident }) {
  return (
    <article
      className="rounded-xl border border-zinc-200 bg-white px-5 py-4"
      data-testid="public-incident"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold text-zinc-900">{incident.title}</h3>
        <IncidentStatusBadge status={incident.status} />
      </div>
      <ol className="mt-3 space-y-3">
        {incident.updates.map((u) => (
          <li key={u.id} className="text-sm">
            <p className="font-medium text-zinc-900">
              {INCIDENT_STATUS_NAMES[u.status]}{" "}
              <span className="font-normal text-zinc-500">· {when(u.createdAt)}</span>
            </p>
            <p className="mt-0.5 whitespace-pre-wrap text-zinc-700">{u.body}</p>
          </li>
        ))}
      </ol>
    </article>
  );
}
