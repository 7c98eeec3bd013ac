import type { TenantContext } from "@/lib/context";
import { latestUndoableMerge } from "@/lib/contacts/merge/queries";
import { MergeUndoNotice } from "./merge-undo-notice";

/**
 * On a contact's page: the latest merge into this contact that can still be undone (30 days),
 * with its "Undo" button. Renders nothing when there is none or the viewer may not merge.
 */
export async function MergeUndoBanner({
  ctx,
  contactId,
}: {
  ctx: TenantContext;
  contactId: string;
}) {
  const merge = await latestUndoableMerge(ctx, contactId);
  // Always the same client component, even without a merge: it keeps its "undone" message across
  // the refresh that follows the undo (when this query finds nothing any more).
  return (
    <MergeUndoNotice
      merge={
        merge && {
          id: merge.id,
          mergedId: merge.mergedId,
          mergedLabel: merge.mergedLabel,
          mergedAt: merge.mergedAt,
          finalAt: merge.finalAt,
        }
      }
    />
  );
}
