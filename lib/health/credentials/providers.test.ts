import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderApis, type ProviderApis } from "@/test/provider-apis";
import { checkTwilioAccount, checkVapiKey } from "./providers";

// The two credential checks against local stand-ins that speak Twilio's and VAPI's formats.

const SID = `AC${"1".repeat(32)}`;
let apis: ProviderApis;
beforeAll(async () => {
  apis = await startProviderApis();
});
afterAll(() => apis.close());

describe("checkTwilioAccount", () => {
  it("tells an active, a suspended and a closed account apart", async () => {
    apis.twilio.set("token-suspended", "suspended");
    apis.twilio.set("token-closed", "closed");
    expect(await checkTwilioAccount(apis.url, SID, "token-active")).toEqual({
      outcome: "ok",
      detail: "Twilio accepted the credentials; the account is active.",
    });
    const suspended = await checkTwilioAccount(apis.url, SID, "token-suspended");
    expect(suspended.outcome).toBe("suspended");
    expect(suspended.detail).toMatch(/^Twilio says this account is suspended/);
    expect((await checkTwilioAccount(apis.url, SID, "token-closed")).outcome).toBe("closed");
  });

  it("reads 401 with code 20003 as refused credentials, in words, without the token", async () => {
    apis.twilio.set("token-wrong-0123456789", "unauthorized");
    const result = await checkTwilioAccount(apis.url, SID, "token-wrong-0123456789");
    expect(result.outcome).toBe("rejected");
    expect(result.detail).toMatch(/error 20003/);
    expect(JSON.stringify(result)).not.toContain("token-wrong");
    expect(apis.requests.at(-1)).toEqual({
      path: `/2010-04-01/Accounts/${SID}.json`,
      scheme: "Basic",
    });
  });

  it("gives up after its timeout and says Twilio did not answer", async () => {
    apis.twilio.set("token-hang", "hang");
    const result = await checkTwilioAccount(apis.url, SID, "token-hang", 300);
    expect(result).toEqual({
      outcome: "unreachable",
      detail: "Twilio did not answer within 0.3 seconds; Luneo will check again.",
    });
  });

  it("says when Twilio cannot be reached at all", async () => {
    const result = await checkTwilioAccount("http://127.0.0.1:9", SID, "token");
    expect(result.outcome).toBe("unreachable");
    expect(result.detail).toMatch(/could not reach Twilio/);
  });
});

describe("checkVapiKey", () => {
  it("accepts a working private key and refuses a wrong one", async () => {
    apis.vapi.set("vapi-wrong-key-0123456789", "unauthorized");
    expect((await checkVapiKey(apis.url, "vapi-good-key-0123456789")).outcome).toBe("ok");
    const refused = await checkVapiKey(apis.url, "vapi-wrong-key-0123456789");
    expect(refused.outcome).toBe("rejected");
    expect(refused.detail).toMatch(/^VAPI refused the private API key \(HTTP 401\)/);
    expect(apis.requests.at(-1)).toEqual({ path: "/assistant", scheme: "Bearer" });
  });
});
