import { describe, expect, it } from "vitest";
import { describeSmtpError } from "./transport";

// What a failed attempt leaves in the outbox row and the log: a code, never the address that an
// SMTP server echoes in its reply.

describe("describeSmtpError", () => {
  it("keeps the reply code and the command's verb, not the recipient", () => {
    const error = Object.assign(
      new Error("Recipient command failed: 550 <ada@example.org> unknown"),
      {
        code: "EENVELOPE",
        responseCode: 550,
        command: "RCPT TO:<ada@example.org>",
        response: "550 <ada@example.org> unknown",
      },
    );
    expect(describeSmtpError(error)).toBe("SMTP 550 after RCPT");
  });

  it("names a network failure by its system error", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), {
      code: "ESOCKET",
    });
    expect(describeSmtpError(error)).toBe("ESOCKET (ECONNREFUSED)");
  });

  it("says nothing more about an error it does not know", () => {
    expect(describeSmtpError(new Error("something about ada@example.org"))).toBe("unknown error");
  });
});
