import type { Metadata } from "next";
import { NotAllowed } from "@/components/ui/not-allowed";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { RevokeApiKeyButton } from "@/components/api-keys/revoke-api-key-button";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { timeAgo } from "@/components/ui/format";
import { listApiKeys } from "@/lib/api-keys/service";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "api_keys.read")) {
    return (
      <NotAllowed title="API keys" reason="Only owners and admins can manage API keys">
        Ask an admin of {ctx.org.name} if you need one.
      </NotAllowed>
    );
  }
  const keys = await listApiKeys(ctx);
  const canWrite = hasPermission(ctx, "api_keys.write");
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let your own systems use the Luneo API at{" "}
            <code className="font-mono">/api/v1</code>. Send one as{" "}
            <code className="font-mono">Authorization: Bearer luneo_…</code>.
          </>
        }
      />
      <div className="space-y-6">
        {canWrite ? (
          <Card>
            <CardHeader
              title="Create a key"
              description="Give each integration its own key with only the scopes it needs."
            />
            <div className="p-5">
              <CreateApiKeyForm />
            </div>
          </Card>
        ) : null}
        <Card>
          <CardHeader title="Keys" />
          {keys.length === 0 ? (
            <EmptyState title="No API keys yet">
              Create one above when an integration needs access.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {keys.map((key) => (
                <li
                  key={key.id}
                  className="flex flex-wrap items-center justify-between gap-3 px-5 py-4"
                  data-testid="api-key-row"
                >
                  <div className="min-w-0">
                    <p className="flex items-center gap-2 text-sm font-medium text-zinc-900">
                      {key.name}
                      {key.revokedAt ? (
                        <Badge tone="red">revoked</Badge>
                      ) : (
                        <Badge tone="green">active</Badge>
                      )}
                    </p>
                    <p className="mt-0.5 font-mono text-xs text-zinc-500">luneo_…{key.lastFour}</p>
                    <p className="mt-1 flex flex-wrap gap-1">
                      {key.scopes.map((s) => (
                        <Badge key={s}>{s}</Badge>
                      ))}
                    </p>
                    <p className="mt-1 text-xs text-zinc-500">
                      Created {timeAgo(key.createdAt)} by{" "}
                      <span data-testid="api-key-creator">
                        {key.issuedByStaff ? (
                          "the Luneo team"
                        ) : (
                          <>
                            {key.createdByName ?? "someone"}
                            {key.createdByEmail ? ` (${key.createdByEmail})` : ""}
                            {key.creatorIsMember ? "" : ", no longer a member"}
                          </>
                        )}
                      </span>
                      {key.handedOverToName ? ` · handed over to ${key.handedOverToName}` : ""} ·
                      last used {timeAgo(key.lastUsedAt)}
                    </p>
                  </div>
                  {canWrite && !key.revokedAt ? (
                    <RevokeApiKeyButton id={key.id} name={key.name} />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
