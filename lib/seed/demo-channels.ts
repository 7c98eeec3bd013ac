import { sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/context";
import { saveTwilioConnection, saveVapiConnection } from "@/lib/channels/service";
import { withTenant } from "@/lib/db/scopes";
import { DEMO_CONNECTION_DETAIL } from "@/lib/health/credentials/check";

// The demo org's line: Twilio and VAPI connected through the same services a person uses, with
// made-up credentials (Twilio's documentation number range, a random-looking SID), marked
// `"demo": true` so the credential checks never send them to the real providers (they are shown
// as not checked, lib/health/credentials/check.ts), and two hours of webhook history that holds
// no personal data (statuses and ended reasons only), so Health shows a line that is working.

const MINUTE = 60_000;

export async function seedDemoChannels(ctx: TenantContext): Promise<void> {
  await saveTwilioConnection(ctx, {
    accountSid: "AC5eed0000000000000000000000de0000",
    authToken: "demo0000000000000000000000000000",
    phoneNumbers: ["+14155550142"],
    fallbackNumber: "+14155550143",
  });
  await saveVapiConnection(ctx, {
    authMode: "x-vapi-secret",
    secret: "demo-vapi-secret-not-a-real-one",
    signatureHeader: null,
    timestampHeader: null,
    assistantId: null,
    sipAddress: "sip:seaside-demo@sip.vapi.ai",
  });
  const now = Date.now();
  await withTenant(ctx, async (tx) => {
    await tx.execute(sql`update channel_connections set config = config || '{"demo": true}'::jsonb
      where org_id = ${tx.orgId}`);
    for (const provider of ["twilio", "vapi"] as const) {
      await tx.execute(sql`insert into credential_checks (org_id, provider, outcome, detail)
        values (${tx.orgId}, ${provider}, 'not_configured', ${DEMO_CONNECTION_DETAIL[provider]})
        on conflict (org_id, provider) do update set outcome = excluded.outcome, detail = excluded.detail`);
    }
    const connections = (await tx.execute(sql`select provider, id from channel_connections
      where org_id = ${tx.orgId}`)) as unknown as { provider: "twilio" | "vapi"; id: string }[];
    const idOf = (p: "twilio" | "vapi") => connections.find((c) => c.provider === p)!.id;
    // Two hours of calls, one about every 8 minutes: Twilio's voice and status callbacks, VAPI's
    // status updates and end-of-call reports; a text now and then.
    const events: [string, string, string, string, Date][] = [];
    for (let i = 0; i < 15; i++) {
      const at = new Date(now - (120 - i * 8) * MINUTE);
      const call = `demo-${i}`;
      events.push(["twilio", "voice", `${call}-voice`, "CallStatus=ringing", at]);
      events.push(["vapi", "status-update", `${call}-status`, statusBody("in-progress"), at]);
      const ended = new Date(at.getTime() + 3 * MINUTE);
      events.push(["twilio", "call-status", `${call}-done`, "CallStatus=completed", ended]);
      events.push(["vapi", "end-of-call-report", `${call}-report`, reportBody(i), ended]);
      if (i % 4 === 0) events.push(["twilio", "sms", `${call}-sms`, "SmsStatus=received", at]);
    }
    for (const [provider, kind, key, body, at] of events) {
      await tx.execute(sql`insert into webhook_events
          (org_id, provider, connection_id, kind, event_key, status, raw_body, received_at, processed_at)
        values (${tx.orgId}, ${provider}, ${idOf(provider as "twilio" | "vapi")}, ${kind}, ${key},
                'processed', ${body}, ${at.toISOString()}, ${new Date(at.getTime() + 800).toISOString()})
        on conflict do nothing`);
    }
  });
}

const statusBody = (status: string) =>
  JSON.stringify({ message: { type: "status-update", status } });
const reportBody = (i: number) =>
  JSON.stringify({
    message: {
      type: "end-of-call-report",
      endedReason: i % 5 === 4 ? "assistant-ended-call" : "customer-ended-call",
    },
  });
