import "server-only";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { log } from "@/lib/log";
import { runWithRequestId } from "@/lib/request-context";
import { readNodeBodyLimited } from "@/lib/http/body";
import {
  acceptWebhook,
  MAX_BODY_BYTES,
  refusedContentType,
  tooLarge,
  type ProviderAdapter,
  type RequestHeaders,
} from "./receive";
import type { Reply } from "./reply";
import { twilioAdapter, type TwilioKind } from "./twilio-adapter";
import { vapiAdapter } from "./vapi-adapter";

// The webhook receiver as its own process (`npm run webhooks`): the same routes, adapters and
// database rules as app/api/webhooks, without the web framework around them, so a load balancer
// can send /api/webhooks/* here and the acknowledgement path scales on its own (bench/README.md).

const VAPI_PATH = /^\/api\/webhooks\/vapi\/([^/]+)$/;
const TWILIO_PATH = /^\/api\/webhooks\/twilio\/([^/]+)\/(voice|status|sms|sms-status)$/;

/**
 * Node's parsed headers read as a web `Headers` would answer `get` (the name in any case; several
 * values joined with ", "; surrounding HTTP whitespace trimmed), without copying them into one for
 * every request (bench/README.md, "2026-12-06, receiver's Node half").
 */
export function nodeHeaders(headers: IncomingHttpHeaders): RequestHeaders {
  return {
    get(name: string): string | null {
      const value = headers[name.toLowerCase()];
      if (typeof value === "string") return trimHttp(value);
      return Array.isArray(value) ? value.map(trimHttp).join(", ") : null;
    },
  };
}

const isHttpWhitespace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

function trimHttp(value: string): string {
  const last = value.length - 1;
  if (
    last < 0 ||
    (!isHttpWhitespace(value.charCodeAt(0)) && !isHttpWhitespace(value.charCodeAt(last)))
  )
    return value;
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}

// A request target of plain characters is already its own pathname and search (no dot segments,
// percent escapes or characters URL would encode): read as it is. Anything else goes through
// URL's normalisation, as every request did before; one URL cannot read has no path.
const TARGET_BASE = "http://receiver.local";
const PLAIN_TARGET = /^(\/[A-Za-z0-9_-][A-Za-z0-9_\-/]*)(\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?$/;

export function targetOf(target: string): { pathname: string; search: string } {
  const plain = PLAIN_TARGET.exec(target);
  if (plain) {
    const query = plain[2];
    return { pathname: plain[1]!, search: query && query.length > 1 ? query : "" };
  }
  // A target URL cannot read (`//`) is no endpoint: it used to throw here, outside any handler,
  // and the unhandled rejection stopped the process.
  if (!URL.canParse(target, TARGET_BASE)) return { pathname: "", search: "" };
  const url = new URL(target, TARGET_BASE);
  return { pathname: url.pathname, search: url.search };
}

// The same steps as receiveWebhook (receive.ts), with the body read from Node's stream directly
// rather than through a web Request.
async function receive(req: IncomingMessage, endpointId: string, adapter: ProviderAdapter) {
  const headers = nodeHeaders(req.headers);
  const refused = refusedContentType(headers, adapter);
  if (refused) return refused;
  const body = await readNodeBodyLimited(req, MAX_BODY_BYTES);
  if (body === "too-large") return tooLarge();
  return acceptWebhook(headers, body, endpointId, adapter);
}

async function send(res: ServerResponse, answer: Response | Reply) {
  // A Reply's text is written as a string: no Buffer copy of it first.
  const body = answer instanceof Response ? Buffer.from(await answer.arrayBuffer()) : answer.body;
  const headers =
    answer instanceof Response ? Object.fromEntries(answer.headers) : { ...answer.headers };
  res.writeHead(answer.status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

export async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse) {
  const url = targetOf(req.url ?? "/");
  if (req.method === "GET" && url.pathname === "/health")
    return send(res, Response.json({ status: "ok" }));
  if (req.method !== "POST") return send(res, new Response("Method not allowed.", { status: 405 }));
  const vapi = VAPI_PATH.exec(url.pathname);
  const twilio = TWILIO_PATH.exec(url.pathname);
  if (!vapi && !twilio)
    return send(res, new Response("Unknown webhook endpoint.", { status: 404 }));

  const requestId = crypto.randomUUID();
  await runWithRequestId(requestId, async () => {
    try {
      const response = vapi
        ? await receive(req, vapi[1]!, vapiAdapter)
        : await receive(
            req,
            twilio![1]!,
            twilioAdapter(twilio![2] as TwilioKind, twilio![1]!, url.search),
          );
      await send(res, response);
    } catch (error) {
      log.error({ err: error }, "webhook receiver failed");
      if (!res.headersSent)
        await send(
          res,
          new Response("Temporarily unable to store the event; please retry.", { status: 503 }),
        );
    }
  });
}

/**
 * The server's listener: whatever a request throws outside its handler's own catch is answered
 * 503 (the provider delivers again) or, once the answer has started, ends that connection; it
 * never becomes an unhandled rejection, which would stop the process for every org.
 */
export function webhookRequestListener(req: IncomingMessage, res: ServerResponse): void {
  void handleWebhookRequest(req, res).catch((error: unknown) => {
    log.error({ err: error }, "webhook request failed outside its handler");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
    res.end("Temporarily unable to store the event; please retry.");
  });
}

export function startWebhookServer(port: number, host = "0.0.0.0"): Promise<Server> {
  const server = createServer(webhookRequestListener);
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
