import { test as base } from "@playwright/test";
import { randomBytes } from "node:crypto";

export const OWNER_STATE = "e2e/.auth/owner.json";
export const OWNER_FILE = "e2e/.auth/owner-account.json";

export type Account = { name: string; email: string; password: string; orgName: string };

/** A unique person and business for one test, so tests never share data. */
export function newAccount(label = "owner"): Account {
  const id = randomBytes(4).toString("hex");
  return {
    name: `Alex ${label} ${id}`,
    email: `${label}-${id}@e2e.luneo.dev`,
    password: `correct horse ${id}`,
    orgName: `Harbour Homes ${id}`,
  };
}

export const test = base;
export { expect } from "@playwright/test";
