import { ROTATION_GRACE_HOURS } from "@/lib/channels/credentials";
import { formatDateTime } from "@/components/ui/format";

/** A saved secret is never sent back: only when it was set, and whether an old one still works. */
export function SecretStatus({ setAt, inGrace }: { setAt: Date | null; inGrace: number }) {
  if (!setAt) return null;
  return (
    <span data-testid="secret-status">
      •••• set on {formatDateTime(setAt)}. Leave empty to keep it.
      {inGrace > 0
        ? ` The previous one keeps working for ${ROTATION_GRACE_HOURS} hours while you update the provider.`
        : ""}
    </span>
  );
}
