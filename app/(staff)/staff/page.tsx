import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { listOrgsForStaff } from "@/lib/staff/overview";
import { requireStaffOr404 } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Overview" };

export default async function StaffOverviewPage() {
  // The layout already checked; asking again is cached per request and gives the page its actor.
  const staff = await requireStaffOr404();
  const rows = await listOrgsForStaff(staff);
  return (
    <>
      <PageHeader
        title="Organisations"
        description="Every business on Luneo. Opening this page is recorded in the platform audit log."
      />
      <p className="mb-4 text-sm">
        <TextLink href="/staff/learning">Learning across orgs →</TextLink>
      </p>
      <Card>
        <CardHeader
          title="All orgs"
          description={`${rows.length} ${rows.length === 1 ? "org" : "orgs"}, newest first`}
        />
        {rows.length === 0 ? (
          <EmptyState title="No org yet" />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="staff-orgs">
              <TableHead
                caption="Every org on Luneo"
                columns={["Org", "Trade", "Created", "Members"]}
              />
              <tbody className="divide-y divide-zinc-100">
                {rows.map((org) => (
                  <tr key={org.id}>
                    <td className="px-5 py-3">
                      <p className="font-medium text-zinc-900">{org.name}</p>
                      <p className="font-mono text-xs text-zinc-500">{org.id}</p>
                    </td>
                    <td className="px-5 py-3">
                      {org.vertical ? (
                        <Badge>{org.vertical}</Badge>
                      ) : (
                        <span className="text-zinc-500">not chosen</span>
                      )}
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-zinc-600">
                      {formatDateTime(org.createdAt)}
                    </td>
                    <td className="px-5 py-3 tabular-nums">{org.memberCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
