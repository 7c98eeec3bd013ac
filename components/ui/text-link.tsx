import { clsx } from "clsx";
import Link from "next/link";
import type { ComponentProps } from "react";

/** The look of a link inside text or beside a heading: the brand colour, underlined on hover. */
export const TEXT_LINK_CLASSES = "text-brand-700 hover:underline";

/**
 * A link in running text, a "Back to …" link or a card's "Manage …" link. `className` adds layout
 * (margins, `text-sm`), never another colour; `weight="normal"` for a link inside a sentence.
 */
export function TextLink({
  className,
  weight = "medium",
  ...props
}: ComponentProps<typeof Link> & { weight?: "medium" | "normal" }) {
  return (
    <Link
      className={clsx(weight === "medium" && "font-medium", TEXT_LINK_CLASSES, className)}
      {...props}
    />
  );
}
