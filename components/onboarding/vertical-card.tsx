import { Badge } from "@/components/ui/card";
import { withBusinessName } from "@/lib/verticals/assistant-overrides";
import { ordered, type VerticalContent } from "@/lib/verticals/content";
import { ChooseVerticalButton } from "./choose-vertical-button";

const money = (value: number, currency: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(
    value,
  );

/** One template, side by side with the other: what choosing it brings on day one. */
export function VerticalCard({
  slug,
  content,
  selected,
  businessName,
}: {
  slug: string;
  content: VerticalContent;
  selected: boolean;
  businessName: string;
}) {
  const knowledge = ordered(content.knowledge);
  const qualification = ordered(content.qualification);
  const automations = ordered(content.automations);
  return (
    <article
      aria-labelledby={`vertical-${slug}`}
      data-testid={`vertical-${slug}`}
      className={`flex flex-col rounded-xl border p-5 ${selected ? "border-brand-500 ring-2 ring-brand-200" : "border-zinc-200"}`}
    >
      <div className="flex items-center justify-between">
        <h2 id={`vertical-${slug}`} className="text-lg font-semibold text-zinc-900">
          {content.label}
        </h2>
        {selected ? <Badge tone="brand">Your choice</Badge> : null}
      </div>
      <p className="mt-1 text-sm text-zinc-600">{content.tagline}</p>
      <blockquote className="mt-4 rounded-lg bg-zinc-50 p-3 text-sm text-zinc-700 italic">
        “{withBusinessName(content.agent.greeting, businessName)}”
      </blockquote>
      <dl className="mt-4 space-y-3 text-sm">
        <div>
          <dt className="font-medium text-zinc-900">{knowledge.length} ready answers</dt>
          <dd className="text-zinc-600">
            {knowledge
              .slice(0, 4)
              .map((k) => k.question)
              .join(" · ")}
            …
          </dd>
        </div>
        <div>
          <dt className="font-medium text-zinc-900">Asks every caller</dt>
          <dd className="mt-1 flex flex-wrap gap-1">
            {qualification.map((q) => (
              <Badge key={q.id}>{q.field.label}</Badge>
            ))}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-zinc-900">Hands over to you</dt>
          <dd className="text-zinc-600">
            {Object.keys(content.escalation).length} rules, e.g. “
            {ordered(content.escalation)[0]?.when}”
          </dd>
        </div>
        <div>
          <dt className="font-medium text-zinc-900">Counts its value as</dt>
          <dd className="text-zinc-600">
            {content.roi.minutesPerCall} min saved per call at{" "}
            {money(content.roi.loadedHourlyCost, content.roi.currency)}/h, and{" "}
            {money(content.roi.valuePerOutcome, content.roi.currency)} per{" "}
            {content.roi.outcomeLabel}
          </dd>
        </div>
        <div>
          <dt className="font-medium text-zinc-900">Suggested follow-ups</dt>
          <dd className="text-zinc-600">{automations.map((a) => a.name).join(" · ")}</dd>
        </div>
      </dl>
      <div className="mt-auto pt-6">
        <ChooseVerticalButton slug={slug} label={content.label} selected={selected} />
      </div>
    </article>
  );
}
