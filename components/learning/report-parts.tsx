import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";

/** One figure of the weekly report with what it counts, in words. */
export function ReportFigure({
  label,
  value,
  detail,
}: {
  label: string;
  value: string;
  detail: ReactNode;
}) {
  return (
    <Card className="px-5 py-4">
      <p className="text-sm font-medium text-zinc-600">{label}</p>
      <p className="mt-1 text-3xl font-semibold tracking-tight text-zinc-900 tabular-nums">
        {value}
      </p>
      <p className="mt-1 text-sm text-zinc-500">{detail}</p>
    </Card>
  );
}

/** "Mon 30 Nov – Sun 6 Dec 2026", the week's days on the org's clock. */
export function weekDays(start: Date, end: Date, timeZone: string): string {
  const part = (d: Date, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(d);
  const day = (d: Date) =>
    `${part(d, { weekday: "short" })} ${part(d, { day: "numeric", month: "short" })}`;
  const last = new Date(end.getTime() - 1);
  return `${day(start)} – ${day(last)} ${part(last, { year: "numeric" })}`;
}

/** "Week 49, 2026" from "2026-W49". */
export function weekName(week: string): string {
  const [year, number] = week.split("-W");
  return `Week ${Number(number)}, ${year}`;
}

/** The previous and next weeks' links (the next only once it has begun). */
export function WeekNav({ previous, next }: { previous: string; next: string | null }) {
  const link = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-zinc-200";
  return (
    <nav aria-label="Other weeks" className="mb-6 flex flex-wrap items-center gap-2">
      <Link
        href={`/learning/reports/${previous}`}
        className={`${link} bg-white text-zinc-700 hover:bg-zinc-50`}
      >
        ← {weekName(previous)}
      </Link>
      {next ? (
        <Link
          href={`/learning/reports/${next}`}
          className={`${link} bg-white text-zinc-700 hover:bg-zinc-50`}
        >
          {weekName(next)} →
        </Link>
      ) : null}
      <TextLink href="/learning/reports" weight="normal" className="ml-auto text-sm">
        All weeks
      </TextLink>
    </nav>
  );
}
