"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function SidebarLink({ href, label }: { href: string; label: string }) {
  const pathname = usePathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={clsx(
        "block shrink-0 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium",
        active ? "bg-brand-50 text-brand-700" : "text-zinc-700 hover:bg-zinc-100",
      )}
    >
      {label}
    </Link>
  );
}
