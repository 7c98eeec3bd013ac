// An answer known when it is made: status, headers and text. The standalone receiver writes it to
// the socket as it is; route handlers return it as a Response (toResponse). Building a web
// Response and reading its body back out cost the standalone receiver ~50 µs per request, a
// tenth of all it spends acknowledging a small event (bench/README.md, "Receiver at 70 %").
export type Reply = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
};

export const textReply = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Reply => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  body,
});

/** As Response.json(value) would answer. */
export const jsonReply = (value: unknown): Reply => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

export const xmlReply = (xml: string): Reply => ({
  status: 200,
  headers: { "content-type": "text/xml; charset=utf-8" },
  body: xml,
});

export function toResponse(answer: Response | Reply): Response {
  if (answer instanceof Response) return answer;
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
