"use client";

import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import { Dialog } from "radix-ui";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/errors";
import { describeDropped, type EntryTitles } from "@/lib/verticals/describe-change";
import { previewVerticalChangeAction, selectVerticalAction } from "@/lib/verticals/server-actions";
import type { VerticalChangePreview } from "@/lib/verticals/service";
import { ConfigChanges } from "./config-changes";

export type SwitchOption = { slug: string; label: string; tagline: string; latestVersion: number };

/**
 * "Change vertical": pick another trade, review what changes and which of the business's edits stay
 * behind, confirm. The business's own settings (greeting, hours, costs…) carry over.
 */
export function SwitchVertical({
  currentLabel,
  options,
  titles,
  canWrite,
}: {
  currentLabel: string;
  /** The other templates (listTemplates without the current one). */
  options: SwitchOption[];
  titles: EntryTitles;
  canWrite: boolean;
}) {
  const router = useRouter();
  const [slug, setSlug] = useState<string | null>(null);
  const [preview, setPreview] = useState<VerticalChangePreview | null>(null);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [switched, setSwitched] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  // The business's own opening hours stay unless this is ticked (offered when they differ).
  const [templateHours, setTemplateHours] = useState(false);
  const [loading, startLoading] = useTransition();
  const [switching, startSwitching] = useTransition();
  const chosen = options.find((o) => o.slug === slug);
  const dropped = preview ? describeDropped(preview.dropped, currentLabel) : [];

  const choose = (next: string) => {
    setSlug(next);
    setPreview(null);
    setResult(null);
    setTemplateHours(false);
  };
  const review = (withTemplateHours = templateHours) =>
    startLoading(async () => {
      if (!slug) return;
      setTemplateHours(withTemplateHours);
      const outcome = await previewVerticalChangeAction({
        slug,
        templateHours: withTemplateHours,
      });
      setResult(outcome.ok ? null : outcome);
      setPreview(outcome.ok ? outcome.data : null);
    });
  const confirm = () =>
    startSwitching(async () => {
      if (!slug || !chosen) return;
      const outcome = await selectVerticalAction({ slug, templateHours });
      setResult(outcome.ok ? null : outcome);
      setOpen(false);
      if (outcome.ok) {
        setSwitched(chosen.label);
        setSlug(null);
        setPreview(null);
        router.refresh();
      }
    });

  return (
    <div className="space-y-4" data-testid="switch-vertical">
      {switched ? (
        <p role="status" className="text-sm text-green-700">
          Switched to {switched}. Review the starter knowledge below to make it yours.
        </p>
      ) : null}
      <fieldset>
        <legend className="sr-only">Another vertical</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {options.map((option) => (
            <label
              key={option.slug}
              className={clsx(
                "flex cursor-pointer gap-3 rounded-lg border p-4 has-focus-visible:outline-2 has-focus-visible:outline-brand-600",
                slug === option.slug ? "border-brand-500 bg-brand-50/50" : "border-zinc-200",
              )}
            >
              <input
                type="radio"
                name="vertical"
                value={option.slug}
                checked={slug === option.slug}
                onChange={() => choose(option.slug)}
                className="mt-1 accent-brand-600"
              />
              <span>
                <span className="block text-sm font-medium text-zinc-900">
                  {option.label}{" "}
                  <span className="font-normal text-zinc-500">· v{option.latestVersion}</span>
                </span>
                <span className="mt-1 block text-sm text-zinc-600">{option.tagline}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {chosen && !preview ? (
        <Button variant="secondary" onClick={() => review()} disabled={loading}>
          {loading ? "Loading the changes…" : `Preview ${chosen.label}`}
        </Button>
      ) : null}
      {chosen && preview ? (
        <div className="space-y-4 rounded-lg border border-zinc-200 p-4" aria-live="polite">
          <h3 className="text-sm font-semibold text-zinc-900">What changes with {chosen.label}</h3>
          {preview.hoursChoice ? (
            <label className="flex items-start gap-2 text-sm text-zinc-700">
              <input
                type="checkbox"
                checked={templateHours}
                disabled={loading}
                onChange={(e) => review(e.target.checked)}
                className="mt-0.5 accent-brand-600"
                data-testid="template-hours"
              />
              <span>
                Use {chosen.label}’s opening hours instead of yours.{" "}
                <span className="text-zinc-500">
                  {templateHours
                    ? "The changes below include them."
                    : "Your opening hours stay as they are."}
                </span>
              </span>
            </label>
          ) : null}
          <ConfigChanges changes={preview.changes} titles={titles} />
          {dropped.length ? (
            <ul className="space-y-1 text-sm text-amber-800" data-testid="dropped-overrides">
              {dropped.map((sentence) => (
                <li key={sentence}>{sentence}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-700">All your own edits carry over.</p>
          )}
          {canWrite ? (
            <Dialog.Root open={open} onOpenChange={setOpen}>
              <Dialog.Trigger asChild>
                <Button>Switch to {chosen.label}…</Button>
              </Dialog.Trigger>
              <Dialog.Portal>
                <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/40" />
                <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(92vw,30rem)] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
                  <Dialog.Title className="text-base font-semibold text-zinc-900">
                    Switch from {currentLabel} to {chosen.label}?
                  </Dialog.Title>
                  <Dialog.Description className="mt-2 text-sm text-zinc-600">
                    The agent takes {chosen.label}’s starter knowledge, qualification questions and
                    escalation rules from its next call. Your own edits to the greeting
                    {templateHours
                      ? " and costs carry over; the opening hours become its own."
                      : ", opening hours and costs carry over."}
                    {dropped.length
                      ? ` ${dropped.length === 1 ? "One section" : `${dropped.length} sections`} of your edits will not carry over.`
                      : ""}
                  </Dialog.Description>
                  <div className="mt-6 flex justify-end gap-2">
                    <Dialog.Close className={buttonClasses("secondary")}>Cancel</Dialog.Close>
                    <Button onClick={confirm} disabled={switching} data-testid="confirm-switch">
                      {switching ? "Switching…" : `Switch to ${chosen.label}`}
                    </Button>
                  </div>
                </Dialog.Content>
              </Dialog.Portal>
            </Dialog.Root>
          ) : (
            <p className="text-sm text-zinc-500">Only owners and admins can change the vertical.</p>
          )}
        </div>
      ) : null}
      <FormMessage state={result} />
    </div>
  );
}
