import { RevealedValue } from "@/components/ui/copy-button";

/** The URLs to paste into a provider's console, each with where it goes. */
export function WebhookUrls({ items }: { items: { label: string; hint: string; url: string }[] }) {
  return (
    <dl className="space-y-3">
      {items.map((item) => (
        <div key={item.url}>
          <dt className="text-sm font-medium text-zinc-800">{item.label}</dt>
          <dd className="mt-0.5 mb-1.5 text-xs text-zinc-500">{item.hint}</dd>
          <dd>
            <RevealedValue value={item.url} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
