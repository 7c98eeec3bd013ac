import type { ReactNode } from "react";
import { Card, EmptyState, PageHeader } from "./card";

/** A page the viewer's role may not open: say so in words, and who can help. */
export function NotAllowed({
  title,
  reason,
  children,
}: {
  title: string;
  reason: string;
  children?: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <EmptyState title={reason}>{children}</EmptyState>
      </Card>
    </>
  );
}
