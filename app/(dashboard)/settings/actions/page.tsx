import type { Metadata } from "next";
import { ActionSettingsForm } from "@/components/agent-actions/action-settings-form";
import { ApprovalButtons } from "@/components/agent-actions/approval-buttons";
import { ACTION_LABELS, RISK_LABELS, SOURCE_LABELS } from "@/components/agent-actions/labels";
import { TryActionForm } from "@/components/agent-actions/try-action-form";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import {
  actionCatalog,
  listPendingApprovals,
  listTeammates,
  orgTimezone,
} from "@/lib/agent-actions/queries";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";

export const metadata: Metadata = { title: "Actions" };

const EXAMPLES: Record<string, string> = {
  ticket: JSON.stringify({ title: "Call Mrs Martin back about the flat on Rue Neuve" }, null, 2),
  update_contact: JSON.stringify({ leadStatus: "qualified", addTags: ["sea-view"] }, null, 2),
  email: JSON.stringify(
    { to: "client@example.com", subject: "Your viewing on Saturday", body: "See you at 11." },
    null,
    2,
  ),
  transfer: JSON.stringify({ reason: "wants to make an offer" }, null, 2),
  webhook_call: JSON.stringify({ event: "viewing.requested", data: { ref: "RN-12" } }, null, 2),
};

export default async function ActionsPage() {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.actions.key);
  if (!hasPermission(ctx, "actions.read")) {
    return (
      <NotAllowed title="Actions" reason="Only owners and admins can manage the agent's actions" />
    );
  }
  const [catalog, pending, teammates, timezone] = await Promise.all([
    actionCatalog(ctx),
    listPendingApprovals(ctx),
    listTeammates(ctx),
    orgTimezone(ctx),
  ]);
  const canConfigure = hasPermission(ctx, "actions.configure");
  const canApprove = hasPermission(ctx, "actions.approve");
  const tools = catalog.filter((a) => a.enabled).map((a) => a.vapiTool);
  const toolsJson = JSON.stringify(tools, null, 2);
  return (
    <>
      <PageHeader
        title="Actions"
        description={
          <>
            What your agent may do during a call, and what it did: every run is in the{" "}
            <TextLink href="/settings/actions/journal">journal</TextLink>; follow-ups land in{" "}
            <TextLink href="/tasks">Tasks</TextLink>.
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Waiting for approval"
            description="Nothing runs until an admin accepts it."
          />
          {pending.length === 0 ? (
            <EmptyState title="Nothing waits for you">
              Actions that need approval appear here when the agent or the API asks for them.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-100" data-testid="approvals">
              {pending.map((p) => (
                <li
                  key={p.id}
                  className="flex flex-wrap items-start justify-between gap-3 px-5 py-4"
                  data-testid="approval"
                >
                  <div className="min-w-0 space-y-1">
                    <p className="text-sm font-medium text-zinc-900">
                      {ACTION_LABELS[p.action] ?? p.action}
                    </p>
                    <p className="text-xs text-zinc-500">
                      {SOURCE_LABELS[p.source]} · {formatDateTimeIn(p.createdAt, timezone)}
                    </p>
                    <pre className="max-w-full overflow-x-auto rounded bg-zinc-50 p-2 text-xs text-zinc-700">
                      {JSON.stringify(canApprove ? p.pendingInput : p.input, null, 2)}
                    </pre>
                  </div>
                  {canApprove ? <ApprovalButtons executionId={p.id} /> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <div className="grid gap-6">
          {catalog.map((action) => (
            <Card key={action.name}>
              <CardHeader
                title={action.label}
                description={action.description}
                action={
                  <span className="flex shrink-0 flex-col items-end gap-1">
                    <Badge tone={action.enabled ? "green" : "zinc"}>
                      {action.enabled ? "On" : "Off"}
                    </Badge>
                    <Badge tone={action.risk === "needs_approval" ? "amber" : "zinc"}>
                      {RISK_LABELS[action.risk]}
                    </Badge>
                  </span>
                }
              />
              <div className="px-5 py-4">
                {canConfigure ? (
                  <ActionSettingsForm
                    action={{
                      name: action.name,
                      label: action.label,
                      enabled: action.enabled,
                      requireApproval: action.requireApproval,
                      config: action.config,
                      hasSecret: action.hasSecret,
                    }}
                    teammates={teammates}
                  />
                ) : (
                  <p className="text-sm text-zinc-600">
                    Only owners and admins change this action.
                  </p>
                )}
              </div>
            </Card>
          ))}
        </div>

        {hasPermission(ctx, "actions.run") ? (
          <Card>
            <CardHeader
              title="Try it"
              description="See what an action would do, with the input the agent would send. Nothing is changed."
            />
            <div className="px-5 py-4">
              <TryActionForm
                actions={catalog.map((a) => ({ name: a.name, label: a.label }))}
                examples={EXAMPLES}
              />
            </div>
          </Card>
        ) : null}

        <Card>
          <CardHeader
            title="Tools for VAPI"
            description="The turned-on actions as VAPI tool definitions: paste them into your assistant's tools. Their calls come to your VAPI webhook; Luneo answers them."
            action={tools.length ? <CopyButton value={toolsJson} label="Copy tools" /> : undefined}
          />
          {tools.length === 0 ? (
            <EmptyState title="No action is turned on yet">
              Turn an action on above and its tool definition appears here.
            </EmptyState>
          ) : (
            <pre
              className="max-h-96 overflow-auto px-5 py-4 text-xs text-zinc-700"
              data-testid="vapi-tools"
            >
              {toolsJson}
            </pre>
          )}
        </Card>
      </div>
    </>
  );
}
