"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/errors";
import type { EntryTitles } from "@/lib/verticals/describe-change";
import { previewVerticalChangeAction, selectVerticalAction } from "@/lib/verticals/server-actions";
import type { VerticalChangePreview } from "@/lib/verticals/service";
import { ConfigChanges } from "./config-changes";

/**
 * "Update available": the diff between today's configuration and the latest template version, then
 * the upgrade. Stays mounted after the upgrade (with nothing left to offer) to say it went through.
 */
export function TemplateUpgrade({
  slug,
  version,
  latestVersion,
  titles,
  overrideCount,
  canWrite,
}: {
  slug: string;
  version: number;
  latestVersion: number;
  titles: EntryTitles;
  /** Leaf values the org set itself (countOverrides): an upgrade keeps every one. */
  overrideCount: number;
  canWrite: boolean;
}) {
  const router = useRouter();
  const [preview, setPreview] = useState<VerticalChangePreview | null>(null);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [upgradedTo, setUpgradedTo] = useState<number | null>(null);
  const [loading, startLoading] = useTransition();
  const [upgrading, startUpgrading] = useTransition();

  if (version >= latestVersion) {
    return upgradedTo ? (
      <p role="status" className="text-sm text-green-700" data-testid="upgrade-done">
        Upgraded to template v{upgradedTo}. The agent uses it from its next call.
      </p>
    ) : null;
  }

  const review = () =>
    startLoading(async () => {
      const outcome = await previewVerticalChangeAction({ slug, version: latestVersion });
      setResult(outcome.ok ? null : outcome);
      setPreview(outcome.ok ? outcome.data : null);
    });
  const upgrade = () =>
    startUpgrading(async () => {
      const outcome = await selectVerticalAction({ slug, version: latestVersion });
      setResult(outcome.ok ? null : outcome);
      if (outcome.ok) {
        setUpgradedTo(outcome.data.version);
        setPreview(null);
        router.refresh();
      }
    });

  return (
    <div
      className="space-y-4 rounded-lg border border-brand-100 bg-brand-50/40 p-4"
      data-testid="template-upgrade"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900">Update available</h3>
          <p className="text-sm text-zinc-600">
            Template v{latestVersion} is out; you are on v{version}.
          </p>
        </div>
        {preview ? null : (
          <Button variant="secondary" onClick={review} disabled={loading}>
            {loading ? "Loading the changes…" : `Review the changes in v${latestVersion}`}
          </Button>
        )}
      </div>
      {preview ? (
        <div className="space-y-4" aria-live="polite">
          <ConfigChanges changes={preview.changes} titles={titles} />
          <p className="text-sm text-zinc-700" data-testid="overrides-kept">
            Your own edits are kept: {overrideCount}{" "}
            {overrideCount === 1 ? "override survives" : "overrides survive"} the upgrade.
          </p>
          {canWrite ? (
            <Button onClick={upgrade} disabled={upgrading}>
              {upgrading ? "Upgrading…" : `Upgrade to v${latestVersion}`}
            </Button>
          ) : (
            <p className="text-sm text-zinc-500">
              Only owners and admins can upgrade the template.
            </p>
          )}
        </div>
      ) : null}
      <FormMessage state={result} />
    </div>
  );
}
