// GET /contacts/[id]/conversations/[conversationId]/transcript – a conversation's turns (audited as transcript.viewed)
import { getTranscriptForReader } from "@/lib/contacts/reading";
import { sessionRoute } from "@/lib/http/session-route";

export const GET = sessionRoute({ permission: "contacts.read" }, async ({ ctx, params }) =>
  Response.json(await getTranscriptForReader(ctx, params.id!, params.conversationId!)),
);
