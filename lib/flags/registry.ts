// Every feature flag Luneo knows, in one place (docs/adr/0012). A flag is evaluated per org: a
// per-org override set by staff on /staff/flags wins, then what PostHog says (its local
// evaluation, group `organization`), then the default below — which is also what a Luneo without
// PostHog configured does (local runs, tests, self-hosting), so a default is "what the product
// should do when nobody has decided otherwise".
//
// Adding a module behind a flag: CONTRIBUTING.md, "Putting a module behind a flag". The key is the
// PostHog flag's key: create it there with the same spelling, as a flag on the `organization`
// group, to roll the module out.

export type FlagDefinition = {
  /** The PostHog flag key. Stored in overrides and audit entries: never renamed lightly. */
  key: string;
  /** What an org loses when the flag is off, in words for the staff page. */
  gates: string;
  /** The value when no override and no PostHog answer exists. */
  default: boolean;
  /** The module that owns the gated code (where its gates live). */
  owner: string;
  /**
   * Dashboard paths the flag hides (a path and everything under it): the dashboard layout answers
   * them with a real 404 while the flag is off for the org (lib/flags/pages.ts).
   */
  pages: readonly string[];
};

export const FLAGS = {
  learning: {
    key: "learning",
    pages: ["/learning"],
    gates:
      "The learning loop: gaps the agent could not answer, their review page and the jobs that find them.",
    default: true,
    owner: "lib/learning (issue 12)",
  },
  roiForecasting: {
    key: "roi-forecasting",
    // A part of the overview, not a page: lib/roi/queries.ts getRoiForecast answers null.
    pages: [],
    gates: "The 30-day forecast of calls and value on the overview.",
    default: true,
    owner: "lib/roi",
  },
  statusPage: {
    key: "status-page",
    pages: ["/health"],
    gates:
      "Health, incidents and the public status page: their pages, API routes, banner and health.* jobs.",
    default: true,
    owner: "lib/health (issue 14)",
  },
  actions: {
    key: "actions",
    pages: ["/settings/actions", "/tasks"],
    gates:
      "The actions registry: the tools the agent may use during a call, its pages, API routes and jobs.",
    default: true,
    owner: "lib/agent-actions (issue 16)",
  },
  contactsImport: {
    key: "contacts-import",
    pages: ["/contacts/import", "/contacts/imports"],
    gates:
      "CSV import of contacts: the import pages, the upload route and the contacts.import job.",
    default: true,
    owner: "lib/contacts/import",
  },
} as const satisfies Record<string, FlagDefinition>;

export type FlagName = keyof typeof FLAGS;
export type FlagKey = (typeof FLAGS)[FlagName]["key"];

export const FLAG_LIST: readonly FlagDefinition[] = Object.values(FLAGS);
export const FLAG_KEYS = FLAG_LIST.map((flag) => flag.key) as FlagKey[];

export function isFlagKey(value: string): value is FlagKey {
  return (FLAG_KEYS as string[]).includes(value);
}

/** The flag hiding a dashboard path, if any: `/contacts/imports/…` is under `/contacts/imports`. */
export function flagOfPath(pathname: string): FlagKey | undefined {
  const path = pathname.replace(/\/+$/, "") || "/";
  const flag = FLAG_LIST.find((f) => f.pages.some((p) => path === p || path.startsWith(`${p}/`)));
  return flag?.key as FlagKey | undefined;
}

export function flagByKey(key: FlagKey): FlagDefinition {
  return FLAG_LIST.find((flag) => flag.key === key)!;
}

/** PostHog's group type for orgs: flags roll out per org, events are grouped by org. */
export const ORG_GROUP_TYPE = "organization";
