// Numbers as the overview says them.

export function money(n: number, currency: string, digits = 0): string {
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(n);
}

export const percent = (n: number | null, digits = 0) =>
  n === null ? "—" : `${(n * 100).toFixed(digits)} %`;

export const count = (n: number) => new Intl.NumberFormat("en").format(n);

/** "1 Dec", "1–7 Dec", "week of 30 Nov", "December 2026" for a period label. */
export function dayLabel(day: string, granularity: "day" | "week" | "month" = "day"): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (granularity === "month") {
    return d.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
  }
  const text = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return granularity === "week" ? `w/c ${text}` : text;
}

export function rangeLabel(from: string, to: string): string {
  const opts = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" } as const;
  const f = new Date(`${from}T12:00:00Z`).toLocaleDateString("en-GB", opts);
  const t = new Date(`${to}T12:00:00Z`).toLocaleDateString("en-GB", opts);
  return from === to ? f : `${f} – ${t}`;
}

/** The change against the previous period, in words and a tone. */
export function change(
  current: number,
  previous: number,
): { text: string; tone: "up" | "down" | "flat" } {
  if (previous === 0)
    return { text: current === 0 ? "no change" : "new this period", tone: "flat" };
  const ratio = (current - previous) / Math.abs(previous);
  if (Math.abs(ratio) < 0.005) return { text: "no change", tone: "flat" };
  return {
    text: `${ratio > 0 ? "+" : "−"}${Math.abs(ratio * 100).toFixed(0)} % vs previous period`,
    tone: ratio > 0 ? "up" : "down",
  };
}
