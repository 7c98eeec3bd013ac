import { expect } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";

/** Awaits `promise`, asserts it rejected with an AppError of `code`, and returns the error. */
export async function expectAppError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<AppError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved)
    throw new Error(
      `expected AppError ${code}, but it resolved with ${JSON.stringify(outcome.value)}`,
    );
  expect(outcome.error).toBeInstanceOf(AppError);
  expect((outcome.error as AppError).code).toBe(code);
  return outcome.error as AppError;
}

/** Same for a synchronous call. */
export function expectAppErrorSync(work: () => unknown, code: ErrorCode): AppError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    return error as AppError;
  }
  throw new Error(`expected AppError ${code}, but nothing was thrown`);
}
