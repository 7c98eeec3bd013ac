"use client";

import { useRouter } from "next/navigation";
import { Dialog } from "radix-ui";
import { useId, useState, useTransition, type ReactNode } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CHANNEL_LABELS, LEAD_STATUS_LABELS } from "./labels";
import { languageName } from "./reading-labels";
import { FormMessage } from "@/components/ui/form-message";
import { formatDateTime } from "@/components/ui/format";
import type { ActionResult } from "@/lib/errors";
import type { MergePreview, MergeSide } from "@/lib/contacts/merge/service";
import { mergeContactsAction } from "@/lib/contacts/merge/server-actions";
import { contactLabel } from "@/lib/contacts/merge/plan";

type Row = { label: string; show: (c: Omit<MergeSide, "createdAt">) => ReactNode };

const list = (values: string[]) =>
  values.length > 0 ? (
    <ul className="space-y-0.5">
      {values.map((v) => (
        <li key={v} className="break-all">
          {v}
        </li>
      ))}
    </ul>
  ) : (
    <Empty />
  );

const Empty = () => <span className="text-zinc-400">—</span>;

const ROWS: Row[] = [
  { label: "Name", show: (c) => c.name ?? <Empty /> },
  { label: "Phones", show: (c) => list(c.phones) },
  { label: "Emails", show: (c) => list(c.emails) },
  { label: "Language", show: (c) => (c.language ? languageName(c.language) : <Empty />) },
  { label: "Tags", show: (c) => (c.tags.length > 0 ? c.tags.join(", ") : <Empty />) },
  { label: "Lead status", show: (c) => LEAD_STATUS_LABELS[c.leadStatus] },
  {
    label: "Lead fields",
    show: (c) => list(Object.entries(c.leadFields).map(([k, v]) => `${k}: ${String(v)}`)),
  },
  {
    label: "Channels",
    show: (c) =>
      c.channels.length > 0 ? (
        c.channels.map((ch) => CHANNEL_LABELS[ch as keyof typeof CHANNEL_LABELS] ?? ch).join(", ")
      ) : (
        <Empty />
      ),
  },
  {
    label: "Last interaction",
    show: (c) => (c.lastInteractionAt ? formatDateTime(c.lastInteractionAt) : "never"),
  },
];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Pick which of two contacts stays, see what the merge gives, and confirm it. */
export function MergeForm({
  previews,
  initialSurvivorId,
}: {
  /** Both directions: each contact as the survivor. */
  previews: [MergePreview, MergePreview];
  initialSurvivorId: string;
}) {
  const router = useRouter();
  const name = useId();
  const [survivorId, setSurvivorId] = useState(initialSurvivorId);
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  const preview = previews.find((p) => p.survivor.id === survivorId) ?? previews[0];
  const kept = contactLabel(preview.survivor);
  const merged = contactLabel(preview.other);
  const { moves } = preview;

  const merge = () =>
    startTransition(async () => {
      const outcome = await mergeContactsAction({
        survivorId: preview.survivor.id,
        mergedId: preview.other.id,
      });
      setResult(outcome);
      setOpen(false);
      if (outcome.ok) router.push(`/contacts/${outcome.data.survivorId}`);
    });

  return (
    <div className="space-y-6" data-testid="merge-form">
      <Card>
        <CardHeader
          title="Which contact stays?"
          description="The other one is merged into it: its history moves over, and its details fill what the kept contact lacks."
        />
        <fieldset className="space-y-2 p-5">
          <legend className="sr-only">Contact to keep</legend>
          {previews.map((p) => (
            <label key={p.survivor.id} className="flex items-center gap-3 text-sm text-zinc-800">
              <input
                type="radio"
                name={name}
                value={p.survivor.id}
                checked={survivorId === p.survivor.id}
                onChange={() => setSurvivorId(p.survivor.id)}
                className="size-4 accent-brand-600"
              />
              Keep <strong className="font-semibold">{contactLabel(p.survivor)}</strong>
            </label>
          ))}
        </fieldset>
      </Card>

      <Card>
        <CardHeader title="Preview" description="Nothing changes until you confirm." />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="merge-preview">
            <caption className="sr-only">The two contacts and the result of the merge</caption>
            <thead className="text-xs text-zinc-500 uppercase">
              <tr>
                <th scope="col" className="px-5 py-2 font-medium">
                  <span className="sr-only">Field</span>
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Kept: {kept}
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Merged in: {merged}
                </th>
                <th scope="col" className="bg-brand-50 px-5 py-2 font-medium text-brand-700">
                  Result
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 align-top">
              {ROWS.map((row) => (
                <tr key={row.label}>
                  <th scope="row" className="px-5 py-2 font-medium whitespace-nowrap text-zinc-500">
                    {row.label}
                  </th>
                  <td className="px-5 py-2 text-zinc-900">{row.show(preview.survivor)}</td>
                  <td className="px-5 py-2 text-zinc-900">{row.show(preview.other)}</td>
                  <td className="bg-brand-50/60 px-5 py-2 text-zinc-900">
                    {row.show(preview.result)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="space-y-3 border-t border-zinc-100 p-5 text-sm text-zinc-700">
          <p data-testid="merge-moves">
            Moves {plural(moves.conversations, "conversation", "conversations")},{" "}
            {plural(moves.timelineEvents, "timeline event", "timeline events")} and{" "}
            {plural(moves.facts, "fact", "facts")} from {merged} to {kept}.
            {moves.factsReplaced > 0
              ? ` Where both have the same fact (${moves.factsReplaced}), ${kept}’s value is kept.`
              : ""}
            {preview.memory === "other" ? ` ${kept} takes ${merged}’s memory.` : ""}
          </p>
          {preview.conflicts.length > 0 ? (
            <div>
              <p className="font-medium text-zinc-900">
                Where they differ, {kept}’s value is kept:
              </p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5" data-testid="merge-conflicts">
                {preview.conflicts.map((c) => (
                  <li key={c.field}>
                    {c.field}: “{c.kept}” is kept, “{c.dropped}” is dropped
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p className="text-zinc-500">You can undo the merge for 30 days from {kept}’s page.</p>
        </div>
      </Card>

      <FormMessage state={result} />
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Trigger asChild>
          <Button disabled={pending}>{pending ? "Merging…" : "Merge"}</Button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
            <Dialog.Title className="text-base font-semibold text-zinc-900">
              Merge {merged} into {kept}?
            </Dialog.Title>
            <Dialog.Description className="mt-2 text-sm text-zinc-600">
              {merged} disappears from your contacts; its conversations, timeline, facts, phone
              numbers and email addresses move to {kept}. You can undo this for 30 days.
            </Dialog.Description>
            <div className="mt-6 flex justify-end gap-2">
              <Dialog.Close className={buttonClasses("secondary")}>Cancel</Dialog.Close>
              <Button onClick={merge} disabled={pending} data-testid="confirm-merge">
                {pending ? "Merging…" : "Merge contacts"}
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}
