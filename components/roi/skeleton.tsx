/** While the overview's figures load: the shapes of what is coming. */
export function RoiSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-4" data-testid="roi-loading">
      <span className="sr-only">Loading the figures…</span>
      <div className="h-6 w-72 animate-pulse rounded bg-zinc-200" />
      <div className="grid gap-4 sm:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-24 animate-pulse rounded-xl bg-zinc-100" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="h-72 animate-pulse rounded-xl bg-zinc-100" />
        <div className="h-72 animate-pulse rounded-xl bg-zinc-100" />
      </div>
    </div>
  );
}
