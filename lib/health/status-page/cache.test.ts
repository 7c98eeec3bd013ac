import { describe, expect, it } from "vitest";
import type { NextConfig } from "next";
// @ts-expect-error -- next.config.mjs is plain JavaScript, without type declarations
import * as config from "@/next.config.mjs";
import { STATUS_PAGE_CACHE_SECONDS } from "./cache";

// The status page's Cache-Control (next.config.mjs) lets a browser keep it as long as the server
// keeps it, and never lets a shared cache store it (the rate-limited answer has the same URL).

const { default: nextConfig, STATUS_PAGE_CACHE } = config as {
  default: NextConfig;
  STATUS_PAGE_CACHE: string;
};

describe("the status page's Cache-Control", () => {
  it("is private and lasts as long as the server's copy", async () => {
    const rules = await nextConfig.headers!();
    const rule = rules.find((r) => r.source === "/status/:slug")!;
    expect(rule.headers).toEqual([{ key: "Cache-Control", value: STATUS_PAGE_CACHE }]);
    expect(STATUS_PAGE_CACHE).toMatch(/^private, /);
    expect(STATUS_PAGE_CACHE).toContain(`max-age=${STATUS_PAGE_CACHE_SECONDS}`);
  });
});
