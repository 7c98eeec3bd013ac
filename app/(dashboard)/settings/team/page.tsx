import type { Metadata } from "next";
import { InviteForm } from "@/components/tenancy/invite-form";
import { MemberRoleSelect } from "@/components/tenancy/member-role-select";
import { RemoveMemberButton } from "@/components/tenancy/remove-member-button";
import { RevokeInvitationButton } from "@/components/tenancy/revoke-invitation-button";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { timeAgo } from "@/components/ui/format";
import { hasPermission, INVITABLE_ROLES } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { listMemberBelongings } from "@/lib/tenancy/manage-members";
import { listMembers, listPendingInvitations } from "@/lib/tenancy/members";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const { ctx } = await requireSessionContext();
  const canInvite = hasPermission(ctx, "members.invite") && ctx.actor.type === "user";
  const invitableRoles = ctx.actor.type === "user" ? INVITABLE_ROLES[ctx.actor.role] : [];
  const viewerId = ctx.actor.type === "user" ? ctx.actor.userId : null;
  const canManage = hasPermission(ctx, "members.manage") && viewerId !== null;
  // What each member's removal would revoke or hand over, shown in its confirmation dialog.
  const [members, invitations, belongings] = await Promise.all([
    listMembers(ctx),
    canInvite ? listPendingInvitations(ctx) : Promise.resolve([]),
    canManage ? listMemberBelongings(ctx) : Promise.resolve(new Map()),
  ]);
  const owners = members.filter((m) => m.role === "owner").length;

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
          {/* On a phone the email moves under the name, the remove button under the role, and
              "joined" is left out; a table still too wide scrolls inside the card, not the page. */}
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Members of {ctx.org.name}</caption>
              <thead className="text-xs text-zinc-500 uppercase">
                <tr>
                  <th scope="col" className="px-5 py-2 font-medium">
                    Name
                  </th>
                  <th scope="col" className="hidden px-5 py-2 font-medium sm:table-cell">
                    Email
                  </th>
                  <th scope="col" className="px-5 py-2 font-medium">
                    Role
                  </th>
                  <th scope="col" className="hidden px-5 py-2 font-medium md:table-cell">
                    Joined
                  </th>
                  {canManage ? (
                    <th scope="col" className="hidden px-5 py-2 sm:table-cell">
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {members.map((m) => {
                  const self = m.userId === viewerId;
                  // The last owner can neither be demoted nor leave; the service says so too.
                  const lastOwner = m.role === "owner" && owners <= 1;
                  const removeButton =
                    canManage && !lastOwner ? (
                      <RemoveMemberButton
                        userId={m.userId}
                        name={m.name}
                        orgName={ctx.org.name}
                        self={self}
                        belongings={belongings.get(m.userId)}
                      />
                    ) : null;
                  return (
                    <tr key={m.userId} data-testid="member-row">
                      <td className="px-5 py-3 font-medium text-zinc-900">
                        {m.name}
                        {self ? (
                          <span className="ml-1.5 font-normal text-zinc-500">(you)</span>
                        ) : null}
                        <span className="block text-xs font-normal break-all text-zinc-500 sm:hidden">
                          {m.email}
                        </span>
                      </td>
                      <td className="hidden px-5 py-3 text-zinc-600 sm:table-cell">{m.email}</td>
                      <td className="px-5 py-3">
                        {canManage && !self ? (
                          <MemberRoleSelect userId={m.userId} name={m.name} role={m.role} />
                        ) : (
                          <Badge tone={m.role === "owner" ? "brand" : "zinc"}>{m.role}</Badge>
                        )}
                        {removeButton ? <div className="mt-2 sm:hidden">{removeButton}</div> : null}
                      </td>
                      <td className="hidden px-5 py-3 whitespace-nowrap text-zinc-500 md:table-cell">
                        {timeAgo(m.joinedAt)}
                      </td>
                      {canManage ? (
                        <td className="hidden px-5 py-3 text-right sm:table-cell">
                          {removeButton}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
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
