import type { ReactNode } from "react";
import { Logo } from "./logo";

// The frame of the pages shown when there is no page to show (404, an unexpected error): the
// sign-in look, so a person who lands here still knows where they are. No hooks, no server-only
// imports: the error pages are client components and use it too.

export function StatusPage({
  code,
  title,
  children,
  actions,
}: {
  /** Shown small above the title: "404", "Error". */
  code: string;
  title: string;
  children: ReactNode;
  actions: ReactNode;
}) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-zinc-50 px-4 py-12">
      <Logo className="mb-8 text-xl text-zinc-900" />
      <div
        className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-8 shadow-sm"
        data-testid="status-page"
      >
        <p className="text-sm font-semibold tracking-wide text-brand-600">{code}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        <div className="mt-3 space-y-2 text-sm text-zinc-600">{children}</div>
        <div className="mt-6 flex flex-wrap gap-3">{actions}</div>
      </div>
    </main>
  );
}

/** The reference of an unexpected error, as the server logged it (Next's digest). */
export function ErrorReference({ digest }: { digest?: string }) {
  if (!digest) return null;
  return (
    <p>
      If it keeps happening, send us this reference:{" "}
      <code
        className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800"
        data-testid="error-ref"
      >
        {digest}
      </code>
    </p>
  );
}
