// GET /contacts/[id]/conversations/[conversationId]/transcript – a conversation's turns (audited as transcript.viewed)
import { getTranscriptRecorded } from "@/lib/contacts/recorded-reads";
import { sessionRoute } from "@/lib/http/session-route";

export const GET = sessionRoute({ permission: "contacts.read" }, async ({ ctx, params }) =>
  Response.json(await getTranscriptRecorded(ctx, params.id!, params.conversationId!)),
);
