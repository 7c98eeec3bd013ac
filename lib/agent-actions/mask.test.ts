import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskPersonal } from "./mask";

describe("maskPersonal", () => {
  it("masks addresses, numbers, secrets and free text under personal keys, keeping the shape", () => {
    expect(
      maskPersonal({
        to: "claire.martin@example.com",
        subject: "Your viewing",
        body: "See you at 11",
        contactId: "3f0c1f0e-0000-4000-8000-000000000000",
        data: {
          phone: "+33 6 12 34 56 78",
          note: "call +33612345678",
          secret: "whsec_x",
          ref: "RN-12",
        },
        addTags: ["buyer"],
      }),
    ).toEqual({
      to: "c•••@example.com",
      subject: "Your viewing",
      body: "••••••",
      contactId: "3f0c1f0e-0000-4000-8000-000000000000",
      data: { phone: "•••78", note: "call +33612345678", secret: "••••••", ref: "RN-12" },
      addTags: ["buyer"],
    });
  });

  it("never lets an email address through, wherever it is", () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }),
        (email, path) => {
          let value: unknown = email;
          for (const key of path.toReversed()) value = { [key]: value };
          expect(JSON.stringify(maskPersonal({ value }))).not.toContain(email);
        },
      ),
    );
  });
});
