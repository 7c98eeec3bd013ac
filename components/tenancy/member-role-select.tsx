"use client";

import { useOptimistic, useState, useTransition } from "react";
import { changeMemberRoleAction } from "@/lib/tenancy/server-actions";

const ROLES = [
  { value: "owner", label: "Owner" },
  { value: "admin", label: "Admin" },
  { value: "member", label: "Member" },
] as const;

/** Saves as soon as another role is chosen; on failure the select shows the saved role again. */
export function MemberRoleSelect({
  userId,
  name,
  role,
}: {
  userId: string;
  name: string;
  role: string;
}) {
  const [pending, start] = useTransition();
  const [shownRole, setShownRole] = useOptimistic(role);
  const [error, setError] = useState<string | null>(null);
  const errorId = `role-error-${userId}`;
  return (
    <div>
      <div className="flex items-center gap-2">
        <select
          aria-label={`Role for ${name}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={shownRole}
          onChange={(event) => {
            const next = event.target.value;
            start(async () => {
              setShownRole(next);
              const result = await changeMemberRoleAction({ userId, role: next });
              setError(result.ok ? null : result.message);
            });
          }}
          className="rounded-md border border-zinc-300 bg-white py-1 pr-7 pl-2 text-sm shadow-xs"
        >
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <span role="status" className="text-xs text-zinc-500">
          {pending ? "Saving…" : ""}
        </span>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="mt-1 max-w-44 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
