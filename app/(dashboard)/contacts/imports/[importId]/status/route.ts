// GET /contacts/imports/[importId]/status – an import's progress and report, polled by its page
import { getSessionContext } from "@/lib/auth/session";
import { getImport, type ImportState } from "@/lib/contacts/import-queries";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export type ImportStatusResponse = ImportState;

export const GET = route(
  async (_request: Request, { params }: { params: Promise<{ importId: string }> }) => {
    const session = await getSessionContext();
    if (!session) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
    const state: ImportStatusResponse = await getImport(session.ctx, (await params).importId);
    return Response.json(state, { headers: { "cache-control": "no-store" } });
  },
);
