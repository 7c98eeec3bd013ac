import "server-only";
import type { z } from "zod";
import { getLiveContactIn } from "@/lib/contacts/queries";
import { oneLine } from "@/lib/mail/message";
import { queueOrgMail } from "@/lib/mail/outbox";
import { ActionFailure, defineAction, type ActionEnv } from "./definition";
import { maskedAddress } from "./mask";
import { orgFacts } from "./org-facts";
import { emailConfigSchema, emailInputSchema } from "./schemas";

type Input = z.output<typeof emailInputSchema>;
type Config = z.output<typeof emailConfigSchema>;

// An email through the one mailer (lib/mail): the outbox row and its job in the action's
// transaction, sent by SMTP_URL or waiting in the outbox without it. The address is one plain
// address and the subject one line (schemas.ts and lib/mail/message.ts), so no input can add a
// header.

async function render(env: ActionEnv<Config>, input: Input) {
  let to = input.to;
  if (!to && env.contactId) {
    to = (await getLiveContactIn(env.tx, env.ctx, env.contactId)).email ?? undefined;
  }
  if (!to) {
    throw new ActionFailure(
      "I don't have an email address to send this to. Could you spell your address for me?",
    );
  }
  const { name } = await orgFacts(env.tx);
  const signature = env.config.signature ?? name;
  const mail = {
    kind: "agent_action",
    to,
    subject: oneLine(input.subject, 200),
    body: signature ? `${input.body}\n\n— ${signature}` : input.body,
  };
  return { mail, result: `The email “${mail.subject}” is on its way to ${maskedAddress(to)}.` };
}

export const emailAction = defineAction({
  name: "email",
  label: "Send an email",
  description:
    "Send the caller an email (a confirmation, the details discussed, a link). Use the caller's address on file unless they give another one.",
  input: emailInputSchema,
  config: emailConfigSchema,
  risk: "write",
  runBy: ["agent", "api", "user"],
  permissions: [],
  external: true,
  async preview(env, input) {
    const { mail, result } = await render(env, input);
    return { status: "queued", result, effect: { email: mail }, contactId: env.contactId };
  },
  async run(env, input) {
    const { mail, result } = await render(env, input);
    const { messageId } = await queueOrgMail(env.tx, env.ctx, mail);
    return {
      status: "queued",
      result,
      effect: { email: { ...mail, messageId } },
      contactId: env.contactId,
    };
  },
});
