import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { orgs } from "@/db/schema";
import type { ApiScope } from "@/lib/api-keys/scopes";
import { createApiKey } from "@/lib/api-keys/service";
import { withSystem } from "@/lib/db/scopes";
import { createOwner, type TestOwner } from "./factories";

// Shared by the /api/v1 contract tests: an org that can mint keys, and the one error shape.

export type ApiOrg = TestOwner & { token: (scopes: ApiScope[]) => Promise<string> };

/** A new org (owner included) whose `token(scopes)` creates an API key; `country` when it matters. */
export async function createApiOrg(country?: string): Promise<ApiOrg> {
  const owner = await createOwner();
  if (country) {
    await withSystem("test sets the org's country", (tx) =>
      tx.update(orgs).set({ country }).where(eq(orgs.id, owner.orgId)),
    );
  }
  const token = async (scopes: ApiScope[]) =>
    (await createApiKey(owner.ctx, { name: `Key ${scopes.join(" ")}`, scopes })).token;
  return { ...owner, token };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export type ApiErrorBody = {
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
};

/** Asserts the one error shape (lib/errors.ts toHttpResponse) with its request id; returns the error. */
export async function expectApiError(
  response: Response,
  status: number,
  code: string,
): Promise<ApiErrorBody> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(response.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9-]{8,64}$/);
  const body = (await response.json()) as { error: ApiErrorBody };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}
