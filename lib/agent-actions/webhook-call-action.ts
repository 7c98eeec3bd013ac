import "server-only";
import type { z } from "zod";
import { enqueue } from "@/lib/jobs/enqueue";
import { ActionFailure, defineAction, type ActionEnv } from "./definition";
import { webhookCallJob } from "./webhook-call-job";
import { webhookCallConfigSchema, webhookCallInputSchema } from "./schemas";

type Input = z.output<typeof webhookCallInputSchema>;
type Config = z.output<typeof webhookCallConfigSchema> & { hasSecret?: boolean };

/** The body the receiver gets: Standard Webhooks' { type, timestamp, data }. */
export function webhookBody(input: Input, contactId: string | null, at: Date) {
  return {
    type: input.event,
    timestamp: at.toISOString(),
    data: { ...input.data, ...(contactId ? { contactId } : {}) },
  };
}

function check(env: ActionEnv<Config>) {
  if (!env.config.url || !env.config.hasSecret) {
    throw new ActionFailure(
      "The webhook is not set up for this business yet (no URL or signing secret).",
    );
  }
  return env.config.url;
}

// A signed request to the URL the org configured, delivered by a job (webhook-call-job.ts) with
// retries, a circuit breaker per destination and addresses checked after DNS (outbound.ts).
export const webhookCallAction = defineAction({
  name: "webhook_call",
  label: "Call a webhook",
  description:
    "Notify the business's own system (CRM, shop back office) of something the caller asked for, as a named event with its data.",
  input: webhookCallInputSchema,
  config: webhookCallConfigSchema,
  risk: "needs_approval",
  runBy: ["agent", "api", "user"],
  permissions: [],
  external: true,
  async preview(env, input) {
    const url = check(env);
    return {
      status: "queued",
      result: "The request to the business's system is on its way.",
      effect: { request: { url, body: webhookBody(input, env.contactId, env.now) } },
      contactId: env.contactId,
    };
  },
  async run(env, input) {
    const url = check(env);
    await enqueue(env.tx, webhookCallJob, { orgId: env.tx.orgId, executionId: env.executionId });
    return {
      status: "queued",
      result: "The request to the business's system is on its way.",
      effect: { request: { url, body: webhookBody(input, env.contactId, env.now) } },
      contactId: env.contactId,
      keepInput: true,
    };
  },
});
