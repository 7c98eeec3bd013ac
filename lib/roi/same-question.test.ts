import { describe, expect, it } from "vitest";
import { askedAgain, isSubstantive, type AskedQuestion } from "./same-question";

const q = (question: string, gapId: string | null = null): AskedQuestion => ({
  question,
  language: "en",
  gapId,
});

describe("the same question asked again", () => {
  it("is the same gap, or as alike as two questions of one gap", () => {
    expect(askedAgain([q("Where do I park?", "g1")], [q("Any parking nearby?", "g1")])).toBe(true);
    expect(
      askedAgain(
        [q("What are the HOA fees at Bayview Towers?")],
        [q("How much are the HOA fees for Bayview Towers?")],
      ),
    ).toBe(true);
    expect(
      askedAgain(
        [q("What are the HOA fees at Bayview Towers?", "g1")],
        [q("Do you accept pets in the rentals you manage?", "g2")],
      ),
    ).toBe(false);
  });

  it("is assumed when there is nothing to compare: no questions, or small talk only", () => {
    expect(askedAgain([], [q("Do you accept pets in the rentals you manage?")])).toBe(true);
    expect(askedAgain([q("What are the HOA fees at Bayview Towers?")], [q("Okay, thanks.")])).toBe(
      true,
    );
    expect(isSubstantive(q("Okay, thanks."))).toBe(false);
    expect(isSubstantive(q("Hello?"))).toBe(false);
    expect(isSubstantive(q("What are the HOA fees?"))).toBe(true);
  });

  it("small talk on both sides does not make two different questions the same", () => {
    expect(
      askedAgain(
        [q("What are the HOA fees at Bayview Towers?"), q("Okay, thanks.")],
        [q("Do you accept pets in the rentals you manage?"), q("Okay, thanks.")],
      ),
    ).toBe(false);
  });
});
