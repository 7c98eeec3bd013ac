import { z } from "zod";

// zod's own messages ("Invalid input: expected number, received NaN") are written for developers.
// This error map words every issue for the person who filled the form or sent the request; a
// schema's own message (`z.string().min(1, "Enter a name.")`) still wins over it. Installed once,
// globally, by importing this module (lib/parse-input.ts does).

const plural = (n: number | bigint, one: string, many: string) =>
  `${n} ${Number(n) === 1 ? one : many}`;

const EXPECTED: Record<string, string> = {
  string: "Enter text here.",
  number: "Enter a number.",
  int: "Enter a whole number.",
  bigint: "Enter a whole number.",
  boolean: "Choose yes or no.",
  date: "Enter a date.",
  array: "Give a list here.",
  tuple: "Give a list here.",
  set: "Give a list here.",
  object: "Give a group of fields here.",
  record: "Give a group of fields here.",
  map: "Give a group of fields here.",
  file: "Choose a file.",
  nan: "Leave this empty.",
  undefined: "Leave this empty.",
  null: "Leave this empty.",
  never: "This field is not expected here.",
  nonoptional: "This field is required.",
};

const FORMATS: Record<string, string> = {
  email: "Enter an email address like name@example.com.",
  url: "Enter a web address like https://example.com.",
  uuid: "This reference is not valid.",
  guid: "This reference is not valid.",
  datetime: "Enter a date and time.",
  date: "Enter a date (YYYY-MM-DD).",
  time: "Enter a time (HH:MM).",
  e164: "Enter a phone number in international format, like +14155550123.",
};

function describeValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 8).map((v) => (typeof v === "string" ? `“${v}”` : String(v)));
  return values.length > 8 ? `${shown.join(", ")}, …` : shown.join(", ");
}

export function personMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined || issue.input === null || issue.input === "")
        return "This field is required.";
      if (typeof issue.input === "number" && Number.isNaN(issue.input)) return "Enter a number.";
      return EXPECTED[issue.expected] ?? "This value is not the right kind.";
    }
    case "too_small": {
      const min = issue.minimum;
      switch (issue.origin) {
        case "string":
          return Number(min) <= 1
            ? "This field is required."
            : `Enter at least ${plural(min, "character", "characters")}.`;
        case "array":
        case "set":
          return `Choose at least ${min}.`;
        case "date":
          return "Choose a later date.";
        default:
          return issue.inclusive === false
            ? `Enter a number above ${min}.`
            : `Enter ${min} or more.`;
      }
    }
    case "too_big": {
      const max = issue.maximum;
      switch (issue.origin) {
        case "string":
          return `Keep this to ${plural(max, "character", "characters")} or fewer.`;
        case "array":
        case "set":
          return `Choose at most ${max}.`;
        case "date":
          return "Choose an earlier date.";
        case "file":
          return "This file is too large.";
        default:
          return issue.inclusive === false
            ? `Enter a number below ${max}.`
            : `Enter ${max} or less.`;
      }
    }
    case "invalid_format":
      if (issue.format === "starts_with") return `This must start with “${String(issue.prefix)}”.`;
      if (issue.format === "ends_with") return `This must end with “${String(issue.suffix)}”.`;
      if (issue.format === "includes") return `This must contain “${String(issue.includes)}”.`;
      return FORMATS[issue.format] ?? "This is not in the expected format.";
    case "not_multiple_of":
      return `Enter a multiple of ${issue.divisor}.`;
    case "unrecognized_keys":
      return issue.keys.length === 1
        ? `“${issue.keys[0]}” is not a field here. Remove it.`
        : `These are not fields here: ${issue.keys.map((k) => `“${k}”`).join(", ")}. Remove them.`;
    case "invalid_value":
      return issue.values.length === 1
        ? `This must be ${describeValues(issue.values)}.`
        : `Choose one of ${describeValues(issue.values)}.`;
    case "invalid_union":
      return "This value is not one of the accepted kinds.";
    case "invalid_key":
      return "One of the names in this group is not valid.";
    case "invalid_element":
      return "One of the values in this list is not valid.";
    case "custom":
    default:
      return "This value is not valid.";
  }
}

z.config({ customError: personMessage });
