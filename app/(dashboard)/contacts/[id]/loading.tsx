// The contact page's shape while it loads: header, profile on the left, timeline on the right.
export default function ContactLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the contact…</span>
      <div className="mb-3 h-4 w-20 animate-pulse rounded bg-zinc-200" />
      <div className="mb-6 space-y-2">
        <div className="h-7 w-64 animate-pulse rounded bg-zinc-200" />
        <div className="h-4 w-48 animate-pulse rounded bg-zinc-100" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="h-96 animate-pulse rounded-xl bg-zinc-100" />
        <div className="space-y-6">
          <div className="h-24 animate-pulse rounded-xl bg-zinc-100" />
          <div className="space-y-3 rounded-xl border border-zinc-200 p-5">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="h-16 animate-pulse rounded bg-zinc-100" />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
