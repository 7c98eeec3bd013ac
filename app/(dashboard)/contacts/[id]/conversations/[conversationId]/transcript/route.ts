// GET /contacts/[id]/conversations/[conversationId]/transcript – a conversation's turns (audited as transcript.viewed)
import { getSessionContext } from "@/lib/auth/session";
import { getTranscriptForReader, type Transcript } from "@/lib/contacts/reading";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export type TranscriptResponse = Transcript;

export const GET = route(
  async (_request, { params }: { params: Promise<{ id: string; conversationId: string }> }) => {
    const session = await getSessionContext();
    if (!session) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
    const { id, conversationId } = await params;
    const body: TranscriptResponse = await getTranscriptForReader(session.ctx, id, conversationId);
    // Personal data: never kept by a shared cache.
    return Response.json(body, { headers: { "cache-control": "private, no-store" } });
  },
);
