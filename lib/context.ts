import type { OrgRole } from "@/db/schema";
import type { Permission } from "@/lib/auth/permissions";

export type Actor =
  | { type: "user"; userId: string; role: OrgRole; permissions: readonly Permission[] }
  | {
      type: "api_key";
      keyId: string;
      scopes: readonly string[];
      permissions: readonly Permission[];
    }
  | { type: "webhook"; source: "twilio" | "vapi"; permissions: readonly Permission[] }
  | { type: "system"; job: string; permissions: readonly Permission[] };

/** Every read and write in lib/ takes this: whose data, and who is asking. */
export type TenantContext = {
  org: { id: string; name: string; slug: string };
  actor: Actor;
};

/** The id written to the audit log for an actor. */
export function actorId(actor: Actor): string {
  switch (actor.type) {
    case "user":
      return actor.userId;
    case "api_key":
      return actor.keyId;
    case "webhook":
      return actor.source;
    case "system":
      return actor.job;
  }
}
