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
  | { type: "system"; job: string; permissions: readonly Permission[] };

export type SystemActor = Extract<Actor, { type: "system" }>;

/** Every read and write in lib/ takes this: whose data, and who is asking. */
export type TenantContext = {
  org: { id: string; name: string; slug: string };
  actor: Actor;
};

/** What a write needs to be audited: the org it is for and who is asking (names not needed). */
export type ActingContext = { org: Pick<TenantContext["org"], "id">; actor: Actor };

/**
 * Work no person asked for (a job, a staff command). `reason` is the actor's name in the audit
 * log. The org is what the caller knows: a job knows only its id (and nothing it runs reads the
 * name), staff provisioning the whole row; no name is made up.
 */
export function systemContext<Org extends ActingContext["org"]>(
  reason: string,
  org: Org,
): { org: Org; actor: SystemActor } {
  return { org, actor: { type: "system", job: reason, permissions: [] } };
}

/** The id written to the audit log for an actor. */
export function actorId(actor: Actor): string {
  switch (actor.type) {
    case "user":
      return actor.userId;
    case "api_key":
      return actor.keyId;
    case "system":
      return actor.job;
  }
}
