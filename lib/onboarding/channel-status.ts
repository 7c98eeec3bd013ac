import type { Provider } from "@/db/schema";
import type { ChannelSetup } from "./queries";

// What the wizard, its summary, the Channels page and the dashboard say about a channel. Only what
// was checked is said to work: "Send a test event" signs Luneo's own sample with the secret Luneo
// holds and posts it to Luneo's own endpoint, so it proves the URL, the verification and the
// processing — not that Twilio or VAPI hold the same credentials, nor that a call can reach the
// app. Only an event the provider itself sent proves that.

export type ChannelStatus = {
  /** green: the provider itself delivered; amber: part checked; zinc: nothing checked. */
  tone: "green" | "amber" | "zinc";
  /** One short line, e.g. for a badge: "Twilio: test event verified, no real call yet". */
  short: string;
  /** What was checked, in sentences. */
  checked: string[];
  /** What was not checked yet, in sentences. */
  notYet: string[];
};

const NAMES: Record<Provider, string> = { twilio: "Twilio", vapi: "VAPI" };
const REAL: Record<Provider, string> = { twilio: "call or message", vapi: "call" };

export function channelStatus(
  provider: Provider,
  setup: ChannelSetup,
  formatTime: (at: Date) => string = (at) => at.toISOString(),
): ChannelStatus {
  const name = NAMES[provider];
  if (!setup.connected) {
    return {
      tone: "zinc",
      short: `${name}: not connected`,
      checked: [],
      notYet: [`${name} is not connected.`],
    };
  }
  if (setup.lastRealEventAt) {
    return {
      tone: "green",
      short: `${name}: real events arriving`,
      checked: [
        `A real ${REAL[provider]} event from ${name} arrived ${formatTime(setup.lastRealEventAt)} and was verified: ${name} holds the same secret as Luneo.`,
      ],
      notYet: [],
    };
  }
  const notConfirmed =
    provider === "twilio"
      ? "Twilio has not confirmed these credentials: Luneo does not call Twilio, so a wrong Auth Token or number shows only when Twilio sends a real call or message."
      : "VAPI has not confirmed this secret: only a real call shows that VAPI sends the same one.";
  const noRealCall = `No real ${REAL[provider]} has arrived from ${name} yet.`;
  if (setup.testVerified) {
    return {
      tone: "amber",
      short: `${name}: test event verified, no real ${REAL[provider]} yet`,
      checked: [
        `Luneo received and verified a signed test event at its ${name} webhook URL, and processed it.`,
      ],
      notYet: [notConfirmed, noRealCall],
    };
  }
  return {
    tone: "zinc",
    short: `${name}: saved, not checked yet`,
    checked: [],
    notYet: [
      "Luneo has not received a test event: send one to check the webhook URL and the secret.",
      notConfirmed,
      noRealCall,
    ],
  };
}
