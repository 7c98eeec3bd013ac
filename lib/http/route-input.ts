import "server-only";
import type { z } from "zod";
import { parseInput } from "@/lib/parse-input";

// The input half of the route wrappers (./api-route.ts, ./session-route.ts): a route declares the
// schemas of its path parameters and query string, and its handler receives them parsed. Bad input
// throws a ValidationError, which route() answers 422 in the one error shape.

export type InputOptions = {
  /** The dynamic segments (`{ id: idSchema }`); without it the handler gets them as strings. */
  params?: z.ZodType;
  /** The query string's schema, applied to `readQuery(searchParams)`. */
  query?: z.ZodType;
  /**
   * How the query string becomes the object the schema parses; by default each parameter's first
   * value under its name. A module whose query has its own layout (the contact filter's `lf.*`)
   * exports its reader next to its schema.
   */
  readQuery?: (search: URLSearchParams) => unknown;
};

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type ParsedInput<O extends InputOptions> = {
  params: O["params"] extends z.ZodType ? z.infer<O["params"]> : Record<string, string>;
  query: Parsed<O["query"]>;
};

/** What Next hands a route handler after the request; tests may leave it out. */
export type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

/** Each parameter's first value, by name (what URLSearchParams.get answers). */
export function firstValues(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of search) if (!(key in out)) out[key] = value;
  return out;
}

export async function parseRouteInput<O extends InputOptions>(
  options: O,
  request: Request,
  context: RouteContext | undefined,
): Promise<ParsedInput<O>> {
  const rawParams = (await context?.params) ?? {};
  const params: unknown = options.params ? parseInput(options.params, rawParams) : rawParams;
  let query: unknown;
  if (options.query) {
    const search = new URL(request.url).searchParams;
    query = parseInput(options.query, (options.readQuery ?? firstValues)(search));
  }
  return { params, query } as ParsedInput<O>;
}
