import type { z } from "zod";
import type { ActionSource } from "@/db/schema/agent-actions";
import type { Permission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import type { TenantTx } from "@/lib/db/scopes";
import type { ActionName } from "./schemas";

// What an action declares (docs/adr/0016). The registry (registry.ts) lists them; execute.ts runs
// them the same way whoever asks: permission, input, idempotency, approval, dry-run, journal.

/** read: changes nothing; write: a low-impact change; needs_approval: waits for an admin. */
export type RiskClass = "read" | "write" | "needs_approval";

export type ActionEnv<Config> = {
  tx: TenantTx;
  ctx: TenantContext;
  config: Config;
  /** The contact the action is about: the input's contactId, else the call's caller. */
  contactId: string | null;
  executionId: string;
  now: Date;
};

/** What an action did (or, dry-run, would do). */
export type Outcome = {
  /** queued: an external effect is on its way (a job delivers it). */
  status: "succeeded" | "queued";
  /** One line the agent can say and the journal shows. */
  result: string;
  /** What changed or would change, in full (the journal keeps it masked). */
  effect: Record<string, unknown>;
  contactId?: string | null;
  /** A VAPI transfer destination (transfer only). */
  destination?: { type: "number"; number: string; message?: string };
  /** Keep the input until a job has used it (queued deliveries). */
  keepInput?: boolean;
};

/** A failure the executor explains in words (the agent says it; the journal keeps it). */
export class ActionFailure extends Error {
  override name = "ActionFailure";
}

export type ActionDefinition<
  Input extends z.ZodType = z.ZodType,
  Config extends z.ZodType = z.ZodType,
> = {
  name: ActionName;
  /** For people (Settings → Actions). */
  label: string;
  /** For the agent: when to use it (the tool's description). */
  description: string;
  input: Input;
  config: Config;
  risk: RiskClass;
  /** Who may run it: the agent during a call, an API key, a person from the dashboard. */
  runBy: readonly ActionSource[];
  /** Permissions the actor needs beyond actions.run (the agent is given exactly these). */
  permissions: readonly Permission[];
  /** The effect leaves Luneo (a mail, a request): it is queued and the agent hears it is on its way. */
  external: boolean;
  /** Validates against the database and renders the effect; writes nothing. */
  preview: (env: ActionEnv<z.output<Config>>, input: z.output<Input>) => Promise<Outcome>;
  /** Does it, in the caller's transaction. */
  run: (env: ActionEnv<z.output<Config>>, input: z.output<Input>) => Promise<Outcome>;
};

export function defineAction<Input extends z.ZodType, Config extends z.ZodType>(
  action: ActionDefinition<Input, Config>,
): ActionDefinition<Input, Config> {
  return action;
}
