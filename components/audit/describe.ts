// Audit actions in words. Unknown actions (added by later modules before this list) show raw.
const LABELS: Record<string, string> = {
  "org.created": "created the organisation",
  "member.invited": "invited a teammate",
  "member.invitation_revoked": "revoked an invitation",
  "member.joined": "joined the organisation",
  "api_key.created": "created an API key",
  "api_key.revoked": "revoked an API key",
};

export function describeAuditAction(action: string): string {
  return LABELS[action] ?? action;
}
