import type { Metadata } from "next";
import { TableHead } from "@/components/ui/table-head";
import { NotAllowed } from "@/components/ui/not-allowed";
import Link from "next/link";
import { describeAuditAction } from "@/components/audit/describe";
import { buttonClasses } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { listAuditLog } from "@/lib/audit/queries";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

function actorLabel(row: { actorType: string; actorName: string | null; actorId: string | null }) {
  if (row.actorType === "user") return row.actorName ?? "A former member";
  if (row.actorType === "api_key") return "An API key";
  return row.actorType === "webhook" ? `Webhook (${row.actorId})` : "Luneo";
}

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "audit.read")) {
    return <NotAllowed title="Audit log" reason="Only owners and admins can read the audit log" />;
  }
  const { cursor } = await searchParams;
  const { rows, nextCursor } = await listAuditLog(ctx, { cursor });
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to settings, members and keys: who, what and when."
      />
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="Nothing recorded yet" />
        ) : (
          <table className="w-full text-left text-sm">
            <TableHead
              caption={`Audit log of ${ctx.org.name}, newest first`}
              columns={["When", "Who", "What"]}
            />
            <tbody className="divide-y divide-zinc-100">
              {rows.map((row) => (
                <tr key={row.id} data-testid="audit-row">
                  <td className="px-5 py-3 whitespace-nowrap text-zinc-500">
                    {formatDateTime(row.createdAt)}
                  </td>
                  <td className="px-5 py-3 font-medium text-zinc-900">{actorLabel(row)}</td>
                  <td className="px-5 py-3 text-zinc-700">
                    {describeAuditAction(row.action)}{" "}
                    {typeof row.metadata.role === "string" ? (
                      <Badge>{row.metadata.role}</Badge>
                    ) : null}
                    {typeof row.metadata.from === "string" &&
                    typeof row.metadata.to === "string" ? (
                      <Badge>
                        {row.metadata.from} → {row.metadata.to}
                      </Badge>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {cursor ? (
          <Link href="/settings/audit-log" className={buttonClasses("secondary")}>
            Newest
          </Link>
        ) : null}
        {nextCursor ? (
          <Link
            href={`/settings/audit-log?cursor=${nextCursor}`}
            className={buttonClasses("secondary")}
          >
            Older entries
          </Link>
        ) : null}
      </div>
    </>
  );
}
