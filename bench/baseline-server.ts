// The baseline of `npm run bench:webhooks`: a bare node:http server doing what any webhook
// receiver must do at minimum — read the body, check the same signatures with the same libraries,
// one postgres.js insert — and nothing Luneo adds (tenant scope, routing, parsing, the job row).
// Usage: tsx bench/baseline-server.ts <port> <database url> <vapi secret> <twilio token> <twilio url>
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import postgres from "postgres";
import twilio from "twilio";

const [port, url, vapiSecret, authToken, twilioUrl] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const sql = postgres(url, { max: 10, onnotice: () => {} });
await sql`create table if not exists bench_baseline_events (
  id uuid primary key default gen_random_uuid(), key text unique not null, body text not null, received_at timestamptz default now())`;
// The same column compression as webhook_events.raw_body (lz4 where the server has it, migration
// 0044), so the comparison is of the work around the insert, not of two storage settings.
// BENCH_BASELINE_PGLZ=1 keeps PostgreSQL's default (pglz), as the baseline had before 0044.
if (process.env.BENCH_BASELINE_PGLZ !== "1") {
  await sql`alter table bench_baseline_events alter column body set compression lz4`.catch(() => {
    // a server built without lz4 keeps pglz, as webhook_events does there
  });
}

const hmacOk = (body: string, signature: string | undefined) => {
  const expected = Buffer.from(createHmac("sha256", vapiSecret).update(body).digest("hex"));
  const sent = Buffer.from(signature ?? "");
  return sent.length === expected.length && timingSafeEqual(sent, expected);
};

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks).toString("utf8");
    let key: string;
    if (req.url?.startsWith("/vapi")) {
      if (!hmacOk(body, req.headers["x-signature"] as string | undefined))
        return res.writeHead(401).end();
      const message = JSON.parse(body).message;
      key = `${message.call.id}:${message.type}`;
    } else {
      const params = Object.fromEntries(new URLSearchParams(body));
      if (
        !twilio.validateRequest(
          authToken,
          String(req.headers["x-twilio-signature"]),
          twilioUrl,
          params,
        )
      ) {
        return res.writeHead(401).end();
      }
      key = `${params.CallSid}:${params.CallStatus}:${params.SequenceNumber}`;
    }
    try {
      await sql`insert into bench_baseline_events (key, body) values (${key}, ${body}) on conflict (key) do nothing`;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    } catch {
      res.writeHead(503).end();
    }
  });
}).listen(Number(port), "127.0.0.1", () => console.log(`baseline listening on ${port}`));
