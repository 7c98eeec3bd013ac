import { formatDateTime } from "@/components/ui/format";

/** A saved secret is never sent back: only when it was set, and whether an old one still works. */
export function SecretStatus({ setAt, inGrace }: { setAt: Date | null; inGrace: number }) {
  if (!setAt) return null;
  return (
    <span data-testid="secret-status">
      •••• set on {formatDateTime(setAt)}. Leave empty to keep it.
      {inGrace > 0
        ? ` The previous one keeps working for 24 hours while you update the provider.`
        : ""}
    </span>
  );
}
