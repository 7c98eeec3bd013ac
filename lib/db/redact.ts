// What PostgreSQL copies of a query's values into its own error fields, taken out. Pure (no
// driver imports), so the logger can use it too. See lib/db/errors.ts for why.

/** The message/detail/context of a PostgreSQL error without the values it quotes. */
export function redactPostgresFields(fields: {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  where?: unknown;
}): { message?: string; detail?: string; where?: string } {
  const code = typeof fields.code === "string" ? fields.code : "";
  const dataError = code.startsWith("22"); // data exception: the message quotes the bad value
  const out: { message?: string; detail?: string; where?: string } = {};
  if (typeof fields.message === "string") {
    out.message = dataError ? fields.message.replace(/"[^]*"/g, '"…"') : fields.message;
  }
  if (typeof fields.detail === "string") out.detail = redactDetail(fields.detail);
  if (typeof fields.where === "string") {
    // "unnamed portal parameter $1 = '…'"
    out.where = fields.where.replace(/(parameter \$\d+ = )'[^]*?'(?=\n|$)/g, "$1'…'");
  }
  return out;
}

function redactDetail(detail: string): string {
  // "Key (org_id, email)=(…, a@b.c) already exists." — keep the columns, drop the values.
  const key = /^Key \(([^]*?)\)=\([^]*\)([^()]*)$/.exec(detail);
  if (key) return `Key (${key[1]})=(…)${key[2]}`;
  if (detail.startsWith("Failing row contains")) return "Failing row contains (…).";
  // Other details may quote input too (JSON tokens, array literals): keep only their shape.
  return detail.replace(/"[^]*?"|'[^]*?'/g, '"…"');
}
