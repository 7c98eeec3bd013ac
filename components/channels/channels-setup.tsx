import type { TenantContext } from "@/lib/context";
import { SecretStatus } from "@/components/channels/secret-status";
import { TestEventButton } from "@/components/channels/test-event-button";
import { TwilioForm } from "@/components/channels/twilio-form";
import { VapiForm } from "@/components/channels/vapi-form";
import { WebhookUrls } from "@/components/channels/webhook-urls";
import { Badge, Card, CardHeader, EmptyState } from "@/components/ui/card";
import { hasPermission } from "@/lib/auth/permissions";
import { ChannelStatusDetails } from "@/components/onboarding/channel-status-list";
import { unreachableByProviders } from "@/lib/channels/public-url";
import { getChannels } from "@/lib/channels/queries";
import { env } from "@/lib/env";
import { getOnboardingState } from "@/lib/onboarding/queries";
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

/** Which of the two ways assistant-request is answered (lib/webhooks/vapi-adapter.ts). */
function VapiMode({ assistantId }: { assistantId: string | null }) {
  return (
    <div data-testid="vapi-mode" className="rounded-md bg-zinc-50 p-3 text-sm text-zinc-700">
      {assistantId ? (
        <>
          <p className="font-medium text-zinc-900">
            Mode: your VAPI assistant <code className="break-all">{assistantId}</code>
          </p>
          <p className="mt-1">
            Each call is answered by that assistant. Luneo adds your greeting as its first message
            and the variables below (hours, knowledge, the caller&apos;s memory…): use them in its
            prompt. Clear the Assistant ID to let Luneo build the whole assistant instead.
          </p>
        </>
      ) : (
        <>
          <p className="font-medium text-zinc-900">Mode: Luneo builds the assistant</p>
          <p className="mt-1">
            No Assistant ID is set, so each call gets a complete assistant from your settings: your
            greeting, a prompt written from the persona, hours, knowledge, qualification questions,
            hand-over rules and what Luneo remembers of the caller, with your trade&apos;s default
            model and voice. Set an Assistant ID to use an assistant you built in VAPI instead.
          </p>
        </>
      )}
    </div>
  );
}

/** Twilio and VAPI: credentials, the URLs to paste, test events. Settings and the wizard share it. */
export async function ChannelsSetup({ ctx }: { ctx: TenantContext }) {
  const [{ twilio, vapi }, vertical, { channels: setup }] = await Promise.all([
    getChannels(ctx),
    hasPermission(ctx, "verticals.read") ? getOrgVerticalConfig(ctx) : null,
    getOnboardingState(ctx),
  ]);
  const publicUrl = env().PUBLIC_URL.replace(/\/$/, "");
  const unreachable = unreachableByProviders(publicUrl);
  // The trade's template recommends its own list; without one, everything Luneo understands.
  const serverMessages = vertical?.resolved?.serverMessages ?? VAPI_MESSAGES;
  const canWrite = hasPermission(ctx, "channels.write");
  return (
    <div className="space-y-6">
      {unreachable ? (
        <div
          data-testid="public-url-warning"
          className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <p className="font-medium">
            Twilio and VAPI cannot reach <span className="break-all">{publicUrl}</span> (
            {unreachable}).
          </p>
          <p className="mt-1">
            The webhook URLs below are built from <code>PUBLIC_URL</code>. To receive real calls,
            set <code>PUBLIC_URL</code> to an address reachable from the internet — your domain, or
            a tunnel to this machine (for example{" "}
            <code>ngrok http {new URL(publicUrl).port || "80"}</code> or{" "}
            <code>cloudflared tunnel --url {publicUrl}</code>) — restart the app, and paste the new
            URLs. Test events still work: Luneo sends them from this server to itself.
          </p>
        </div>
      ) : null}
      <Card>
        <CardHeader
          title="Twilio"
          description="Your phone numbers, calls and SMS."
          action={connected(Boolean(twilio))}
        />
        <div className="border-b border-zinc-100 px-5 py-3">
          <ChannelStatusDetails provider="twilio" setup={setup.twilio} />
        </div>
        <div className="grid gap-8 p-5 lg:grid-cols-2 [&>*]:min-w-0">
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
        <div className="space-y-3 border-b border-zinc-100 px-5 py-3">
          <ChannelStatusDetails provider="vapi" setup={setup.vapi} />
          {vapi ? <VapiMode assistantId={vapi.config.assistantId} /> : null}
        </div>
        <div className="grid gap-8 p-5 lg:grid-cols-2 [&>*]:min-w-0">
          <VapiForm
            config={vapi?.config ?? null}
            apiKeySaved={vapi?.apiKeySaved ?? false}
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
