import "server-only";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { log } from "@/lib/log";
import { runWithRequestId } from "@/lib/request-context";
import { readNodeBodyLimited } from "@/lib/http/body";
import {
  acceptWebhook,
  MAX_BODY_BYTES,
  refusedContentType,
  tooLarge,
  type ProviderAdapter,
} from "./receive";
import type { Reply } from "./reply";
import { twilioAdapter, type TwilioKind } from "./twilio-adapter";
import { vapiAdapter } from "./vapi-adapter";

// The webhook receiver as its own process (`npm run webhooks`): the same routes, adapters and
// database rules as app/api/webhooks, without the web framework around them, so a load balancer
// can send /api/webhooks/* here and the acknowledgement path scales on its own (bench/README.md).

const VAPI_PATH = /^\/api\/webhooks\/vapi\/([^/]+)$/;
const TWILIO_PATH = /^\/api\/webhooks\/twilio\/([^/]+)\/(voice|status|sms|sms-status)$/;

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

// The same steps as receiveWebhook (receive.ts), with the body read from Node's stream directly
// rather than through a web Request.
async function receive(req: IncomingMessage, endpointId: string, adapter: ProviderAdapter) {
  const headers = toHeaders(req);
  const refused = refusedContentType(headers, adapter);
  if (refused) return refused;
  const body = await readNodeBodyLimited(req, MAX_BODY_BYTES);
  if (body === "too-large") return tooLarge();
  return acceptWebhook(headers, body, endpointId, adapter);
}

async function send(res: ServerResponse, answer: Response | Reply) {
  const body =
    answer instanceof Response ? Buffer.from(await answer.arrayBuffer()) : Buffer.from(answer.body);
  const headers =
    answer instanceof Response ? Object.fromEntries(answer.headers) : { ...answer.headers };
  res.writeHead(answer.status, { ...headers, "content-length": String(body.byteLength) });
  res.end(body);
}

export async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://receiver.local");
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

export function startWebhookServer(port: number, host = "0.0.0.0"): Promise<Server> {
  const server = createServer((req, res) => void handleWebhookRequest(req, res));
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
