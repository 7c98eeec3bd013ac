"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { refuseUnlessFlagOn } from "@/lib/flags/http";
import { FLAGS } from "@/lib/flags/registry";
import { sessionAction, typedValues, type FormResult } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { decideApproval } from "./approval";
import { executeAction, type ExecutionAnswer } from "./execute";
import { approvalDecisionSchema } from "./schemas";
import { createTask, saveActionSettings, setTaskStatus, updateTask } from "./service";

/** Settings → Actions, one action's form: config fields are named `config.<key>`. */
export async function saveActionSettingsAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ action: string }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.actions.key);
      const config: Record<string, string> = {};
      for (const [key, value] of form.entries()) {
        if (typeof value === "string" && key.startsWith("config.")) {
          config[key.slice("config.".length)] = value;
        }
      }
      const secret = form.get("secret");
      const saved = await saveActionSettings(ctx, {
        action: String(form.get("action")) as never,
        enabled: form.get("enabled") === "on",
        requireApproval: form.get("requireApproval") === "on",
        config,
        secret: typeof secret === "string" ? secret : undefined,
      });
      revalidatePath("/settings/actions");
      return saved;
    },
    // What was typed comes back on a refusal; the secret never does.
    {
      values: typedValues(form, [
        "enabled",
        "requireApproval",
        "config.signature",
        "config.assigneeId",
        "config.number",
        "config.message",
        "config.url",
      ]),
    },
  );
}

/** "Try it": a dry-run from the dashboard, the input typed as JSON. */
export async function tryActionAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<ExecutionAnswer>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.actions.key);
      const inputText = String(form.get("input") ?? "");
      let input: unknown;
      try {
        input = inputText.trim() ? JSON.parse(inputText) : {};
      } catch {
        throw new ValidationError({
          input: ['Write the input as JSON, e.g. {"title": "Call back"}.'],
        });
      }
      const action = String(form.get("action") ?? "");
      const answer = await executeAction(ctx, { action, input, dryRun: true, source: "user" });
      revalidatePath("/settings/actions/journal");
      return answer;
    },
    { values: typedValues(form, ["action", "input"]) },
  );
}

export async function decideApprovalAction(
  executionId: string,
  decision: "accept" | "decline",
): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await refuseUnlessFlagOn(ctx.org.id, FLAGS.actions.key);
    const input = parseInput(approvalDecisionSchema, { executionId, decision });
    await decideApproval(ctx, input.executionId, input.decision);
    revalidatePath("/settings/actions");
    return null;
  });
}

export async function setTaskStatusAction(
  taskId: string,
  status: "open" | "done",
): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await refuseUnlessFlagOn(ctx.org.id, FLAGS.actions.key);
    const input = parseInput(
      z.object({ taskId: z.uuid({ error: "Unknown task." }), status: z.enum(["open", "done"]) }),
      { taskId, status },
    );
    await setTaskStatus(ctx, input.taskId, input.status);
    revalidatePath("/tasks");
    return null;
  });
}

const TASK_FIELDS = ["title", "dueLocal", "assigneeId", "status", "contactId"];

const formText = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/**
 * The task form, new or edited (a `taskId` field): back to the contact's page when it was opened
 * from there, else to Tasks. A refusal hands back everything typed — the notes whole
 * (typedValues cuts at 300 characters; they may have 2,000).
 */
export async function saveTaskAction(_prev: unknown, form: FormData): Promise<FormResult<never>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.actions.key);
      const field = (name: string) => formText(form, name);
      const input = {
        title: field("title") ?? "",
        details: field("details"),
        dueLocal: field("dueLocal"),
        assigneeId: field("assigneeId"),
        status: field("status") as "open" | "done" | undefined,
        contactId: field("contactId"),
      };
      const taskId = field("taskId");
      if (taskId) {
        parseInput(z.object({ taskId: z.uuid({ error: "Unknown task." }) }), { taskId });
      }
      const saved = taskId ? await updateTask(ctx, taskId, input) : await createTask(ctx, input);
      revalidatePath("/tasks");
      if (saved.contactId) revalidatePath(`/contacts/${saved.contactId}`);
      // redirect() ends the action here (sessionAction lets it through).
      redirect(
        field("back") === "contact" && saved.contactId ? `/contacts/${saved.contactId}` : "/tasks",
      );
    },
    {
      values: {
        ...typedValues(form, TASK_FIELDS),
        details: (formText(form, "details") ?? "").slice(0, 2000),
      },
    },
  );
}
