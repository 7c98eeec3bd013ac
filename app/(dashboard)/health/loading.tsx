export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading the health of your channels…</span>
      <div className="h-7 w-40 animate-pulse rounded bg-zinc-200" />
      <div className="h-16 animate-pulse rounded-xl bg-zinc-100" />
      <div className="h-72 animate-pulse rounded-xl bg-zinc-100" />
    </div>
  );
}
