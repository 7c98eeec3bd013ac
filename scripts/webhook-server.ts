// npm run webhooks — the webhook receiver as its own process (production: route /api/webhooks/*
// here). Same environment as the app; job workers run elsewhere (`npm run worker`).
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { startWebhookServer } from "@/lib/webhooks/standalone";

env();
const port = Number(process.env.WEBHOOKS_PORT ?? 3001);
const server = await startWebhookServer(port);
log.info({ port }, "webhook receiver listening");
console.log(`webhook receiver listening on ${port}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
