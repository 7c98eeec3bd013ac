import type { Provider } from "@/db/schema";
import { formatDateTime } from "@/components/ui/format";
import { channelStatus } from "@/lib/onboarding/channel-status";
import type { ChannelSetup } from "@/lib/onboarding/queries";

const MARK = { green: "✓", amber: "◐", zinc: "○" } as const;
const TONES = {
  green: "text-green-800",
  amber: "text-amber-900",
  zinc: "text-zinc-700",
} as const;

/** What was checked for a channel and what was not, in sentences (see lib/onboarding/channel-status). */
export function ChannelStatusDetails({
  provider,
  setup,
}: {
  provider: Provider;
  setup: ChannelSetup;
}) {
  const status = channelStatus(provider, setup, formatDateTime);
  return (
    <div data-testid={`channel-status-${provider}`} className="text-sm">
      <p className={`font-medium ${TONES[status.tone]}`}>
        <span aria-hidden>{MARK[status.tone]} </span>
        {status.short}
      </p>
      <ul className="mt-1 space-y-0.5 text-zinc-600">
        {status.checked.map((line) => (
          <li key={line}>Checked: {line}</li>
        ))}
        {status.notYet.map((line) => (
          <li key={line}>Not yet: {line}</li>
        ))}
      </ul>
    </div>
  );
}

/** Both channels, for the wizard's connect step and its summary. */
export function ChannelStatusList({ channels }: { channels: Record<Provider, ChannelSetup> }) {
  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-4">
      <ChannelStatusDetails provider="twilio" setup={channels.twilio} />
      <ChannelStatusDetails provider="vapi" setup={channels.vapi} />
    </div>
  );
}
