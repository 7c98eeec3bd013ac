import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgres://luneo:secret@127.0.0.1:5432/luneo",
  AUTH_SECRET: "x".repeat(32),
  LUNEO_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
};

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error("parseEnv accepted an invalid environment");
}

describe("parseEnv", () => {
  it("accepts an smtp:// or smtps:// SMTP_URL and a one-line MAIL_FROM; refuses anything else by name", () => {
    expect(parseEnv({ ...valid, SMTP_URL: "smtps://u:p@smtp.example.com:465" }).SMTP_URL).toBe(
      "smtps://u:p@smtp.example.com:465",
    );
    expect(envError({ ...valid, SMTP_URL: "http://smtp.example.com" }).message).toMatch(
      /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(envError({ ...valid, MAIL_FROM: "Luneo <a@b.c>\r\nBcc: x@y.z" }).message).toMatch(
      /MAIL_FROM must be one line/,
    );
  });

  it("accepts the two required variables and fills in the defaults", () => {
    expect(parseEnv(valid)).toEqual({
      ...valid,
      NODE_ENV: "development",
      PUBLIC_URL: "http://localhost:3000",
      LOG_LEVEL: "info",
      DATABASE_POOL_SIZE: 10,
      POSTHOG_HOST: "https://us.i.posthog.com",
      TWILIO_API_BASE_URL: "https://api.twilio.com",
      VAPI_API_BASE_URL: "https://api.vapi.ai",
      OUTBOUND_ALLOW_LOOPBACK: false,
      WEBHOOK_ENDPOINT_CACHE_SECONDS: 5,
      WEBHOOK_DATABASE_POOL_SIZE: 4,
      WORKER_CONCURRENCY: 32,
      WORKER_PER_ORG: 16,
    });
  });

  it("takes PostHog's keys together, and refuses the project key given as the secret", () => {
    expect(parseEnv({ ...valid, POSTHOG_KEY: "phc_a", POSTHOG_SECRET_KEY: "phs_b" })).toMatchObject(
      {
        POSTHOG_KEY: "phc_a",
        POSTHOG_SECRET_KEY: "phs_b",
      },
    );
    expect(() => parseEnv({ ...valid, POSTHOG_SECRET_KEY: "phs_b" })).toThrow(
      /POSTHOG_KEY is required when POSTHOG_SECRET_KEY is set/,
    );
    expect(() => parseEnv({ ...valid, POSTHOG_KEY: "phc_a", POSTHOG_SECRET_KEY: "phc_a" })).toThrow(
      /POSTHOG_SECRET_KEY is the project key/,
    );
    expect(() => parseEnv({ ...valid, POSTHOG_KEY: "phc_a", POSTHOG_HOST: "eu" })).toThrow(
      /POSTHOG_HOST must be PostHog's URL/,
    );
  });

  it("names OUTBOUND_ALLOW_LOOPBACK, METRICS_TOKEN and the provider URLs when they are malformed", () => {
    let message = "";
    try {
      parseEnv({
        ...valid,
        OUTBOUND_ALLOW_LOOPBACK: "yes",
        METRICS_TOKEN: "short",
        TWILIO_API_BASE_URL: "api.twilio.com",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('OUTBOUND_ALLOW_LOOPBACK must be "true" or "false"');
    expect(message).toContain("METRICS_TOKEN must be at least 32 characters");
    expect(message).toContain("TWILIO_API_BASE_URL must be Twilio's REST API base URL");
    expect(parseEnv({ ...valid, OUTBOUND_ALLOW_LOOPBACK: "true" }).OUTBOUND_ALLOW_LOOPBACK).toBe(
      true,
    );
  });

  it("derives PUBLIC_URL from the port the app listens on when it is not set", () => {
    expect(parseEnv({ ...valid, PORT: "3300" }).PUBLIC_URL).toBe("http://localhost:3300");
    expect(parseEnv({ ...valid, PORT: "3300", PUBLIC_URL: "" }).PUBLIC_URL).toBe(
      "http://localhost:3300",
    );
    expect(parseEnv({ ...valid, PORT: "3300", PUBLIC_URL: "https://abc.example" }).PUBLIC_URL).toBe(
      "https://abc.example",
    );
    expect(parseEnv({ ...valid, PORT: "nonsense" }).PUBLIC_URL).toBe("http://localhost:3000");
  });

  it("accepts postgresql:// URLs and coerces the pool size", () => {
    const parsed = parseEnv({
      ...valid,
      DATABASE_URL: "postgresql://u@db/luneo",
      DATABASE_POOL_SIZE: "25",
    });
    expect(parsed.DATABASE_URL).toBe("postgresql://u@db/luneo");
    expect(parsed.DATABASE_POOL_SIZE).toBe(25);
  });

  it("names DATABASE_URL when it is missing", () => {
    const error = envError({ AUTH_SECRET: valid.AUTH_SECRET });
    expect(error.message).toMatch(/DATABASE_URL is required/);
    expect(error.message).not.toMatch(/AUTH_SECRET/);
  });

  it("names DATABASE_URL when it is not a postgres URL", () => {
    const error = envError({ ...valid, DATABASE_URL: "mysql://root@localhost/luneo" });
    expect(error.message).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it("names AUTH_SECRET when it is missing or shorter than 32 characters, without echoing it", () => {
    expect(envError({ DATABASE_URL: valid.DATABASE_URL }).message).toMatch(
      /AUTH_SECRET is required/,
    );
    const short = "s3cr3t-but-short-31-characters!";
    expect(short).toHaveLength(31);
    const error = envError({ ...valid, AUTH_SECRET: short });
    expect(error.message).toMatch(/AUTH_SECRET must be at least 32 characters/);
    expect(error.message).not.toContain(short);
  });

  it("names LOG_LEVEL when it is not a known level", () => {
    const error = envError({ ...valid, LOG_LEVEL: "verbose" });
    expect(error.message).toMatch(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    );
  });

  it("names DATABASE_POOL_SIZE and PUBLIC_URL when they are malformed", () => {
    expect(envError({ ...valid, DATABASE_POOL_SIZE: "0" }).message).toMatch(/DATABASE_POOL_SIZE/);
    expect(envError({ ...valid, DATABASE_POOL_SIZE: "lots" }).message).toMatch(
      /DATABASE_POOL_SIZE/,
    );
    expect(envError({ ...valid, PUBLIC_URL: "not a url" }).message).toMatch(/PUBLIC_URL/);
  });

  it("takes the webhook pool's size, and names it when it is not a whole number from 1 to 100", () => {
    expect(parseEnv({ ...valid, WEBHOOK_DATABASE_POOL_SIZE: "8" }).WEBHOOK_DATABASE_POOL_SIZE).toBe(
      8,
    );
    for (const bad of ["0", "101", "2.5", "few"]) {
      expect(envError({ ...valid, WEBHOOK_DATABASE_POOL_SIZE: bad }).message).toMatch(
        /WEBHOOK_DATABASE_POOL_SIZE must be a whole number between 1 and 100/,
      );
    }
  });

  it("names TRUSTED_PROXY_HOPS and API_RATE_LIMIT_PER_MINUTE when they are not whole numbers in range", () => {
    expect(parseEnv({ ...valid, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(parseEnv({ ...valid, API_RATE_LIMIT_PER_MINUTE: "600" }).API_RATE_LIMIT_PER_MINUTE).toBe(
      600,
    );
    for (const value of ["-1", "1.5", "11", "all"]) {
      expect(envError({ ...valid, TRUSTED_PROXY_HOPS: value }).message).toMatch(
        /TRUSTED_PROXY_HOPS must be a whole number of proxies between 0 and 10/,
      );
    }
    for (const value of ["0", "2.5", "lots"]) {
      expect(envError({ ...valid, API_RATE_LIMIT_PER_MINUTE: value }).message).toMatch(
        /API_RATE_LIMIT_PER_MINUTE must be a whole number of requests between 1 and 100000/,
      );
    }
  });

  it("takes the embeddings provider's three variables together or not at all", () => {
    const all = {
      EMBEDDINGS_BASE_URL: "https://api.openai.com/v1",
      EMBEDDINGS_API_KEY: "sk-test",
      EMBEDDINGS_MODEL: "text-embedding-3-small",
    };
    expect(parseEnv({ ...valid, ...all })).toMatchObject(all);
    expect(parseEnv(valid).EMBEDDINGS_MODEL).toBeUndefined();
    const error = envError({ ...valid, EMBEDDINGS_BASE_URL: all.EMBEDDINGS_BASE_URL });
    expect(error.message).toMatch(
      /EMBEDDINGS_API_KEY is required when EMBEDDINGS_BASE_URL is set: set EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY and EMBEDDINGS_MODEL together, or none of them/,
    );
    expect(error.message).toMatch(/EMBEDDINGS_MODEL is required/);
    expect(error.message).not.toMatch(/LLM_/);
    expect(envError({ ...valid, ...all, EMBEDDINGS_BASE_URL: "openai" }).message).toMatch(
      /EMBEDDINGS_BASE_URL must be the provider's API base URL/,
    );
    // The LLM's group still says its own names.
    expect(envError({ ...valid, LLM_MODEL: "gpt-4o-mini" }).message).toMatch(
      /LLM_BASE_URL is required when LLM_MODEL is set: set LLM_BASE_URL, LLM_API_KEY and LLM_MODEL together/,
    );
  });

  it("lists every invalid variable at once", () => {
    const error = envError({ LOG_LEVEL: "loud" });
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "LOG_LEVEL"])
      expect(error.message).toContain(name);
    expect(error.message).toMatch(/^Luneo cannot start: the environment is not valid\./);
  });
});
