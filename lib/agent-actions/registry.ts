import "server-only";
import { z } from "zod";
import type { ActionDefinition } from "./definition";
import { emailAction } from "./email-action";
import type { ActionName } from "./schemas";
import { ticketAction } from "./ticket-action";
import { transferAction } from "./transfer-action";
import { updateContactAction } from "./update-contact-action";
import { webhookCallAction } from "./webhook-call-action";

// The actions Luneo can run, in the order Settings → Actions lists them. Adding one: its schemas
// in schemas.ts, a `<name>-action.ts` with defineAction, and a line here (docs/architecture.md).
export const ACTIONS: Record<ActionName, ActionDefinition> = {
  ticket: ticketAction as unknown as ActionDefinition,
  update_contact: updateContactAction as unknown as ActionDefinition,
  email: emailAction as unknown as ActionDefinition,
  transfer: transferAction as unknown as ActionDefinition,
  webhook_call: webhookCallAction as unknown as ActionDefinition,
};

export function findAction(name: string): ActionDefinition | null {
  return Object.hasOwn(ACTIONS, name) ? ACTIONS[name as ActionName] : null;
}

/** The input schema as JSON Schema (draft 2020-12), the tool's parameters. */
export function inputJsonSchema(action: ActionDefinition): Record<string, unknown> {
  const schema = z.toJSONSchema(action.input, { io: "input", unrepresentable: "any" });
  delete schema.$schema;
  return schema as Record<string, unknown>;
}

/**
 * The tool VAPI is given for an action: a function tool whose calls come to the org's VAPI webhook
 * as `tool-calls`, or, for transfer, VAPI's transferCall with no destination, so VAPI asks the
 * webhook (`transfer-destination-request`) where to send the call.
 */
export function vapiToolDefinition(action: ActionDefinition): Record<string, unknown> {
  if (action.name === "transfer") {
    return {
      type: "transferCall",
      destinations: [],
      function: { name: "transfer", description: action.description },
    };
  }
  return {
    type: "function",
    async: false,
    function: {
      name: action.name,
      description: action.description,
      parameters: inputJsonSchema(action),
    },
  };
}
