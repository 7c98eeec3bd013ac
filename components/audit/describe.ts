import { findAction } from "@/lib/agent-actions/registry";
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
  "roi.assumptions_saved": "changed the ROI assumptions (from that day on)",
  "roi.formula_adopted": "switched to a newer ROI formula (from that day on)",
  "outbox.message_viewed": "read an email in the outbox",
  "outbox.message_resent": "sent an email from the outbox again",
  "contact.created": "added a contact",
  "contact.updated": "edited a contact's profile",
  "contact.viewed": "read a contact's details",
  "transcript.viewed": "read a call transcript",
  "contact.note_added": "added a note to a contact",
  "contact.merged": "merged two contacts",
  "contact.merge_undone": "undid a contact merge",
  "contacts.exported": "exported contacts to CSV",
  "contacts.listed": "listed contacts through the API",
  "onboarding.connect_deferred": "left connecting the channels for later",
  "contacts.segment_created": "saved a contact segment",
  "contacts.segment_deleted": "deleted a contact segment",
  "contacts.import_started": "started a contact import",
  "contacts.import_finished": "finished a contact import",
  "memory.fact_corrected": "corrected a remembered fact",
  "memory.fact_deleted": "deleted a remembered fact",
  "flags.override_set": "changed which features the organisation can use (Luneo staff)",
  "analytics.opted_out": "stopped Luneo's product analytics for the organisation",
  "analytics.opted_in": "allowed Luneo's product analytics for the organisation",
  "action.executed": "ran an action",
  "action.approved": "approved an action that was waiting",
  "action.declined": "declined an action that was waiting",
  "action.settings_changed": "changed the settings of an action",
  "task.created": "added a task",
  "task.updated": "edited a task",
  "task.completed": "marked a task done",
  "task.reopened": "reopened a task",
  "api_key.handed_over": "handed an API key over to another admin",
  "member.invitation_handed_over": "handed an invitation over to another admin",
  "user.password_changed": "changed their password",
  "user.profile_changed": "changed their profile",
  "health.incident_opened": "opened an incident",
  "health.incident_updated": "posted an update on an incident",
  "health.postmortem_written": "wrote the post-mortem of an incident",
  "health.settings_changed": "changed the health alerts and status page settings",
  "learning.analysis_requested": "asked Luneo to look for questions the agent missed",
  "learning.gap_approved": "taught the agent the answer to a question it missed",
  "learning.gap_dismissed": "dismissed a question the agent missed",
  "learning.gap_snoozed": "snoozed a question the agent missed",
  "learning.gap_unsnoozed": "brought back a snoozed question",
  "learning.gaps_merged": "merged two questions that ask the same thing",
  "learning.gap_merged_away": "merged a question into another that asks the same thing",
  "learning.signal_moved_out": "moved a call out of a question it did not ask",
  "learning.signal_received": "reported a question the agent missed (from another system)",
  "verticals.knowledge_learned": "added an approved answer to the agent's knowledge",
};

export function describeAuditAction(action: string): string {
  return LABELS[action] ?? action;
}

/** What an audit entry holds that its sentence is made of (never a person's data: ids and names). */
export type AuditEntryWords = {
  action: string;
  actorType: string;
  actorName: string | null;
  metadata: Record<string, unknown>;
  /** The action's name for action.settings_changed entries. */
  targetId?: string | null;
};

/** Who did it, as the first words of the sentence. */
export function auditActorLabel(row: Pick<AuditEntryWords, "actorType" | "actorName">): string {
  if (row.actorType === "user") return row.actorName ?? "A former member";
  if (row.actorType === "api_key") return "An API key";
  return "Luneo"; // a job or a staff command (actor "system")
}

/**
 * An entry as a sentence: who (`actor`) and what they did (`text`). An action's entry names the
 * action, how it ended and who ran it (the agent during a call, an API key, a teammate) from its
 * metadata; other entries read as their label.
 */
export function describeAuditEntry(row: AuditEntryWords): { actor: string; text: string } {
  if (row.action === "action.executed") return describeExecution(row);
  if (row.action === "action.settings_changed") return describeActionSettings(row);
  return { actor: auditActorLabel(row), text: describeAuditAction(row.action) };
}

// Which action's settings, and whether it was turned on or off ("changed the settings of an
// action" five times in a row told an owner nothing). Names as Settings → Actions shows them.
function describeActionSettings(row: AuditEntryWords): { actor: string; text: string } {
  const actor = auditActorLabel(row);
  const label = row.targetId ? findAction(row.targetId)?.label : undefined;
  if (!label) return { actor, text: describeAuditAction(row.action) };
  const { enabled } = row.metadata;
  const turned = enabled === true ? "turned on" : enabled === false ? "turned off" : null;
  return { actor, text: turned ? `${turned} “${label}”` : `changed the settings of “${label}”` };
}

// Each action as what it did (succeeded) and what it is (proposed, queued).
const ACTIONS: Record<string, { did: string; what: string }> = {
  ticket: { did: "created a follow-up task", what: "a follow-up task" },
  update_contact: { did: "updated a contact's details", what: "a change to a contact" },
  email: { did: "sent an email", what: "an email" },
  transfer: { did: "transferred a call to a person", what: "a transfer to a person" },
  webhook_call: { did: "notified another system (webhook)", what: "a webhook call" },
};

// update_contact's changed fields (metadata.fields) in words.
const CONTACT_FIELDS: Record<string, string> = {
  name: "name",
  tags: "tags",
  leadStatus: "lead status",
  leadFields: "qualification answers",
};

function listed(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function describeExecution(row: AuditEntryWords): { actor: string; text: string } {
  const { action, status, source, fields } = row.metadata;
  const known = typeof action === "string" ? ACTIONS[action] : undefined;
  const words = known ?? { did: "ran an action", what: "an action" };
  let did = words.did;
  if (action === "update_contact" && Array.isArray(fields)) {
    const changed = fields.flatMap((f) => (typeof f === "string" && CONTACT_FIELDS[f]) || []);
    if (changed.length > 0) did = `updated a contact's ${listed(changed)}`;
  }
  const when = source === "agent" ? " during a call" : "";
  let text = `${did}${when}`;
  if (status === "queued") text = `queued ${words.what} to go out${when}`;
  else if (status === "pending_approval") {
    text = `proposed ${words.what}${when}, waiting for approval`;
  }
  if (source === "agent") return { actor: "The agent", text };
  if (source === "api") return { actor: "An API key", text };
  return { actor: auditActorLabel(row), text };
}

/**
 * The "from → to" an entry carries, in words: a role change holds role names, a hand-over (of an
 * API key or an invitation) holds user ids, shown as the members' names (`names`: user id → name;
 * someone no longer in the org reads "a former member"). Null when the entry has none.
 */
export function fromToLabel(
  row: Pick<AuditEntryWords, "action" | "metadata">,
  names: ReadonlyMap<string, string>,
): string | null {
  const { from, to } = row.metadata;
  if (typeof from !== "string" || typeof to !== "string") return null;
  if (!row.action.endsWith("handed_over")) return `${from} → ${to}`;
  const person = (id: string) => names.get(id) ?? "a former member";
  return `${person(from)} → ${person(to)}`;
}
