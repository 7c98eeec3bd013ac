import type { ExecutionStatus } from "@/db/schema/agent-actions";

// Words and tones shared by the actions pages.

export const STATUS_LABELS: Record<ExecutionStatus, string> = {
  succeeded: "Done",
  failed: "Failed",
  queued: "On its way",
  pending_approval: "Waiting for approval",
  declined: "Declined",
  refused: "Turned off",
};

export const STATUS_TONES: Record<ExecutionStatus, "green" | "red" | "brand" | "amber" | "zinc"> = {
  succeeded: "green",
  failed: "red",
  queued: "brand",
  pending_approval: "amber",
  declined: "zinc",
  refused: "zinc",
};

export const SOURCE_LABELS: Record<string, string> = {
  agent: "Agent (call)",
  api: "API",
  user: "Dashboard",
};

export const RISK_LABELS: Record<string, string> = {
  read: "Reads only",
  write: "Low-impact change",
  needs_approval: "Needs approval",
};

export const ACTION_LABELS: Record<string, string> = {
  ticket: "Follow-up task",
  update_contact: "Update the contact",
  email: "Send an email",
  transfer: "Transfer to a person",
  webhook_call: "Call a webhook",
};
