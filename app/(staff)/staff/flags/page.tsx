import type { Metadata } from "next";
import { OverrideForm } from "@/components/flags/override-form";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import type { PostHogRule, StaffFlagRow } from "@/lib/flags/staff-view";
import { listFlagsForStaff } from "@/lib/flags/staff-view";
import { requireStaffOr404 } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Feature flags" };

const STATUS_WORDS = {
  "not-configured":
    "PostHog is not configured (no POSTHOG_KEY): every flag takes its default, or an override.",
  "analytics-only":
    "PostHog receives analytics, but without POSTHOG_SECRET_KEY no flag definitions are fetched: flags take their default, or an override.",
  "flags-and-analytics":
    "Flags are evaluated from PostHog's definitions, polled in the background; overrides below win over them.",
} as const;

function ruleWords(
  rule: PostHogRule,
  defaultOn: boolean,
): { text: string; tone: "zinc" | "green" | "amber" | "red" } {
  switch (rule.state) {
    case "not-configured":
      return {
        text: `Not configured: default (${defaultOn ? "on" : "off"}) applies`,
        tone: "zinc",
      };
    case "not-defined":
      return {
        text: `Not defined in PostHog: default (${defaultOn ? "on" : "off"}) applies`,
        tone: "zinc",
      };
    case "off":
      return { text: "Off in PostHog for every org (kill switch)", tone: "red" };
    case "rollout":
      return {
        text: `${rule.percent} % of ${rule.perOrg ? "orgs" : "distinct ids"}${rule.conditions > 1 ? ` (${rule.conditions} conditions)` : ""}`,
        tone: rule.percent >= 100 ? "green" : "amber",
      };
  }
}

const SOURCE_WORDS = { override: "override", posthog: "PostHog", default: "default" } as const;

function Share({ flag }: { flag: StaffFlagRow }) {
  const total = flag.orgs.length;
  const count = (enabled: boolean, source: string) =>
    flag.orgs.filter((o) => o.enabled === enabled && o.source === source).length;
  const parts = [
    { label: "on by override", n: count(true, "override"), className: "bg-brand-700" },
    { label: "on by PostHog", n: count(true, "posthog"), className: "bg-brand-500" },
    { label: "on by default", n: count(true, "default"), className: "bg-indigo-300" },
    { label: "off", n: total - flag.enabledCount, className: "bg-zinc-200" },
  ];
  return (
    <figure className="space-y-2">
      <div
        className="flex h-3 w-full overflow-hidden rounded-full bg-zinc-100"
        role="img"
        aria-label={`${flag.enabledCount} of ${total} orgs have ${flag.key}`}
      >
        {total > 0
          ? parts.map((p) =>
              p.n > 0 ? (
                <span
                  key={p.label}
                  className={p.className}
                  style={{ width: `${(p.n / total) * 100}%` }}
                />
              ) : null,
            )
          : null}
      </div>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600">
        {parts.map((p) => (
          <span key={p.label} className="inline-flex items-center gap-1.5">
            <span className={`inline-block size-2 rounded-full ${p.className}`} aria-hidden />
            {p.n} {p.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export default async function StaffFlagsPage() {
  const staff = await requireStaffOr404();
  const view = await listFlagsForStaff(staff);
  return (
    <>
      <PageHeader
        title="Feature flags"
        description="Every flag in lib/flags/registry.ts: its default, what PostHog says and which orgs have it. Opening this page is recorded in the platform audit log; every override is audited, in the org's own log too."
      />
      <p
        className="mb-6 rounded-md bg-white p-4 text-sm text-zinc-700 ring-1 ring-zinc-200"
        data-testid="posthog-status"
      >
        {STATUS_WORDS[view.status]}
        {view.fetchedAt ? ` Definitions last fetched ${formatDateTime(view.fetchedAt)}.` : ""}
      </p>
      <div className="space-y-6">
        {view.flags.map((flag) => {
          const rule = ruleWords(flag.posthog, flag.default);
          const overrides = flag.orgs.filter((o) => o.source === "override");
          return (
            <Card key={flag.key}>
              <section aria-labelledby={`flag-${flag.key}`} data-testid={`flag-${flag.key}`}>
                <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4">
                  <div className="min-w-0">
                    <h2
                      id={`flag-${flag.key}`}
                      className="font-mono text-base font-semibold text-zinc-900"
                    >
                      {flag.key}
                    </h2>
                    <p className="mt-0.5 text-sm text-zinc-600">{flag.gates}</p>
                    <p className="mt-0.5 text-xs text-zinc-500">Owner: {flag.owner}</p>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Badge tone={flag.default ? "green" : "zinc"}>
                      Default {flag.default ? "on" : "off"}
                    </Badge>
                    <Badge tone={rule.tone}>
                      <span data-testid="posthog-rule">{rule.text}</span>
                    </Badge>
                  </div>
                </div>
                <div className="space-y-5 px-5 py-4">
                  <div>
                    <p
                      className="mb-2 text-sm font-medium text-zinc-900"
                      data-testid="enabled-count"
                    >
                      {flag.enabledCount} of {flag.orgs.length}{" "}
                      {flag.orgs.length === 1 ? "org has" : "orgs have"} it
                    </p>
                    <Share flag={flag} />
                  </div>
                  {overrides.length > 0 ? (
                    <div>
                      <h3 className="text-sm font-medium text-zinc-900">Overrides</h3>
                      <ul
                        className="mt-2 divide-y divide-zinc-100 rounded-md ring-1 ring-zinc-200"
                        data-testid="overrides"
                      >
                        {overrides.map((o) => (
                          <li
                            key={o.id}
                            className="flex items-center justify-between gap-3 px-3 py-2 text-sm"
                          >
                            <span className="min-w-0 truncate text-zinc-900">{o.name}</span>
                            <Badge tone={o.enabled ? "green" : "red"}>
                              {o.enabled ? "on" : "off"}
                            </Badge>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : (
                    <p className="text-sm text-zinc-500">
                      No override: every org gets PostHog&apos;s answer or the default.
                    </p>
                  )}
                  <details className="text-sm">
                    <summary className="cursor-pointer font-medium text-brand-700">
                      Which orgs have it
                    </summary>
                    <ul className="mt-2 grid gap-1 sm:grid-cols-2">
                      {flag.orgs.map((o) => (
                        <li
                          key={o.id}
                          className="flex items-center justify-between gap-2 rounded px-2 py-1 odd:bg-zinc-50"
                        >
                          <span className="min-w-0 truncate">{o.name}</span>
                          <span className="shrink-0 text-xs text-zinc-600">
                            {o.enabled ? "on" : "off"} · {SOURCE_WORDS[o.source]}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </details>
                  <OverrideForm flagKey={flag.key} orgs={view.orgs} />
                </div>
              </section>
            </Card>
          );
        })}
      </div>
    </>
  );
}
