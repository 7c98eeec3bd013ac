import type { CustomizeInput } from "@/lib/onboarding/schemas";
import { DAYS, ordered, type VerticalContent } from "./content";

// The "Make it yours" form edits the configuration as plain lists in display order (the server
// turns them back into keyed records, see toRecord). Pure, so the wizard, the settings page and
// tests share it.

export type KnowledgeItem = CustomizeInput["knowledge"][number];
export type QualificationItem = CustomizeInput["qualification"][number];

/** The form's values for a resolved configuration or a template. Copies: the form may mutate. */
export function customizeInputFrom(config: VerticalContent): CustomizeInput {
  return {
    greeting: config.agent.greeting,
    hours: Object.fromEntries(
      DAYS.map((day) => [day, config.hours[day].map(({ open, close }) => ({ open, close }))]),
    ) as CustomizeInput["hours"],
    knowledge: ordered(config.knowledge).map(({ id, question, answer }) => ({
      id,
      question,
      answer,
    })),
    qualification: ordered(config.qualification).map(({ id, question, field }) => ({
      id,
      question,
      // Spread, not `options: field.options`: the stored template has no `options: undefined`
      // key, and the form's "reset to template" compares against it.
      field: { ...field, ...(field.options ? { options: [...field.options] } : {}) },
    })),
  };
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** An id for an entry the business adds: never collides with a template's ids, which are words. */
export function newEntryId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `custom-${Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("")}`;
}

/**
 * Puts the template's entries missing from `list` back, each at its place in the template (so
 * restoring everything with nothing else changed leaves no override behind).
 */
export function restoreRemoved<T extends { id: string }>(list: T[], template: T[]): T[] {
  const present = new Set(list.map((e) => e.id));
  const next = [...list];
  template.forEach((entry, index) => {
    if (!present.has(entry.id))
      next.splice(Math.min(index, next.length), 0, structuredClone(entry));
  });
  return next;
}

/** Template entries the business removed from the list. */
export function removedEntries<T extends { id: string }>(list: T[], template: T[]): T[] {
  const present = new Set(list.map((e) => e.id));
  return template.filter((e) => !present.has(e.id));
}
