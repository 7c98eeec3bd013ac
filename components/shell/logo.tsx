export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-brand-600" fill="currentColor">
        <path d="M12 2a10 10 0 1 0 10 10A7.5 7.5 0 0 1 12 2Z" />
      </svg>
      Luneo
    </span>
  );
}
