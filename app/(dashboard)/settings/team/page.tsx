import type { Metadata } from "next";
import { InviteForm } from "@/components/tenancy/invite-form";
import { RevokeInvitationButton } from "@/components/tenancy/revoke-invitation-button";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { timeAgo } from "@/components/ui/format";
import { hasPermission, INVITABLE_ROLES } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { listMembers, listPendingInvitations } from "@/lib/tenancy/members";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const { ctx } = await requireSessionContext();
  const canInvite = hasPermission(ctx, "members.invite") && ctx.actor.type === "user";
  const [members, invitations] = await Promise.all([
    listMembers(ctx),
    canInvite ? listPendingInvitations(ctx) : Promise.resolve([]),
  ]);
  const invitableRoles = ctx.actor.type === "user" ? INVITABLE_ROLES[ctx.actor.role] : [];

  return (
    <>
      <PageHeader title="Team" description={`People who can see ${ctx.org.name} in Luneo.`} />
      <div className="space-y-6">
        {canInvite ? (
          <Card>
            <CardHeader
              title="Invite a teammate"
              description="Admins can change settings and teach the agent; members can look but not change."
            />
            <div className="p-5">
              <InviteForm roles={invitableRoles} />
            </div>
          </Card>
        ) : null}

        <Card>
          <CardHeader
            title="Members"
            description={`${members.length} ${members.length === 1 ? "person" : "people"}`}
          />
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Members of {ctx.org.name}</caption>
            <thead className="text-xs text-zinc-500 uppercase">
              <tr>
                <th scope="col" className="px-5 py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Email
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Role
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Joined
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {members.map((m) => (
                <tr key={m.userId} data-testid="member-row">
                  <td className="px-5 py-3 font-medium text-zinc-900">{m.name}</td>
                  <td className="px-5 py-3 text-zinc-600">{m.email}</td>
                  <td className="px-5 py-3">
                    <Badge tone={m.role === "owner" ? "brand" : "zinc"}>{m.role}</Badge>
                  </td>
                  <td className="px-5 py-3 text-zinc-500">{timeAgo(m.joinedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>

        {canInvite ? (
          <Card>
            <CardHeader title="Pending invitations" />
            {invitations.length === 0 ? (
              <EmptyState title="No pending invitations">
                Links you create above wait here until they are accepted.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-zinc-100">
                {invitations.map((inv) => (
                  <li key={inv.id} className="flex items-center justify-between px-5 py-3 text-sm">
                    <span>
                      <span className="font-medium text-zinc-900">{inv.email}</span>{" "}
                      <Badge>{inv.role}</Badge>
                      <span className="ml-2 text-zinc-500">sent {timeAgo(inv.createdAt)}</span>
                    </span>
                    <RevokeInvitationButton id={inv.id} email={inv.email} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
