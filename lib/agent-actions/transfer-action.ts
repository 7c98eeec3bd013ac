import "server-only";
import type { z } from "zod";
import { describeOpeningHours } from "@/lib/verticals/hours-text";
import { isOpenAt } from "@/lib/verticals/assistant-overrides";
import { ordered } from "@/lib/verticals/content";
import { ActionFailure, defineAction, type ActionEnv, type Outcome } from "./definition";
import { orgFacts, resolvedVertical } from "./org-facts";
import { transferConfigSchema, transferInputSchema } from "./schemas";

type Config = z.output<typeof transferConfigSchema>;

// Where a call goes when the caller needs a person: the number the org configured, during the
// opening hours of its configuration, when its escalation rules allow a transfer. Otherwise the
// agent hears why in words and offers a call back (the ticket action).

async function destination(env: ActionEnv<Config>): Promise<Outcome> {
  const vertical = await resolvedVertical(env.tx);
  const { timezone } = await orgFacts(env.tx);
  if (!env.config.number) {
    throw new ActionFailure(
      "Transfers to a person are not set up for this business. Offer to take a message so the team calls back.",
    );
  }
  if (vertical && !ordered(vertical.escalation).some((rule) => rule.action === "transfer")) {
    throw new ActionFailure(
      "This business's escalation rules do not transfer calls. Offer to take a message so the team calls back.",
    );
  }
  if (vertical && !isOpenAt(vertical.hours, timezone, env.now)) {
    throw new ActionFailure(
      `The team is not available right now (opening hours: ${describeOpeningHours(vertical.hours)}). Offer to take a message so they call back.`,
    );
  }
  const message = env.config.message ?? "I'm putting you through to a colleague now.";
  return {
    status: "succeeded",
    result: message,
    effect: { destination: { number: env.config.number, message } },
    destination: { type: "number", number: env.config.number, message },
  };
}

export const transferAction = defineAction({
  name: "transfer",
  label: "Transfer to a person",
  description:
    "Transfer the call to a person when the escalation rules say so or the caller insists. Gives the number during opening hours, or says why it cannot.",
  input: transferInputSchema,
  config: transferConfigSchema,
  risk: "read",
  runBy: ["agent", "user"],
  permissions: [],
  external: false,
  preview: (env) => destination(env),
  run: (env) => destination(env),
});
