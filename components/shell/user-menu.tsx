"use client";

import Link from "next/link";
import { DropdownMenu } from "radix-ui";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { signOutAction, switchOrgAction } from "@/lib/auth/server-actions";

type Props = {
  user: { name: string; email: string };
  currentOrgId: string;
  orgs: { id: string; name: string; role: string }[];
};

const itemClass =
  "flex w-full cursor-default items-center justify-between gap-3 rounded-md px-2.5 py-2 text-left text-sm text-zinc-800 outline-none data-[highlighted]:bg-zinc-100";

// Items call the actions from onSelect: a <form> inside the menu would unmount with it before
// submitting.
export function UserMenu({ user, currentOrgId, orgs }: Props) {
  const [pending, start] = useTransition();
  const router = useRouter();
  // Both end on a redirect; a failure (a session that ended meanwhile) re-renders the layout,
  // which sends a signed-out person to sign in.
  const switchOrg = async (orgId: string) => {
    if (!(await switchOrgAction(orgId)).ok) router.refresh();
  };
  const signOut = async () => {
    if (!(await signOutAction()).ok) router.refresh();
  };
  const initials = user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex items-center gap-2 rounded-full py-1 pr-3 pl-1 text-sm hover:bg-zinc-100"
        aria-label={`Account menu for ${user.name}`}
      >
        <span
          aria-hidden
          className="grid size-8 place-items-center rounded-full bg-brand-600 text-xs font-semibold text-white"
        >
          {initials || "?"}
        </span>
        <span className="hidden font-medium text-zinc-800 sm:inline">{user.name}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 w-64 rounded-lg border border-zinc-200 bg-white p-1.5 shadow-lg"
        >
          <div className="px-2.5 py-2">
            <p className="text-sm font-medium text-zinc-900">{user.name}</p>
            <p className="truncate text-xs text-zinc-500">{user.email}</p>
          </div>
          {orgs.length > 1 ? (
            <>
              <DropdownMenu.Separator className="my-1 h-px bg-zinc-100" />
              <DropdownMenu.Label className="px-2.5 pt-1 pb-1 text-xs font-medium text-zinc-500">
                Switch organisation
              </DropdownMenu.Label>
              {orgs.map((org) => (
                <DropdownMenu.Item
                  key={org.id}
                  className={itemClass}
                  disabled={pending}
                  aria-current={org.id === currentOrgId ? "true" : undefined}
                  onSelect={() => start(() => switchOrg(org.id))}
                >
                  <span className="truncate">{org.name}</span>
                  <span className="text-xs text-zinc-500">
                    {org.id === currentOrgId ? "current" : org.role}
                  </span>
                </DropdownMenu.Item>
              ))}
            </>
          ) : null}
          <DropdownMenu.Separator className="my-1 h-px bg-zinc-100" />
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/settings/profile">Your profile</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item
            className={itemClass}
            disabled={pending}
            onSelect={() => start(signOut)}
          >
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
