// Audit actions in words. Unknown actions (added by later modules before this list) show raw.
const LABELS: Record<string, string> = {
  "org.created": "created the organisation",
  "member.invited": "invited a teammate",
  "member.invitation_revoked": "revoked an invitation",
  "member.joined": "joined the organisation",
  "member.role_changed": "changed a teammate's role",
  "member.removed": "removed a teammate",
  "api_key.created": "created an API key",
  "api_key.revoked": "revoked an API key",
  "channels.twilio_connected": "connected Twilio",
  "channels.twilio_updated": "updated the Twilio settings",
  "channels.vapi_connected": "connected VAPI",
  "channels.vapi_updated": "updated the VAPI settings",
  "webhook.replayed": "replayed a webhook event",
  "onboarding.profile_saved": "saved the business profile",
  "onboarding.finished": "finished the setup",
  "verticals.selected": "chose the business's trade",
  "verticals.changed": "changed the trade or its template version",
  "verticals.customized": "customised the agent",
  "verticals.roi_saved": "updated the ROI assumptions",
};

export function describeAuditAction(action: string): string {
  return LABELS[action] ?? action;
}
