import { and, desc, eq } from "drizzle-orm";
import { accountMessages, outboxMessages } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";

// Reading what the mailer queued, as a test would read an inbox.

export async function accountMailTo(to: string) {
  return withSystem("test: account mail to an address", (tx) =>
    tx
      .select()
      .from(accountMessages)
      .where(eq(accountMessages.toAddress, to))
      .orderBy(desc(accountMessages.createdAt)),
  );
}

export async function orgMailTo(orgId: string, to: string) {
  return withSystem("test: org mail to an address", (tx) =>
    tx
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.orgId, orgId), eq(outboxMessages.toAddress, to))),
  );
}

/** The first link into the app found in a message body. */
export function linkIn(body: string, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path}/[A-Za-z0-9_-]+`).exec(body);
  if (!match) throw new Error(`no ${path} link in the message`);
  return match[0];
}

export function tokenIn(body: string, path: string): string {
  return linkIn(body, path).split("/").at(-1)!;
}
