import { Badge } from "@/components/ui/card";
import {
  describeChange,
  groupChanges,
  type ChangeDescription,
  type EntryTitles,
} from "@/lib/verticals/describe-change";
import type { ConfigChange } from "@/lib/verticals/merge-patch";

// The diff an admin reviews before a template upgrade or a switch of trade, in words. No state:
// renders inside the client islands that fetch the preview, and on the server alike.

const GROUPS = [
  { key: "added", title: "Added", tone: "green" },
  { key: "changed", title: "Changed", tone: "amber" },
  { key: "removed", title: "Removed", tone: "red" },
] as const;

/** Past this many rows a group starts folded, so a switch of trade stays scannable. */
const FOLD_AFTER = 8;

function ChangeRow({ change }: { change: ChangeDescription }) {
  const { before, after, text } = change;
  return (
    <li className="py-2 text-sm" data-testid="config-change" data-path={change.path}>
      <p className="text-zinc-900">{change.label}</p>
      {before !== undefined || after !== undefined ? (
        <p className="mt-0.5 text-zinc-600">
          {before !== undefined ? (
            <span className="line-through decoration-zinc-400">{before}</span>
          ) : null}
          {before !== undefined && after !== undefined ? (
            <>
              <span aria-hidden> → </span>
              <span className="sr-only">becomes</span>
            </>
          ) : null}
          {after !== undefined ? <span className="font-medium text-zinc-900">{after}</span> : null}
        </p>
      ) : null}
      {text ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-brand-700">Show the text</summary>
          <dl className="mt-1 space-y-1 text-xs text-zinc-600">
            {text.before ? (
              <div>
                <dt className="font-medium text-zinc-800">Before</dt>
                <dd>{text.before}</dd>
              </div>
            ) : null}
            {text.after ? (
              <div>
                <dt className="font-medium text-zinc-800">After</dt>
                <dd>{text.after}</dd>
              </div>
            ) : null}
          </dl>
        </details>
      ) : null}
    </li>
  );
}

export function ConfigChanges({
  changes,
  titles,
}: {
  changes: ConfigChange[];
  /** entryTitles() of today's configuration: names the entries nested changes belong to. */
  titles: EntryTitles;
}) {
  const groups = groupChanges(changes.map((c) => describeChange(c, titles)));
  if (changes.length === 0) {
    return (
      <p className="text-sm text-zinc-600" data-testid="config-changes">
        Nothing the agent says or does would change.
      </p>
    );
  }
  return (
    <div className="space-y-4" data-testid="config-changes">
      {GROUPS.map(({ key, title, tone }) => {
        const rows = groups[key];
        if (rows.length === 0) return null;
        const list = (
          <ul className="divide-y divide-zinc-100">
            {rows.map((row) => (
              <ChangeRow key={row.path} change={row} />
            ))}
          </ul>
        );
        const heading = (
          <>
            {title} <Badge tone={tone}>{rows.length}</Badge>
          </>
        );
        return (
          <section key={key} aria-label={`${title}: ${rows.length}`}>
            {rows.length > FOLD_AFTER ? (
              <details>
                <summary className="cursor-pointer text-sm font-semibold text-zinc-900">
                  {heading}
                </summary>
                {list}
              </details>
            ) : (
              <>
                <h4 className="text-sm font-semibold text-zinc-900">{heading}</h4>
                {list}
              </>
            )}
          </section>
        );
      })}
      {groups.reordered > 0 ? (
        <p className="text-xs text-zinc-500">
          And {groups.reordered} {groups.reordered === 1 ? "entry moves" : "entries move"} in their
          list.
        </p>
      ) : null}
    </div>
  );
}
