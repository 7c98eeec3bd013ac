// The contacts list's shape while it loads: header, filters, then table rows.
export default function ContactsLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading contacts…</span>
      <div className="mb-6 flex items-start justify-between gap-4">
        <div className="space-y-2">
          <div className="h-7 w-40 animate-pulse rounded bg-zinc-200" />
          <div className="h-4 w-80 animate-pulse rounded bg-zinc-100" />
        </div>
        <div className="h-9 w-28 animate-pulse rounded-md bg-zinc-100" />
      </div>
      <div className="mb-4 flex gap-3">
        <div className="h-10 flex-1 animate-pulse rounded-md bg-zinc-100" />
        <div className="h-10 w-48 animate-pulse rounded-md bg-zinc-100" />
        <div className="h-10 w-20 animate-pulse rounded-md bg-zinc-100" />
      </div>
      <div className="mb-4 h-10 animate-pulse rounded-lg bg-zinc-100" />
      <div className="rounded-xl border border-zinc-200 bg-white">
        <div className="h-9 border-b border-zinc-100" />
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 border-b border-zinc-100 px-5 py-3.5">
            <div className="h-4 w-36 animate-pulse rounded bg-zinc-200" />
            <div className="h-4 w-32 animate-pulse rounded bg-zinc-100" />
            <div className="h-4 w-40 animate-pulse rounded bg-zinc-100" />
            <div className="h-5 w-16 animate-pulse rounded-full bg-zinc-100" />
            <div className="ml-auto h-4 w-20 animate-pulse rounded bg-zinc-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
