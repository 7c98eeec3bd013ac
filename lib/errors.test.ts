import { describe, expect, it, vi } from "vitest";
import {
  AppError,
  describeError,
  ERROR_CODES,
  ForbiddenError,
  NotFoundError,
  toActionResult,
  toHttpResponse,
  ValidationError,
  type ErrorCode,
} from "./errors";
import type { Logger } from "./log";

function fakeLogger() {
  const error = vi.fn();
  return { logger: { error } as unknown as Logger, error };
}

const STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

const REF = /^Something went wrong \(ref ([0-9a-f]{8})\)\.$/;

describe("describeError", () => {
  it.each(ERROR_CODES.map((code) => [code, STATUS[code]] as const))(
    "maps AppError %s to HTTP %i and keeps its message",
    (code, status) => {
      const { logger, error } = fakeLogger();
      const described = describeError(new AppError(code, `expected ${code}`), logger);
      expect(described.status).toBe(status);
      expect(described.code).toBe(code);
      expect(described.message).toBe(`expected ${code}`);
      expect(error).not.toHaveBeenCalled();
    },
  );

  it("gives the subclasses their codes and messages", () => {
    const { logger } = fakeLogger();
    expect(describeError(new NotFoundError("This contact"), logger)).toMatchObject({
      code: "NOT_FOUND",
      status: 404,
      message: "This contact was not found.",
    });
    expect(describeError(new ForbiddenError(), logger)).toMatchObject({
      code: "FORBIDDEN",
      status: 403,
    });
    expect(describeError(new ValidationError({ email: ["Bad"] }), logger)).toMatchObject({
      code: "VALIDATION",
      status: 422,
      fieldErrors: { email: ["Bad"] },
    });
  });

  it.each([
    ["an Error", new Error("connect ECONNREFUSED postgres://admin:hunter2@db")],
    ["a TypeError", new TypeError("Cannot read properties of undefined (reading 'hunter2')")],
    ["a string", "hunter2"],
    ["null", null],
    ["an object", { message: "hunter2", code: "NOT_FOUND" }],
  ])("turns %s into a 500 with a reference, never its own message", (_label, thrown) => {
    const { logger, error } = fakeLogger();
    const described = describeError(thrown, logger);
    expect(described.status).toBe(500);
    expect(described.code).toBe("INTERNAL");
    expect(described.message).toMatch(REF);
    expect(described.message).not.toContain("hunter2");
    // The reference the user sees is the one in the log line.
    const ref = REF.exec(described.message)![1];
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatchObject({ err: thrown, ref });
  });

  it("gives each unexpected error its own reference", () => {
    const { logger } = fakeLogger();
    const refs = new Set(
      Array.from({ length: 20 }, () => describeError(new Error("x"), logger).message),
    );
    expect(refs.size).toBe(20);
  });
});

describe("toActionResult", () => {
  it("carries code, message and field errors of an expected error", () => {
    const { logger } = fakeLogger();
    expect(
      toActionResult(new AppError("CONFLICT", "Taken.", { email: ["Taken."] }), logger),
    ).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "Taken.",
      fieldErrors: { email: ["Taken."] },
    });
    expect(toActionResult(new ForbiddenError(), logger)).toEqual({
      ok: false,
      code: "FORBIDDEN",
      message: "You do not have permission to do this.",
    });
  });

  it("hides an unexpected error behind a reference", () => {
    const { logger } = fakeLogger();
    const result = toActionResult(
      new Error("duplicate key value violates unique constraint"),
      logger,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("INTERNAL");
    expect(result.message).toMatch(REF);
    expect(result).not.toHaveProperty("fieldErrors");
  });
});

describe("toHttpResponse", () => {
  it("answers with the status and a JSON error body", async () => {
    const { logger } = fakeLogger();
    const response = toHttpResponse(new AppError("RATE_LIMITED", "Slow down."), logger, {
      "retry-after": "30",
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({
      error: { code: "RATE_LIMITED", message: "Slow down." },
    });
  });

  it("answers 500 without the original message for an unknown error", async () => {
    const { logger } = fakeLogger();
    const response = toHttpResponse(new Error("secret internals"), logger);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("INTERNAL");
    expect(body.error.message).toMatch(REF);
    expect(JSON.stringify(body)).not.toContain("secret internals");
  });
});
