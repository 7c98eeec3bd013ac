import { DAYS, openingIntervalSchema, type Day, type VerticalContent } from "./content";
import { DAY_NAMES, intervalsText } from "./hours-text";
import { isJsonObject, type ConfigChange, type Json, type JsonObject } from "./merge-patch";

// Words for the diff an admin reviews before upgrading the template or switching trade
// (previewVerticalChange): `knowledge.energy-performance-certificate` becomes "Starter knowledge ·
// new question: What is the energy rating…". Pure, shared by the page and its client islands.

export type ChangeDescription = {
  path: string;
  kind: ConfigChange["kind"];
  /** The section, then what in it: "ROI · minutes per call". */
  label: string;
  /** Short values, shown as before → after; long text goes in `text` instead. */
  before?: string;
  after?: string;
  /** Long text (an answer, the greeting), shown on demand. */
  text?: { before?: string; after?: string };
  /** Only an entry's place in its list moved: worth a count, not a row. */
  minor: boolean;
};

const SHORT = 80;

const TOP: Record<string, string> = {
  label: "Vertical name",
  tagline: "Tagline",
  agent: "Agent",
  hours: "Opening hours",
  knowledge: "Starter knowledge",
  qualification: "Qualification",
  escalation: "Escalation",
  roi: "ROI",
  serverMessages: "VAPI server messages",
  automations: "Proposed automations",
};

const FIELDS: Record<string, string> = {
  "agent.persona": "Persona",
  "agent.greeting": "Greeting",
  "agent.language": "Language",
  "agent.closedMessage": "Closed message",
  "roi.currency": "ROI · currency",
  "roi.minutesPerCall": "ROI · minutes per call",
  "roi.loadedHourlyCost": "ROI · hourly cost of a person",
  "roi.outcomeLabel": "ROI · outcome",
  "roi.valuePerOutcome": "ROI · value per outcome",
};

/** What one entry of a keyed list is called, and how a change to each of its parts reads. */
const LISTS: Record<string, { noun: string; title: string; parts: Record<string, string> }> = {
  knowledge: {
    noun: "question",
    title: "question",
    parts: { question: "wording of", answer: "answer to", position: "place in the list of" },
  },
  qualification: {
    noun: "question",
    title: "question",
    parts: {
      question: "wording of",
      position: "place in the list of",
      "field.label": "lead field of",
      "field.key": "lead field key of",
      "field.type": "kind of answer to",
      "field.options": "choices for",
      "field.unit": "unit for",
    },
  },
  escalation: {
    noun: "rule",
    title: "when",
    parts: {
      when: "condition of",
      action: "action for",
      say: "what the agent says for",
      position: "order of",
    },
  },
  automations: {
    noun: "automation",
    title: "name",
    parts: { name: "name of", description: "description of", position: "place in the list of" },
  },
};

/** "some-entry_id" → "Some entry id": the last resort for a path nobody named. */
export function humanize(segment: string): string {
  const words = segment
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[-_.]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One day's intervals in words: "09:00–12:00, 13:00–18:00", or "Closed". */
export function formatHours(value: Json): string | undefined {
  const day = openingIntervalSchema.array().safeParse(value);
  if (!day.success) return undefined;
  const text = intervalsText(day.data);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A value as a short phrase, or undefined when it is too long (or too structured) to inline. */
export function shortValue(value: Json | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value.length <= SHORT ? value : undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    const joined = value.join(", ");
    return joined.length <= SHORT ? joined || "none" : undefined;
  }
  return undefined;
}

function longText(value: Json | undefined): string | undefined {
  return typeof value === "string" && value.length > SHORT ? value : undefined;
}

/** The keyed lists' entries by id → their title, enough to name what a nested change is about. */
export type EntryTitles = Record<string, Record<string, string>>;

/** Small enough to hand a client island, unlike the whole configuration. */
export function entryTitles(config: VerticalContent | null | undefined): EntryTitles {
  if (!config) return {};
  return Object.fromEntries(
    Object.entries(LISTS).map(([list]) => [
      list,
      Object.fromEntries(
        Object.entries(config[list as keyof VerticalContent] as unknown as JsonObject).map(
          ([id, entry]) => [id, entryTitle(list, id, entry)],
        ),
      ),
    ]),
  );
}

function entryTitle(list: string, id: string, entry: Json | undefined): string {
  const field = LISTS[list]?.title ?? "question";
  const title = isJsonObject(entry) ? entry[field] : undefined;
  return typeof title === "string" ? title : humanize(id);
}

/**
 * Describes one change. `titles` come from the configuration today (entryTitles): they name the
 * entry a nested change belongs to ("Starter knowledge · answer to “How do I book a viewing?”").
 */
export function describeChange(change: ConfigChange, titles: EntryTitles = {}): ChangeDescription {
  const { path, kind, before, after } = change;
  const [top = "", id = "", ...rest] = path.split(".");
  const base = { path, kind, minor: false };
  const values = (b: Json | undefined, a: Json | undefined) => {
    const text = { before: longText(b), after: longText(a) };
    return {
      before: shortValue(b),
      after: shortValue(a),
      ...(text.before || text.after ? { text } : {}),
    };
  };

  if (top === "hours" && (DAYS as readonly string[]).includes(id)) {
    return {
      ...base,
      label: `Opening hours · ${DAY_NAMES[id as Day]}`,
      before: before === undefined ? undefined : formatHours(before),
      after: after === undefined ? undefined : formatHours(after),
    };
  }

  const list = LISTS[top];
  if (list && id) {
    const section = TOP[top]!;
    if (rest.length === 0) {
      // A whole entry came or went.
      const entry = kind === "removed" ? before : after;
      const verb = kind === "added" ? "new" : kind === "removed" ? "removed" : "changed";
      return {
        ...base,
        label: `${section} · ${verb} ${list.noun}: ${entryTitle(top, id, entry)}`,
      };
    }
    const part = rest.join(".");
    const title = titles[top]?.[id] ?? humanize(id);
    return {
      ...base,
      minor: part === "position",
      label: `${section} · ${list.parts[part] ?? `${humanize(part).toLowerCase()} of`} “${title}”`,
      ...(part === "position" ? {} : values(before, after)),
    };
  }

  const named = FIELDS[path] ?? (TOP[path] ? TOP[path] : undefined);
  const label =
    named ??
    [TOP[top] ?? humanize(top), ...[id, ...rest].filter(Boolean).map(humanize)].join(" · ");
  return { ...base, label, ...values(before, after) };
}

/** How many values the org set itself: leaves of its merge patch (a list counts once). */
export function countOverrides(overrides: Json): number {
  if (!isJsonObject(overrides)) return 1;
  return Object.values(overrides).reduce<number>((n, v) => n + countOverrides(v), 0);
}

const DROPPED: Record<string, string> = {
  label: "the vertical's name",
  tagline: "the tagline",
  knowledge: "the starter knowledge",
  qualification: "the qualification questions",
  escalation: "the escalation rules",
  automations: "the proposed automations",
  "roi.outcomeLabel": "the ROI outcome",
  "roi.valuePerOutcome": "the value per outcome",
};

/** Names a trade's label in a sentence: "E-commerce" → "e-commerce", "VAPI" stays. */
function inSentence(label: string): string {
  return /^[A-Z][^A-Z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/**
 * The overrides a switch to another trade leaves behind, in words, one sentence per section:
 * "Your edits to the starter knowledge will not carry over — they belong to e-commerce."
 */
export function describeDropped(paths: string[], fromLabel: string): string[] {
  const subjects = paths.map((path) => {
    if (DROPPED[path]) return DROPPED[path];
    const named = FIELDS[path];
    return named ? `the ${named.replace(" · ", " ").toLowerCase()}` : `“${humanize(path)}”`;
  });
  return [...new Set(subjects)].map(
    (subject) =>
      `Your edits to ${subject} will not carry over — they belong to ${inSentence(fromLabel)}.`,
  );
}

/** Changes grouped as the review shows them, minor ones (only an order moved) counted apart. */
export function groupChanges(descriptions: ChangeDescription[]) {
  const rows = descriptions.filter((d) => !d.minor);
  return {
    added: rows.filter((d) => d.kind === "added"),
    changed: rows.filter((d) => d.kind === "changed"),
    removed: rows.filter((d) => d.kind === "removed"),
    reordered: descriptions.length - rows.length,
  };
}
