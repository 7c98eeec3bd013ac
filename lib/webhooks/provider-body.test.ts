import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripInvalidChars } from "@/lib/text/control-chars";
import { callStatusCallback, incomingSms } from "@/test/fixtures/twilio";
import { formPairs, providerForm, readProviderForm } from "./provider-body";

// What formPairs and readProviderForm must always equal: URLSearchParams' reading of the body.
const searchParamsPairs = (body: string) => [...new URLSearchParams(body)].flat();

// Bodies made of what a form decoder trips on: separators, `+`, percent escapes (valid, broken,
// of bytes that are not UTF-8), a leading `?`, non-ASCII text and lone surrogates.
const formPiece = fc.oneof(
  fc.constantFrom("&", "=", "+", "?", "%", "%2", "%25", "%2B", "%26", "%3D", "%00", "%20"),
  fc.constantFrom(
    "%C3%A9",
    "%C3",
    "%A9",
    "%E2%82%AC",
    "%ED%A0%80",
    "%F0%9F%98%80",
    "%FF",
    "%EF%BB%BF",
  ),
  fc.constantFrom("é", "😀", "\uD800", "\uDC00", "__proto__", "constructor", "CallSid", " "),
  fc.string({ maxLength: 6 }),
);
const formBody = fc.array(formPiece, { maxLength: 20 }).map((pieces) => pieces.join(""));

describe("reading a Twilio form body", () => {
  it("reads every body exactly as URLSearchParams does", () => {
    fc.assert(
      fc.property(formBody, (body) => {
        expect(formPairs(body)).toEqual(searchParamsPairs(body));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the signed parameters as sent and the parsers' stripped ones, from one reading", () => {
    fc.assert(
      fc.property(formBody, (body) => {
        const { signed, stripped } = readProviderForm(body);
        // As verifyTwilio was given them: Object.fromEntries keeps a `__proto__` name as a key.
        expect({ ...signed }).toEqual(Object.fromEntries(new URLSearchParams(body)));
        expect(Object.keys(signed)).toEqual(
          Object.keys(Object.fromEntries(new URLSearchParams(body))),
        );
        const before: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(body))
          before[stripInvalidChars(key)] = stripInvalidChars(value);
        expect(stripped).toEqual(before);
        expect(providerForm(body)).toEqual(before);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads Twilio's own callbacks on the direct path", () => {
    for (const params of [
      callStatusCallback("completed"),
      incomingSms({ Body: "Hé + 50% & co" }),
    ]) {
      const body = new URLSearchParams(params).toString();
      expect(Object.fromEntries(Object.entries(readProviderForm(body).signed))).toEqual(params);
    }
  });

  it("stays linear on a long body of names without values", () => {
    const body = "a&".repeat(500_000);
    expect(formPairs(body)).toHaveLength(1_000_000);
  });
});
