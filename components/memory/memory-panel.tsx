import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { hasPermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { getContactMemory, type MemoryFact } from "@/lib/memory/queries";
import { keyLabel } from "@/components/contacts/reading-labels";
import { AddFactForm, FactEditor } from "./fact-editor";
import { TextLink } from "@/components/ui/text-link";

const SOURCE_COLUMN = { label: "Source", className: "hidden sm:table-cell" };

const CONVERSATION_WORDS = { voice: "the call", sms: "the texts", webchat: "the chat" } as const;

function dayOf(date: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }).format(
      date,
    );
  } catch {
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" }).format(date);
  }
}

/** Where a fact came from: "from the call of 16 Nov" (a link to it on the timeline), or who set it. */
function Provenance({ fact, timeZone }: { fact: MemoryFact; timeZone: string }) {
  if (fact.source === "admin") return <>set by an admin</>;
  if (fact.conversation) {
    const { id, channel, startedAt } = fact.conversation;
    return (
      <TextLink href={`#conversation-${id}`} weight="normal">
        from {CONVERSATION_WORDS[channel]} of {dayOf(startedAt, timeZone)}
      </TextLink>
    );
  }
  return <>{fact.source === "import" ? "imported" : "learnt by Luneo"}</>;
}

/** What Luneo remembers of a contact, and what its agent is told at the start of each call. */
export async function MemoryPanel({ ctx, contactId }: { ctx: TenantContext; contactId: string }) {
  if (!hasPermission(ctx, "memory.read")) return null;
  const memory = await getContactMemory(ctx, contactId);
  const canEdit = hasPermission(ctx, "memory.write");
  const empty = !memory.summary && memory.openItems.length === 0 && memory.facts.length === 0;

  return (
    <Card>
      <CardHeader
        title="Memory"
        description="What the agent is told about this caller at the start of every call."
      />
      {empty ? (
        <EmptyState title="Luneo will remember what callers tell it after their first call." />
      ) : (
        <div className="divide-y divide-zinc-100" data-testid="memory-panel">
          {memory.summary ? (
            <section className="px-5 py-4">
              <h3 className="text-xs font-medium text-zinc-500 uppercase">Summary</h3>
              <p className="mt-1 text-sm whitespace-pre-line text-zinc-800">{memory.summary}</p>
            </section>
          ) : null}
          {memory.openItems.length > 0 ? (
            <section className="px-5 py-4">
              <h3 className="text-xs font-medium text-zinc-500 uppercase">Open items</h3>
              <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-zinc-800">
                {memory.openItems.map((item, i) => (
                  <li key={`${item.conversationId ?? "none"}-${i}`}>{item.text}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {memory.facts.length > 0 ? (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <TableHead
                  caption="Facts Luneo remembers about this contact"
                  columns={
                    // On a phone the source goes under the value: four columns do not fit 390 px.
                    canEdit
                      ? ["Fact", "Value", SOURCE_COLUMN, "Actions"]
                      : ["Fact", "Value", SOURCE_COLUMN]
                  }
                />
                <tbody className="divide-y divide-zinc-100">
                  {memory.facts.map((fact) => (
                    <tr key={fact.key} data-testid="memory-fact">
                      <td className="px-5 py-2 text-zinc-600" title={fact.key}>
                        {keyLabel(fact.key)}
                      </td>
                      <td className="px-5 py-2 break-words text-zinc-900">
                        {fact.value}
                        <span className="mt-0.5 block text-xs text-zinc-500 sm:hidden">
                          <Provenance fact={fact} timeZone={memory.timezone} />
                        </span>
                      </td>
                      <td className="hidden px-5 py-2 text-xs text-zinc-500 sm:table-cell">
                        <Provenance fact={fact} timeZone={memory.timezone} />
                      </td>
                      {canEdit ? (
                        <td className="px-5 py-2">
                          <FactEditor
                            contactId={memory.contactId}
                            fact={{ key: fact.key, value: fact.value }}
                          />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      )}
      {canEdit ? (
        <div className="border-t border-zinc-100 px-5 py-4">
          <AddFactForm contactId={memory.contactId} />
        </div>
      ) : null}
    </Card>
  );
}
