import { z } from "zod";
import { parseKeyRing } from "./crypto/secrets";

// Every variable the server reads, parsed once. A missing or malformed value stops the process
// with a sentence that names it and says what it should look like (see `formatEnvError`).
const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string({ error: "is required, e.g. postgres://user:password@127.0.0.1:5432/luneo" })
      .regex(
        /^postgres(ql)?:\/\/.+/,
        "must be a postgres:// URL, e.g. postgres://user@host:5432/luneo",
      ),
    // The running app logs in as the row-level-security roles, never as DATABASE_URL (the owner,
    // for migrations): docs/adr/0009. By default DATABASE_URL's server and database with the users
    // luneo_app / luneo_system and DATABASE_ROLE_PASSWORD; or give the two URLs in full.
    DATABASE_APP_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// URL logging in as luneo_app")
      .optional(),
    DATABASE_SYSTEM_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// URL logging in as luneo_system")
      .optional(),
    DATABASE_ROLE_PASSWORD: z.string().min(1, "must not be empty when set").optional(),
    AUTH_SECRET: z
      .string({
        error: "is required: a random string of at least 32 characters (openssl rand -base64 32)",
      })
      .min(32, "must be at least 32 characters (openssl rand -base64 32)"),
    LUNEO_ENCRYPTION_KEY: z
      .string({
        error:
          "is required: encrypts provider credentials. Generate one with: node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\"",
      })
      .superRefine((value, ctx) => {
        try {
          parseKeyRing(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: `is malformed: ${(error as Error).message}` });
        }
      }),
    // Without it, the local address on the port the app listens on (see defaultPublicUrl).
    PUBLIC_URL: z.url({
      error: "must be the public http(s) URL of the app, e.g. https://app.luneo.example",
    }),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
    // Reverse proxies in front of the app that append to X-Forwarded-For. Read through
    // trustedProxyHops() (lib/auth/client-ip.ts): default 0, the TCP peer is the client.
    TRUSTED_PROXY_HOPS: z.coerce
      .number({ error: "must be a whole number of proxies between 0 and 10" })
      .int("must be a whole number of proxies between 0 and 10")
      .min(0, "must be a whole number of proxies between 0 and 10")
      .max(10, "must be a whole number of proxies between 0 and 10")
      .optional(),
    // Requests one API key may make per minute on /api/v1. Read through apiRequestsPerMinute()
    // (lib/api-keys/rate-limit.ts): default 120.
    API_RATE_LIMIT_PER_MINUTE: z.coerce
      .number({ error: "must be a whole number of requests between 1 and 100000" })
      .int("must be a whole number of requests between 1 and 100000")
      .min(1, "must be a whole number of requests between 1 and 100000")
      .max(100_000, "must be a whole number of requests between 1 and 100000")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce
      .number({ error: "must be a whole number between 1 and 100" })
      .int()
      .min(1)
      .max(100)
      .default(10),
    // Connections of the webhook path's pool (db/index.ts getWebhookSql), per process. Its
    // statements are single short inserts: a few connections carry them pipelined, several per
    // write and per backend wake-up, where ten spread them one per backend (bench/README.md,
    // "no org key on the inbox, a smaller webhook pool": Twilio runs at 64–70 % of the baseline
    // with 10 connections, 69–77 % with 4, on 2 cores).
    WEBHOOK_DATABASE_POOL_SIZE: z.coerce
      .number({ error: "must be a whole number between 1 and 100" })
      .int("must be a whole number between 1 and 100")
      .min(1, "must be a whole number between 1 and 100")
      .max(100, "must be a whole number between 1 and 100")
      .default(4),
    // Seconds the webhook receiver keeps an endpoint and its decrypted secrets in memory
    // (lib/webhooks/endpoint-cache.ts): a change is seen at once through a notification, and after
    // at most this long if one is missed. 0 reads them on every request.
    WEBHOOK_ENDPOINT_CACHE_SECONDS: z.coerce
      .number({ error: "must be a whole number of seconds between 0 and 60" })
      .int("must be a whole number of seconds between 0 and 60")
      .min(0, "must be a whole number of seconds between 0 and 60")
      .max(60, "must be a whole number of seconds between 0 and 60")
      .default(5),
    // Ingestion (lib/ingest/inbox-worker.ts): webhook events one worker process runs at once, and
    // how many of one org it takes per round before the other orgs get theirs (those are applied
    // together, in one transaction). Measured on 2 cores (bench/README.md).
    WORKER_CONCURRENCY: z.coerce
      .number({ error: "must be a whole number of jobs between 1 and 64" })
      .int("must be a whole number of jobs between 1 and 64")
      .min(1, "must be a whole number of jobs between 1 and 64")
      .max(64, "must be a whole number of jobs between 1 and 64")
      .default(32),
    WORKER_PER_ORG: z.coerce
      .number({ error: "must be a whole number of jobs between 1 and 64" })
      .int("must be a whole number of jobs between 1 and 64")
      .min(1, "must be a whole number of jobs between 1 and 64")
      .max(64, "must be a whole number of jobs between 1 and 64")
      .default(16),
    // An OpenAI-compatible Chat Completions provider for contact memory (lib/memory): all three or
    // none. Without them, memory uses Luneo's offline summariser.
    LLM_BASE_URL: z
      .url({ error: "must be the provider's API base URL, e.g. https://api.openai.com/v1" })
      .optional(),
    LLM_API_KEY: z.string().min(1, "must not be empty when set").optional(),
    LLM_MODEL: z.string().min(1, "must not be empty when set, e.g. gpt-4o-mini").optional(),
    // An OpenAI-compatible embeddings provider for the learning loop's question similarity
    // (lib/learning/embeddings.ts): all three or none. Without them, or when it fails, the offline
    // lexical similarity clusters the questions.
    EMBEDDINGS_BASE_URL: z
      .url({ error: "must be the provider's API base URL, e.g. https://api.openai.com/v1" })
      .optional(),
    EMBEDDINGS_API_KEY: z.string().min(1, "must not be empty when set").optional(),
    EMBEDDINGS_MODEL: z
      .string()
      .min(1, "must not be empty when set, e.g. text-embedding-3-small")
      .optional(),
    // Minutes of silence after which an SMS thread counts as finished and is summarised into the
    // contact's memory. Read through smsThreadIdleMinutes() (lib/memory/triggers.ts): default 30.
    SMS_THREAD_IDLE_MINUTES: z.coerce
      .number({ error: "must be a whole number of minutes between 1 and 720" })
      .int("must be a whole number of minutes between 1 and 720")
      .min(1, "must be a whole number of minutes between 1 and 720")
      .max(720, "must be a whole number of minutes between 1 and 720")
      .optional(),
    // Outgoing mail (lib/mail): an SMTP server as a URL, smtp://user:pass@host:587 (STARTTLS when
    // offered) or smtps://user:pass@host:465. Without it every message waits in the outbox, marked
    // "not sent: no SMTP configured", and nothing is lost.
    SMTP_URL: z
      .string()
      .regex(
        /^smtps?:\/\/[^\s]+$/,
        "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@smtp.example.com:587",
      )
      .optional(),
    // Provider APIs Luneo calls to check an org's credentials (lib/health/credentials). Tests
    // point them at local stand-ins speaking the providers' formats.
    TWILIO_API_BASE_URL: z
      .url({ error: "must be Twilio's REST API base URL, e.g. https://api.twilio.com" })
      .default("https://api.twilio.com"),
    VAPI_API_BASE_URL: z
      .url({ error: "must be VAPI's API base URL, e.g. https://api.vapi.ai" })
      .default("https://api.vapi.ai"),
    // Outbound requests to URLs an org chose (alert webhooks, webhook_call: lib/http/outbound.ts)
    // refuse private, loopback, link-local and reserved addresses; "true" lets loopback through,
    // for local development and tests only.
    OUTBOUND_ALLOW_LOOPBACK: z
      .enum(["true", "false"], { error: 'must be "true" or "false"' })
      .default("false")
      .transform((v) => v === "true"),
    // Bearer token Prometheus sends to scrape /api/metrics; without it the endpoint answers 404.
    METRICS_TOKEN: z
      .string()
      .min(32, "must be at least 32 characters (openssl rand -base64 32)")
      .optional(),
    // The From of every message; default "Luneo <no-reply@HOST of PUBLIC_URL>".
    MAIL_FROM: z
      .string()
      .regex(/^[^\r\n]+$/, "must be one line, e.g. Luneo <no-reply@luneo.example>")
      .optional(),
    // PostHog (lib/flags, lib/analytics; docs/adr/0012). POSTHOG_KEY is the project key (phc_…):
    // with it, product analytics are sent. POSTHOG_SECRET_KEY (phs_… or phx_…) also fetches the flag
    // definitions for local evaluation. Without them flags take the registry's defaults and staff
    // overrides, and nothing is sent anywhere.
    POSTHOG_KEY: z.string().min(1, "must not be empty when set, e.g. phc_…").optional(),
    POSTHOG_SECRET_KEY: z
      .string()
      .min(1, "must not be empty when set, e.g. phs_…")
      .refine((v) => !v.startsWith("phc_"), {
        message:
          "is the project key (phc_…): give a project secret key (phs_…) or a personal API key (phx_…)",
      })
      .optional(),
    POSTHOG_HOST: z
      .url({ error: "must be PostHog's URL, e.g. https://eu.i.posthog.com" })
      .default("https://us.i.posthog.com"),
  })
  .superRefine((value, ctx) => {
    if (value.POSTHOG_SECRET_KEY !== undefined && value.POSTHOG_KEY === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["POSTHOG_KEY"],
        message:
          "is required when POSTHOG_SECRET_KEY is set: the secret key fetches that project's flags",
      });
    }
    for (const group of [
      ["LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL"],
      ["EMBEDDINGS_BASE_URL", "EMBEDDINGS_API_KEY", "EMBEDDINGS_MODEL"],
    ] as const) {
      const set = group.filter((name) => value[name] !== undefined);
      if (set.length === 0 || set.length === group.length) continue;
      for (const name of group.filter((n) => value[n] === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `is required when ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set: set ${group[0]}, ${group[1]} and ${group[2]} together, or none of them`,
        });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function formatEnvError(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  - ${issue.path.join(".")} ${issue.message}`);
  return `Luneo cannot start: the environment is not valid.\n${lines.join("\n")}\nSee .env.example for every variable.`;
}

/**
 * PUBLIC_URL when unset: this machine on the port Next listens on (PORT, default 3000), so a dev
 * server started with PORT=3300 gives webhook URLs and invitation links on 3300, not 3000.
 */
export function defaultPublicUrl(source: Record<string, string | undefined>): string {
  const port = /^\d{1,5}$/.test(source.PORT ?? "") ? source.PORT : "3000";
  return `http://localhost:${port}`;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse({
    ...source,
    PUBLIC_URL: source.PUBLIC_URL || defaultPublicUrl(source),
  });
  if (!result.success) throw new EnvError(formatEnvError(result.error));
  return result.data;
}

let cached: Env | undefined;

/** The parsed environment; parsed on first use so `next build` never needs runtime secrets. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
