import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { actionCircuits, actionExecutions, actionSettings } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import type { JobRun } from "@/lib/jobs/define";
import { OutboundRefusedError, postOutbound } from "@/lib/http/outbound";
import { webhookCallInputSchema } from "./schemas";
import { openActionSecret } from "./secret-store";
import { signWebhook } from "@/lib/standard-webhooks/sign";
import { webhookBody } from "./webhook-call-action";
import type { WebhookCallJob } from "./webhook-call-job";

// One delivery attempt of a queued webhook_call (webhook-call-job.ts). The request is made outside
// any transaction; its outcome is written after. A destination that failed CIRCUIT_FAILURES times
// in a row is left alone for CIRCUIT_OPEN_SECONDS (its circuit is open): attempts meanwhile wait
// for the next retry instead of adding to a struggling system's load.

export const CIRCUIT_FAILURES = 5;
export const CIRCUIT_OPEN_SECONDS = 60;
export const TIMEOUT_MS = 5000;

export class RetryLater extends Error {
  override name = "RetryLater";
}

type Delivered = "delivered" | "failed" | "skipped";

export async function deliverWebhookCall(job: WebhookCallJob, run: JobRun): Promise<Delivered> {
  const ctx = systemContext("actions.webhook_call", { id: job.orgId });
  const loaded = await withTenant(ctx, async (tx) => {
    const [execution] = await tx
      .select()
      .from(actionExecutions)
      .where(and(eq(actionExecutions.orgId, tx.orgId), eq(actionExecutions.id, job.executionId)));
    const [settings] = await tx
      .select()
      .from(actionSettings)
      .where(and(eq(actionSettings.orgId, tx.orgId), eq(actionSettings.action, "webhook_call")));
    return { execution, settings };
  });
  const { execution, settings } = loaded;
  // Converges: an execution already delivered or failed is not sent again.
  if (!execution || execution.status !== "queued") return "skipped";

  const finish = (status: "succeeded" | "failed", result: string, error?: string) =>
    withTenant(ctx, (tx) =>
      tx
        .update(actionExecutions)
        .set({
          status,
          result,
          error: error ?? null,
          pendingInput: null,
          finishedAt: new Date(),
          attempts: sql`${actionExecutions.attempts} + 1`,
        })
        .where(
          and(
            eq(actionExecutions.orgId, job.orgId),
            eq(actionExecutions.id, execution.id),
            eq(actionExecutions.status, "queued"),
          ),
        ),
    );

  const url = typeof settings?.config.url === "string" ? settings.config.url : null;
  const input = webhookCallInputSchema.safeParse(execution.pendingInput ?? {});
  if (!url || !settings?.secretCiphertext || !input.success) {
    await finish("failed", "Not sent: the webhook's URL or secret was removed.", "not configured");
    return "failed";
  }
  const destination = new URL(url).origin;
  const [circuit] = await withTenant(ctx, (tx) =>
    tx
      .select()
      .from(actionCircuits)
      .where(and(eq(actionCircuits.orgId, tx.orgId), eq(actionCircuits.destination, destination))),
  );
  if (circuit?.openUntil && circuit.openUntil > new Date()) {
    if (run.finalAttempt) {
      await finish(
        "failed",
        "Not sent: the business's system kept failing, so Luneo stopped calling it for a while.",
        "circuit open",
      );
      return "failed";
    }
    throw new RetryLater(
      `circuit open for this destination until ${circuit.openUntil.toISOString()}`,
    );
  }

  const body = JSON.stringify(webhookBody(input.data, execution.contactId, execution.createdAt));
  const secret = openActionSecret(job.orgId, "webhook_call", settings.secretCiphertext);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Luneo-Webhooks/1",
    ...signWebhook(secret, execution.id, new Date(), body),
  };
  const recordCircuit = (ok: boolean) =>
    withTenant(ctx, (tx) =>
      tx
        .insert(actionCircuits)
        .values({ orgId: tx.orgId, destination, failures: ok ? 0 : 1 })
        .onConflictDoUpdate({
          target: [actionCircuits.orgId, actionCircuits.destination],
          set: ok
            ? { failures: 0, openUntil: null, updatedAt: new Date() }
            : {
                failures: sql`${actionCircuits.failures} + 1`,
                openUntil: sql`case when ${actionCircuits.failures} + 1 >= ${CIRCUIT_FAILURES}
                  then now() + make_interval(secs => ${CIRCUIT_OPEN_SECONDS}) else null end`,
                updatedAt: new Date(),
              },
        }),
    );

  let failure: string;
  try {
    const response = await postOutbound(url, headers, body, { timeoutMs: TIMEOUT_MS });
    if (response.status >= 200 && response.status < 300) {
      await recordCircuit(true);
      await finish("succeeded", `Delivered to the business's system (HTTP ${response.status}).`);
      return "delivered";
    }
    if (response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status)) {
      // The system is up and refused this request: sending it again would be refused again.
      await recordCircuit(true);
      await finish(
        "failed",
        `The business's system refused the request (HTTP ${response.status}).`,
        `HTTP ${response.status}`,
      );
      return "failed";
    }
    failure = `HTTP ${response.status}`;
  } catch (error) {
    if (error instanceof OutboundRefusedError) {
      await finish("failed", `Not sent: ${error.message}.`, error.message);
      return "failed";
    }
    failure = (error as Error).message;
  }
  await recordCircuit(false);
  if (run.finalAttempt) {
    await finish(
      "failed",
      "Not delivered: the business's system did not accept it in time.",
      failure,
    );
    return "failed";
  }
  await withTenant(ctx, (tx) =>
    tx
      .update(actionExecutions)
      .set({ attempts: sql`${actionExecutions.attempts} + 1`, error: failure })
      .where(and(eq(actionExecutions.orgId, tx.orgId), eq(actionExecutions.id, execution.id))),
  );
  throw new RetryLater(`delivery failed (${failure}); retrying`);
}

/** Closes a queued webhook_call that will not be sent (its job was skipped): failed, in words. */
export async function failQueuedWebhookCall(job: WebhookCallJob, result: string): Promise<void> {
  await withTenant(systemContext("actions.webhook_call", { id: job.orgId }), (tx) =>
    tx
      .update(actionExecutions)
      .set({
        status: "failed",
        result,
        error: "flag off",
        pendingInput: null,
        finishedAt: new Date(),
      })
      .where(
        and(
          eq(actionExecutions.orgId, job.orgId),
          eq(actionExecutions.id, job.executionId),
          eq(actionExecutions.status, "queued"),
        ),
      ),
  );
}
