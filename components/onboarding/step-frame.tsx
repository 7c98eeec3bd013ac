import type { ReactNode } from "react";

/** The card around one wizard step: its title, why it matters, the form, the footer buttons. */
export function StepFrame({
  title,
  description,
  children,
  wide = false,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <section
      aria-labelledby="step-title"
      className={`rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 ${wide ? "" : "max-w-3xl"}`}
    >
      <h1 id="step-title" className="text-2xl font-semibold tracking-tight text-zinc-900">
        {title}
      </h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">{description}</p>
      {children}
    </section>
  );
}
