import type { CredentialOutcome, IncidentStatus } from "@/db/schema/health";

// Names shown to people for the health module's stored values (pages, emails, the status page).

export const INCIDENT_STATUS_NAMES: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const CREDENTIAL_OUTCOME_NAMES: Record<CredentialOutcome, string> = {
  ok: "Accepted",
  rejected: "Refused",
  suspended: "Account suspended",
  closed: "Account closed",
  unreachable: "Could not be checked",
  not_configured: "Not checked",
};

/** The runbook of each automatic incident kind, under docs/runbooks/. */
export const RUNBOOKS = {
  phone: "docs/runbooks/phone-line.md",
  sms: "docs/runbooks/text-messages.md",
  vapi: "docs/runbooks/vapi-server-messages.md",
  agent: "docs/runbooks/agent-answering.md",
  ai_providers: "docs/runbooks/ai-providers.md",
  processing: "docs/runbooks/luneo-processing.md",
  credentials: "docs/runbooks/credentials.md",
} as const;
