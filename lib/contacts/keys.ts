// react-query keys of the contacts module. Invalidate by prefix: `contactKeys.all` is every
// contact query, `contactKeys.contact(id)` everything about one contact.
export const contactKeys = {
  all: ["contacts"] as const,
  contact: (contactId: string) => ["contacts", contactId] as const,
  timeline: (contactId: string) => ["contacts", contactId, "timeline"] as const,
  transcript: (contactId: string, conversationId: string) =>
    ["contacts", contactId, "transcript", conversationId] as const,
};
