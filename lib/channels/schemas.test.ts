import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { twilioConnectionSchema } from "./schemas";

const valid = {
  accountSid: `AC${"a".repeat(32)}`,
  authToken: "b".repeat(32),
  phoneNumbers: "+14155552671",
};

/** The field errors a server action sends back to the form for `input`. */
function fieldErrorsOf(input: Record<string, string>) {
  try {
    parseInput(twilioConnectionSchema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  return null;
}

describe("the Twilio connection form's schema", () => {
  it("puts a bad phone number's error on the phone numbers field, naming the number", () => {
    const errors = fieldErrorsOf({ ...valid, phoneNumbers: "+14155552671, 555-2671" });
    // The form shows errors by input name: an error under "phoneNumbers.1" was never shown.
    expect(Object.keys(errors ?? {})).toEqual(["phoneNumbers"]);
    expect(errors?.phoneNumbers).toEqual([
      "“555-2671” is not in international format. Write each number like +14155552671.",
    ]);
  });

  it("names every bad number once, and asks for one when there is none", () => {
    expect(fieldErrorsOf({ ...valid, phoneNumbers: "0612, 0613" })?.phoneNumbers).toEqual([
      "“0612”, “0613” are not in international format. Write each number like +14155552671.",
    ]);
    expect(fieldErrorsOf({ ...valid, phoneNumbers: " " })?.phoneNumbers).toEqual([
      "Add at least one phone number bought on Twilio.",
    ]);
    expect(fieldErrorsOf(valid)).toBeNull();
  });
});
