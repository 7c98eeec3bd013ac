import { randomBytes } from "node:crypto";
import type { Logger } from "./log";

export const ERROR_CODES = [
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHORIZED",
  "CONFLICT",
  "VALIDATION",
  "RATE_LIMITED",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Record<string, string[]>;

const HTTP_STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export function httpStatus(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** An expected failure: its message is written for the person who will read it. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = "This item") {
    super("NOT_FOUND", `${what} was not found.`);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this.") {
    super("FORBIDDEN", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super("CONFLICT", message, fieldErrors);
  }
}

export class ValidationError extends AppError {
  constructor(fieldErrors: FieldErrors, message = "Some fields need your attention.") {
    super("VALIDATION", message, fieldErrors);
  }
}

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

function errorReference(): string {
  return randomBytes(4).toString("hex");
}

/** Expected errors pass through; anything else is logged with a reference the user can quote. */
export function describeError(error: unknown, logger: Logger): AppError & { status: number } {
  if (error instanceof AppError) return Object.assign(error, { status: HTTP_STATUS[error.code] });
  const ref = errorReference();
  logger.error({ err: error, ref }, "unexpected error");
  const internal = new AppError("INTERNAL", `Something went wrong (ref ${ref}).`);
  return Object.assign(internal, { status: 500 });
}

export function toActionResult(error: unknown, logger: Logger): ActionResult<never> {
  const described = describeError(error, logger);
  return {
    ok: false,
    code: described.code,
    message: described.message,
    ...(described.fieldErrors ? { fieldErrors: described.fieldErrors } : {}),
  };
}

export function toHttpResponse(error: unknown, logger: Logger, headers?: HeadersInit): Response {
  const described = describeError(error, logger);
  return Response.json(
    {
      error: {
        code: described.code,
        message: described.message,
        ...(described.fieldErrors ? { fieldErrors: described.fieldErrors } : {}),
      },
    },
    { status: described.status, headers },
  );
}
