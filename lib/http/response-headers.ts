import { AsyncLocalStorage } from "node:async_hooks";

// Headers that code deep inside a request (API-key authentication and its rate limit) adds to the
// answer, whatever the answer turns out to be: a route's own response or a mapped error. route()
// opens the bag for each request and copies it onto the response it returns.

const storage = new AsyncLocalStorage<Headers>();

export function runWithResponseHeaders<T>(bag: Headers, work: () => Promise<T>): Promise<T> {
  return storage.run(bag, work);
}

/** Adds headers to this request's answer; a no-op outside route(). */
export function addResponseHeaders(headers: Record<string, string>): void {
  const bag = storage.getStore();
  if (!bag) return;
  for (const [name, value] of Object.entries(headers)) bag.set(name, value);
}

/**
 * `response` with `extra` headers (a header the route set itself wins) and `Cache-Control:
 * no-store` unless the route chose a policy: answers carry tenant data, never to be cached by a
 * browser or proxy.
 */
export function withHeaders(response: Response, extra: Headers): Response {
  const apply = (headers: Headers) => {
    for (const [name, value] of extra) if (!headers.has(name)) headers.set(name, value);
    if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  };
  try {
    apply(response.headers);
    return response;
  } catch {
    // Immutable headers (a fetched or Response.redirect() response): the first set throws, so
    // nothing was applied yet; copy the response and apply to the copy.
    const copy = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    });
    apply(copy.headers);
    return copy;
  }
}
