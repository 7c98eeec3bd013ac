import { describe, expect, it } from "vitest";
import { unreachableByProviders } from "./public-url";

describe("whether Twilio and VAPI can reach the webhook URLs", () => {
  it("refuses local and private addresses, with the reason", () => {
    expect(unreachableByProviders("http://localhost:3300")).toContain("localhost");
    expect(unreachableByProviders("http://127.0.0.1:3000")).toContain("loopback");
    expect(unreachableByProviders("http://192.168.1.20:3000")).toContain("private");
    expect(unreachableByProviders("http://172.20.0.3")).toContain("private");
    expect(unreachableByProviders("http://[::1]:3000")).toContain("loopback");
    expect(unreachableByProviders("http://myapp.local")).toContain("local network");
    expect(unreachableByProviders("http://devbox:3000")).toContain("local network");
  });

  it("accepts public hosts and tunnels", () => {
    expect(unreachableByProviders("https://app.luneo.example")).toBeNull();
    expect(unreachableByProviders("https://abc123.ngrok.app")).toBeNull();
    expect(unreachableByProviders("http://172.32.0.1")).toBeNull();
    expect(unreachableByProviders("https://8.8.8.8")).toBeNull();
  });
});
