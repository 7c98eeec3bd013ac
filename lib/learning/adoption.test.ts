import { describe, expect, it } from "vitest";
import { editedShare, keptSuggestion } from "./adoption";

describe("the adoption of a suggested answer", () => {
  const suggestion =
    "Yes, we accept cats and small dogs in most of our rentals, with a deposit of 300 euros.";

  it("counts an answer kept as is, or with case and punctuation changed, as adopted", () => {
    expect(editedShare(suggestion, suggestion)).toBe(0);
    expect(keptSuggestion(suggestion, suggestion.toUpperCase().replace(/,/g, ""))).toBe(true);
  });

  it("counts one word in ten changed as adopted, and a rewrite as not", () => {
    expect(keptSuggestion(suggestion, suggestion.replace("300", "350"))).toBe(true);
    expect(keptSuggestion(suggestion, "Pets are welcome, ask the agency about the deposit.")).toBe(
      false,
    );
  });

  it("reads word order and negations, which lexical similarity would not", () => {
    expect(keptSuggestion("We accept pets.", "We do not accept pets.")).toBe(false);
  });

  it("has nothing to adopt without a suggestion", () => {
    expect(keptSuggestion(null, suggestion)).toBe(false);
  });
});
