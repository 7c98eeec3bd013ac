"use client";

import { useTransition, useState } from "react";
import { Button } from "@/components/ui/button";
import { revokeInvitationAction } from "@/lib/tenancy/server-actions";

export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-700">{error}</span> : null}
      <Button
        variant="ghost"
        disabled={pending}
        aria-label={`Revoke invitation for ${email}`}
        onClick={() =>
          start(async () => {
            const result = await revokeInvitationAction(id);
            setError(result.ok ? null : result.message);
          })
        }
      >
        {pending ? "Revoking…" : "Revoke"}
      </Button>
    </span>
  );
}
