import type { TenantContext } from "@/lib/context";
import { SecretStatus } from "@/components/channels/secret-status";
import { TestEventButton } from "@/components/channels/test-event-button";
import { TwilioForm } from "@/components/channels/twilio-form";
import { VapiForm } from "@/components/channels/vapi-form";
import { WebhookUrls } from "@/components/channels/webhook-urls";
import { Badge, Card, CardHeader, EmptyState } from "@/components/ui/card";
import { hasPermission } from "@/lib/auth/permissions";
import { getChannels } from "@/lib/channels/queries";
import { ASSISTANT_VARIABLES } from "@/lib/verticals/assistant-overrides";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";

// The VAPI server messages Luneo uses, to tick in the assistant's "Server Messages" setting.
const VAPI_MESSAGES = [
  "assistant-request",
  "tool-calls",
  "status-update",
  "end-of-call-report",
  "conversation-update",
  "hang",
];

const connected = (on: boolean) =>
  on ? <Badge tone="green">Connected</Badge> : <Badge>Not connected</Badge>;

/** Twilio and VAPI: credentials, the URLs to paste, test events. Settings and the wizard share it. */
export async function ChannelsSetup({ ctx }: { ctx: TenantContext }) {
  const [{ twilio, vapi }, vertical] = await Promise.all([
    getChannels(ctx),
    hasPermission(ctx, "verticals.read") ? getOrgVerticalConfig(ctx) : null,
  ]);
  // The trade's template recommends its own list; without one, everything Luneo understands.
  const serverMessages = vertical?.resolved?.serverMessages ?? VAPI_MESSAGES;
  const canWrite = hasPermission(ctx, "channels.write");
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Twilio"
          description="Your phone numbers, calls and SMS."
          action={connected(Boolean(twilio))}
        />
        <div className="grid gap-8 p-5 lg:grid-cols-2">
          <TwilioForm
            config={twilio?.config ?? null}
            secretStatus={
              <SecretStatus
                setAt={twilio?.secretSetAt ?? null}
                inGrace={twilio?.secretsInGrace ?? 0}
              />
            }
          />
          {twilio ? (
            <div className="space-y-4">
              <WebhookUrls
                items={[
                  {
                    label: "A call comes in",
                    hint: "Phone number → Voice configuration → Webhook, HTTP POST",
                    url: twilio.urls.voice!,
                  },
                  {
                    label: "Call status changes",
                    hint: "Phone number → Voice configuration → Call status changes",
                    url: twilio.urls.status!,
                  },
                  {
                    label: "A message comes in",
                    hint: "Phone number → Messaging configuration → Webhook, HTTP POST",
                    url: twilio.urls.sms!,
                  },
                  {
                    label: "Message status callback",
                    hint: "Messaging service → Integration → Status callback URL",
                    url: twilio.urls.smsStatus!,
                  },
                ]}
              />
              {canWrite ? <TestEventButton provider="twilio" /> : null}
            </div>
          ) : (
            <EmptyState title="Connect Twilio to get your webhook URLs">
              Find the Account SID and Auth Token on the Twilio console’s home page.
            </EmptyState>
          )}
        </div>
      </Card>
      <Card>
        <CardHeader
          title="VAPI"
          description="The AI agent that answers."
          action={connected(Boolean(vapi))}
        />
        <div className="grid gap-8 p-5 lg:grid-cols-2">
          <VapiForm
            config={vapi?.config ?? null}
            secretStatus={
              <SecretStatus setAt={vapi?.secretSetAt ?? null} inGrace={vapi?.secretsInGrace ?? 0} />
            }
          />
          {vapi ? (
            <div className="space-y-4">
              <WebhookUrls
                items={[
                  {
                    label: "Server URL",
                    hint: "Assistant → Advanced → Server URL (or the org-wide server URL)",
                    url: vapi.urls.server!,
                  },
                ]}
              />
              <div>
                <p className="text-sm font-medium text-zinc-800">Server messages to enable</p>
                <p className="mt-1 flex flex-wrap gap-1">
                  {serverMessages.map((m) => (
                    <Badge key={m}>{m}</Badge>
                  ))}
                </p>
              </div>
              <details className="text-sm">
                <summary className="cursor-pointer font-medium text-zinc-800">
                  Variables your assistant receives on every call
                </summary>
                <p className="mt-2 text-zinc-600">
                  Use them in the assistant&apos;s system prompt as{" "}
                  <code className="rounded bg-zinc-100 px-1">{"{{persona}}"}</code>,{" "}
                  <code className="rounded bg-zinc-100 px-1">{"{{knowledge}}"}</code>… Luneo also
                  sets the first message to your greeting.
                </p>
                <dl className="mt-2 space-y-1">
                  {ASSISTANT_VARIABLES.map((v) => (
                    <div key={v.name} className="flex gap-2">
                      <dt>
                        <code className="rounded bg-zinc-100 px-1 text-xs">{v.name}</code>
                      </dt>
                      <dd className="text-zinc-600">{v.description}</dd>
                    </div>
                  ))}
                </dl>
              </details>
              {canWrite ? <TestEventButton provider="vapi" /> : null}
            </div>
          ) : (
            <EmptyState title="Connect VAPI to get your server URL">
              Choose a secret here, then paste the same secret in VAPI.
            </EmptyState>
          )}
        </div>
      </Card>
    </div>
  );
}
