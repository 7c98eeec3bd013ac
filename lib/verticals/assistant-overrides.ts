import { ordered, type Day, type VerticalContent, type WeeklyHours } from "./content";
import { describeOpeningHours } from "./hours-text";

// What VAPI's assistant-request is answered with (`assistantOverrides`), built from the org's
// resolved vertical configuration (stored precomputed in org_verticals.resolved: nothing is
// resolved or merged here). Pure and deterministic for a given `now`: the webhook path calls it
// on every incoming call, the tests pin `now`.

/** The contact Luneo already knows for the caller's number, if any. */
export type KnownCaller = {
  id: string;
  name: string | null;
  lastInteractionAt: Date | null;
  /**
   * contact_memory.agentBrief as stored (lib/memory/agent-brief.ts): customerName,
   * customerSummary, customerOpenItems, customerFacts. Absent or null before the first summary.
   */
  brief?: Record<string, unknown> | null;
} | null;

export type AssistantVariableValues = {
  businessName: string;
  customerKnown: boolean;
  customerName: string;
  lastInteractionAt: string;
  luneoContactId: string;
  customerSummary: string;
  customerOpenItems: string;
  customerFacts: string;
} & Partial<{
  persona: string;
  language: string;
  openNow: boolean;
  openingHours: string;
  knowledge: string;
  qualificationQuestions: string;
  escalationRules: string;
}>;

export type AssistantOverrides = {
  firstMessage?: string;
  variableValues: AssistantVariableValues;
};

/**
 * The variables the agent receives (VAPI `{{name}}` in the assistant's prompt), for the Channels
 * settings page. Keep in step with `assistantOverridesFor` (a test checks the names match).
 */
export const ASSISTANT_VARIABLES = [
  { name: "businessName", description: "Your business name." },
  { name: "customerKnown", description: "true when the caller's number is one of your contacts." },
  { name: "customerName", description: "The caller's name when Luneo knows it, otherwise empty." },
  {
    name: "lastInteractionAt",
    description: "When Luneo last heard from the caller (ISO 8601), otherwise empty.",
  },
  { name: "luneoContactId", description: "The caller's contact id in Luneo, otherwise empty." },
  {
    name: "customerSummary",
    description: "What Luneo remembers of the caller's past conversations, otherwise empty.",
  },
  {
    name: "customerOpenItems",
    description: 'What was promised to the caller and is still to do ("; "-separated).',
  },
  {
    name: "customerFacts",
    description: 'What the caller told you before, e.g. "budget: 500000; area: Harbour".',
  },
  { name: "persona", description: "Who the agent is and how it speaks." },
  { name: "language", description: "The language the agent speaks, e.g. en-US." },
  {
    name: "openNow",
    description: "true when the call comes in during your opening hours (your time zone).",
  },
  { name: "openingHours", description: 'Your opening hours, e.g. "Mon–Fri 09:00–18:00".' },
  { name: "knowledge", description: "Your questions and answers, in order." },
  {
    name: "qualificationQuestions",
    description: "The questions the agent asks to qualify a lead.",
  },
  { name: "escalationRules", description: "When the agent hands over to a person, and how." },
] as const satisfies readonly { name: keyof AssistantVariableValues; description: string }[];

const BUSINESS_NAME = /\{\{\s*businessName\s*\}\}/g;

/** `{{businessName}}` filled in. (A function replacement: a name holding "$&" stays as typed.) */
export function withBusinessName(text: string, businessName: string): string {
  return text.replace(BUSINESS_NAME, () => businessName);
}

const WEEKDAYS: Record<string, Day> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

// Building an Intl.DateTimeFormat costs far more than using one: one per time zone, kept.
const clocks = new Map<string, Intl.DateTimeFormat>();
function clockIn(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    try {
      clock = new Intl.DateTimeFormat("en-US", {
        timeZone,
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
    } catch (error) {
      // Not an IANA zone this runtime knows (the wizard only offers valid ones): read UTC, the
      // column's default, rather than fail the call.
      if (timeZone === "UTC") throw error;
      clock = clockIn("UTC");
    }
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** The weekday and minute of the day (0–1439) at `now` on the wall clocks of `timeZone`. */
export function localTime(now: Date, timeZone: string): { day: Day; minute: number } {
  let weekday = "";
  let hour = 0;
  let minute = 0;
  for (const part of clockIn(timeZone).formatToParts(now)) {
    if (part.type === "weekday") weekday = part.value;
    else if (part.type === "hour") hour = Number(part.value) % 24;
    else if (part.type === "minute") minute = Number(part.value);
  }
  const day = WEEKDAYS[weekday];
  if (!day) throw new Error(`unexpected weekday "${weekday}" from Intl.DateTimeFormat`);
  return { day, minute: hour * 60 + minute };
}

const minuteOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Open at `now` in the org's time zone: within one of the day's intervals, closing excluded. */
export function isOpenAt(hours: WeeklyHours, timeZone: string, now: Date): boolean {
  const { day, minute } = localTime(now, timeZone);
  return hours[day].some((i) => minuteOf(i.open) <= minute && minute < minuteOf(i.close));
}

const fieldHint = (field: VerticalContent["qualification"][string]["field"]) => {
  if (field.type === "choice" && field.options?.length) return ` (${field.options.join(" / ")})`;
  if (field.type === "number" && field.unit) return ` (in ${field.unit})`;
  return "";
};

const ESCALATION_ACTIONS: Record<VerticalContent["escalation"][string]["action"], string> = {
  transfer: "transfer the call to a person",
  callback: "arrange a call back",
  message: "take a message",
};

/**
 * The `assistantOverrides` of the answer to VAPI's assistant-request. Without a configuration (no
 * vertical chosen yet) only what Luneo knows of the caller, as before verticals existed.
 */
export function assistantOverridesFor(
  config: VerticalContent | null,
  org: { name: string; timezone: string },
  caller: KnownCaller,
  now: Date,
): AssistantOverrides {
  // The brief is stored JSON: anything but a string reads as unknown.
  const remembered = (key: string) => {
    const value = caller?.brief?.[key];
    return typeof value === "string" ? value : "";
  };
  const base = {
    businessName: org.name,
    customerKnown: Boolean(caller),
    customerName: caller?.name || remembered("customerName"),
    lastInteractionAt: caller?.lastInteractionAt?.toISOString() ?? "",
    luneoContactId: caller?.id ?? "",
    customerSummary: remembered("customerSummary"),
    customerOpenItems: remembered("customerOpenItems"),
    customerFacts: remembered("customerFacts"),
  };
  if (!config) return { variableValues: base };

  const fill = (text: string) => withBusinessName(text, org.name);
  const openNow = isOpenAt(config.hours, org.timezone, now);
  const greeting = fill(config.agent.greeting);
  return {
    firstMessage: openNow ? greeting : `${greeting} ${fill(config.agent.closedMessage)}`,
    variableValues: {
      ...base,
      persona: fill(config.agent.persona),
      language: config.agent.language,
      openNow,
      openingHours: describeOpeningHours(config.hours),
      knowledge: ordered(config.knowledge)
        .map((e) => `Q: ${fill(e.question)}\nA: ${fill(e.answer)}`)
        .join("\n\n"),
      qualificationQuestions: ordered(config.qualification)
        .map((q, i) => `${i + 1}. ${fill(q.question)}${fieldHint(q.field)}`)
        .join("\n"),
      escalationRules: ordered(config.escalation)
        .map(
          (r, i) =>
            `${i + 1}. When: ${fill(r.when)} Then: ${ESCALATION_ACTIONS[r.action]}, saying: "${fill(r.say)}"`,
        )
        .join("\n"),
    },
  };
}
