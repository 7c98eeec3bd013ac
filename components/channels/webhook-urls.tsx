import { CopyButton } from "@/components/ui/copy-button";

/**
 * The URLs to paste into a provider's console, each with where it goes. A URL wraps inside its box
 * (it is long, and must stay whole and readable on a phone) beside its copy button.
 */
export function WebhookUrls({ items }: { items: { label: string; hint: string; url: string }[] }) {
  return (
    <dl className="space-y-3">
      {items.map((item) => (
        <div key={item.url}>
          <dt className="text-sm font-medium text-zinc-800">{item.label}</dt>
          <dd className="mt-0.5 mb-1.5 text-xs text-zinc-500">{item.hint}</dd>
          <dd className="flex items-start gap-2">
            <code
              data-testid="webhook-url"
              className="min-w-0 flex-1 rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs break-all text-zinc-800 select-all"
            >
              {item.url}
            </code>
            <CopyButton value={item.url} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
