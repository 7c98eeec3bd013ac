import { Badge } from "@/components/ui/card";
import type { WebhookEventStatus } from "@/db/schema";

const TONES = {
  received: "brand",
  processing: "brand",
  processed: "green",
  rejected: "amber",
  failed: "red",
  dead_lettered: "red",
} as const;
export const STATUS_LABELS: Record<WebhookEventStatus, string> = {
  received: "received",
  processing: "processing",
  processed: "processed",
  rejected: "rejected",
  failed: "failed (retrying)",
  dead_lettered: "dead-lettered",
};

export function WebhookStatusBadge({ status }: { status: WebhookEventStatus }) {
  return <Badge tone={TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}
