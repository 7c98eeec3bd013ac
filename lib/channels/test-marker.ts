import { createHmac, timingSafeEqual } from "node:crypto";

// "Send a test event" posts a sample signed with the org's own secret to its own endpoint. The
// inbox must know it is a test — its caller is the sample number, not a customer — without trusting
// a plain flag anyone could add: the header carries an HMAC of the body under a secret of the
// endpoint, so only a holder of that secret (Luneo itself) can mark an event as a test, and a
// provider's real event never carries it.

export const TEST_EVENT_HEADER = "x-luneo-test-event";

export function testEventMark(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(`luneo-test-event.${rawBody}`).digest("hex");
}

/** Whether the request carries a valid test mark for one of the endpoint's secrets. */
export function isMarkedTestEvent(
  secrets: readonly string[],
  headers: Pick<Headers, "get">,
  rawBody: string,
): boolean {
  const mark = headers.get(TEST_EVENT_HEADER);
  if (!mark || !/^[0-9a-f]{64}$/.test(mark)) return false;
  const given = Buffer.from(mark, "hex");
  return secrets.some((secret) =>
    timingSafeEqual(given, Buffer.from(testEventMark(secret, rawBody), "hex")),
  );
}
