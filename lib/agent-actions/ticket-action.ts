import "server-only";
import { tasks } from "@/db/schema";
import { getLiveContactIn } from "@/lib/contacts/queries";
import { defineAction, type ActionEnv } from "./definition";
import { orgFacts, spokenDate, teammate } from "./org-facts";
import { ticketConfigSchema, ticketInputSchema } from "./schemas";
import type { z } from "zod";

type Input = z.output<typeof ticketInputSchema>;
type Config = z.output<typeof ticketConfigSchema>;

async function plan(env: ActionEnv<Config>, input: Input) {
  // Sent together: postgres.js pipelines them on the transaction's connection.
  const [, assignee, { timezone }] = await Promise.all([
    env.contactId ? getLiveContactIn(env.tx, env.ctx, env.contactId) : null,
    env.config.assigneeId ? teammate(env.tx, env.config.assigneeId) : null,
    orgFacts(env.tx),
  ]);
  const dueAt = input.dueAt ? new Date(input.dueAt) : null;
  const result = `I've passed it to the team: “${input.title}”${
    dueAt ? `, to be done by ${spokenDate(dueAt, timezone)}` : ""
  }.`;
  const effect = {
    task: {
      title: input.title,
      details: input.details ?? null,
      dueAt: dueAt?.toISOString() ?? null,
      assignee: assignee?.name ?? null,
      contactId: env.contactId,
    },
  };
  return { assignee, dueAt, result, effect };
}

// A follow-up task for the team, on the contact's timeline (through the journal's timeline entry)
// and on the Tasks page.
export const ticketAction = defineAction({
  name: "ticket",
  label: "Follow-up task",
  description:
    "Create a follow-up task for the team when the caller needs something the agent cannot do now: a call back, a document to send, a visit to arrange. Say what must be done in one sentence.",
  input: ticketInputSchema,
  config: ticketConfigSchema,
  risk: "write",
  runBy: ["agent", "api", "user"],
  permissions: ["tasks.write"],
  external: false,
  async preview(env, input) {
    const { result, effect } = await plan(env, input);
    return { status: "succeeded", result, effect, contactId: env.contactId };
  },
  async run(env, input) {
    const { assignee, dueAt, result, effect } = await plan(env, input);
    const [task] = await env.tx
      .insert(tasks)
      .values({
        orgId: env.tx.orgId,
        contactId: env.contactId,
        title: input.title,
        details: input.details ?? null,
        assigneeId: assignee?.id ?? null,
        dueAt,
        executionId: env.executionId,
      })
      .returning({ id: tasks.id });
    return {
      status: "succeeded",
      result,
      effect: { ...effect, task: { ...effect.task, id: task!.id } },
      contactId: env.contactId,
    };
  },
});
