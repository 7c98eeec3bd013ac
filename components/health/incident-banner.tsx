import { TextLink } from "@/components/ui/text-link";
import type { TenantContext } from "@/lib/context";
import { orgFlags } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { openIncidentsForBanner } from "@/lib/health/incidents/queries";

/**
 * Under the header of every dashboard page while an incident is open (nothing otherwise, nor while
 * the status-page flag is off for the org: the evaluation is the layout's, cached per request).
 */
export async function IncidentBanner({ ctx }: { ctx: TenantContext }) {
  if (!(await orgFlags(ctx.org.id))[FLAGS.statusPage.key].enabled) return null;
  const open = await openIncidentsForBanner(ctx);
  if (open.length === 0) return null;
  const [first] = open;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-amber-200 bg-amber-50 px-6 py-2 text-sm text-amber-950"
      data-testid="incident-banner"
    >
      <span className="font-semibold">Open incident:</span>
      <TextLink
        href={`/health/incidents/${first!.id}`}
        weight="normal"
        className="min-w-0 break-words"
      >
        {first!.title}
      </TextLink>
      {open.length > 1 ? (
        <TextLink href="/health/incidents?status=open" weight="normal">
          and {open.length - 1} more
        </TextLink>
      ) : null}
    </div>
  );
}
