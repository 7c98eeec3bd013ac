import "server-only";
import type { CredentialOutcome } from "@/db/schema/health";
import { CREDENTIAL_CHECK_TIMEOUT_MS } from "../thresholds";

// The two questions Luneo asks the providers about an org's credentials, each one GET with a
// timeout against a base URL from the environment (local stand-ins in tests). Answers are turned
// into an outcome and a sentence for the business owner; a secret never appears in either, nor in
// a log line (callers log the outcome only).

export type CheckResult = { outcome: CredentialOutcome; detail: string };

async function get(url: string, headers: Record<string, string>, timeoutMs: number) {
  return fetch(url, {
    headers: { accept: "application/json", ...headers },
    signal: AbortSignal.timeout(timeoutMs),
    redirect: "manual",
  });
}

async function jsonOf(response: Response): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await response.json();
    return body && typeof body === "object" ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function unreachable(provider: string, error: unknown, timeoutMs: number): CheckResult {
  const name = (error as { name?: string })?.name;
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return {
    outcome: "unreachable",
    detail:
      name === "TimeoutError"
        ? `${provider} did not answer within ${timeoutMs / 1000} seconds; Luneo will check again.`
        : `Luneo could not reach ${provider}${code ? ` (${code})` : ""}; it will check again.`,
  };
}

/** Twilio: GET /2010-04-01/Accounts/{Sid}.json with the account's SID and Auth Token. */
export async function checkTwilioAccount(
  baseUrl: string,
  accountSid: string,
  authToken: string,
  timeoutMs = CREDENTIAL_CHECK_TIMEOUT_MS,
): Promise<CheckResult> {
  const url = `${baseUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}.json`;
  let response: Response;
  try {
    const basic = Buffer.from(`${accountSid}:${authToken}`).toString("base64");
    response = await get(url, { authorization: `Basic ${basic}` }, timeoutMs);
  } catch (error) {
    return unreachable("Twilio", error, timeoutMs);
  }
  const body = await jsonOf(response);
  if (response.status === 200) {
    const status = typeof body?.status === "string" ? body.status : "";
    if (status === "suspended") {
      return {
        outcome: "suspended",
        detail:
          "Twilio says this account is suspended: calls and texts stop until Twilio reinstates it (Twilio console → Account).",
      };
    }
    if (status === "closed") {
      return {
        outcome: "closed",
        detail:
          "Twilio says this account is closed: connect an active Twilio account on the Channels page.",
      };
    }
    return { outcome: "ok", detail: "Twilio accepted the credentials; the account is active." };
  }
  if (response.status === 401 || response.status === 403) {
    const code = typeof body?.code === "number" ? body.code : null;
    return {
      outcome: "rejected",
      detail:
        code === 20003
          ? "Twilio refused the Account SID and Auth Token (error 20003, authentication failed): paste the current Auth Token on the Channels page."
          : `Twilio refused the credentials (HTTP ${response.status}${code ? `, error ${code}` : ""}).`,
    };
  }
  if (response.status === 404) {
    return {
      outcome: "rejected",
      detail: "Twilio does not know this Account SID: check it on the Channels page.",
    };
  }
  return {
    outcome: "unreachable",
    detail: `Twilio answered with HTTP ${response.status}; Luneo will check again.`,
  };
}

/** VAPI: GET /assistant?limit=1 with the org's private API key. */
export async function checkVapiKey(
  baseUrl: string,
  apiKey: string,
  timeoutMs = CREDENTIAL_CHECK_TIMEOUT_MS,
): Promise<CheckResult> {
  const url = `${baseUrl.replace(/\/$/, "")}/assistant?limit=1`;
  let response: Response;
  try {
    response = await get(url, { authorization: `Bearer ${apiKey}` }, timeoutMs);
  } catch (error) {
    return unreachable("VAPI", error, timeoutMs);
  }
  await response.body?.cancel();
  if (response.status === 200) {
    return { outcome: "ok", detail: "VAPI accepted the private API key." };
  }
  if (response.status === 401 || response.status === 403) {
    return {
      outcome: "rejected",
      detail: `VAPI refused the private API key (HTTP ${response.status}): paste a current key from VAPI's dashboard (Organization → API Keys) on the Channels page.`,
    };
  }
  return {
    outcome: "unreachable",
    detail: `VAPI answered with HTTP ${response.status}; Luneo will check again.`,
  };
}
