import { Badge } from "@/components/ui/card";
import type { MailStatus } from "@/db/schema/mail";

const LABELS: Record<
  MailStatus,
  { text: string; tone: "zinc" | "brand" | "green" | "red" | "amber" }
> = {
  queued: { text: "Sending", tone: "zinc" },
  sent: { text: "Sent", tone: "green" },
  failed: { text: "Failed", tone: "red" },
  no_smtp: { text: "Not sent: no SMTP configured", tone: "amber" },
};

export function MailStatusBadge({ status, attempts }: { status: MailStatus; attempts: number }) {
  const label = LABELS[status];
  const retrying = status === "queued" && attempts > 0;
  return (
    <Badge tone={label.tone}>
      <span data-testid="mail-status">
        {retrying ? `Retrying (${attempts} failed)` : label.text}
      </span>
    </Badge>
  );
}
