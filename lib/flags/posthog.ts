import "server-only";
import { eq } from "drizzle-orm";
import { PostHog } from "posthog-node";
import type {
  FlagDefinitionCacheData,
  FlagDefinitionCacheInput,
  FlagDefinitionCacheProvider,
} from "posthog-node";
import { featureFlagDefinitions } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// The one PostHog client of a process (docs/adr/0012), for flags and analytics. Without POSTHOG_KEY
// there is none: flags take their overrides and defaults, and analytics send nothing.
//
// Flags are evaluated locally: the client polls the definitions with the secret key every
// `pollSeconds` and evaluates in memory, so no request ever waits on PostHog. Each definitions
// payload is also kept in PostgreSQL (feature_flag_definitions); a process that starts while PostHog
// is unreachable loads it from there first, so it evaluates flags as they were last known.

export type PostHogConfig = {
  key: string;
  host: string;
  /** Without it no definitions are fetched: flags use overrides and defaults only. */
  secretKey?: string;
  /** How often the definitions are polled: a kill switch takes effect within this. Default 30. */
  pollSeconds?: number;
  /** Each request to PostHog gives up after this long. Default 3000. */
  requestTimeoutMs?: number;
};

export type FlagClient = {
  client: PostHog;
  config: PostHogConfig;
  /**
   * Settles once the definitions last stored in PostgreSQL are loaded into the client (or there are
   * none, or reading them failed). Never waits on PostHog itself.
   */
  lastKnownLoaded: Promise<void>;
};

const SOURCE = "posthog";

/** The definitions stored by the last process that fetched them, or undefined. */
export async function readStoredDefinitions(): Promise<
  { definitions: FlagDefinitionCacheInput; fetchedAt: Date } | undefined
> {
  const [row] = await withSystem("feature flag definitions: last known", (tx) =>
    tx.select().from(featureFlagDefinitions).where(eq(featureFlagDefinitions.source, SOURCE)),
  );
  return row
    ? {
        definitions: row.definitions as unknown as FlagDefinitionCacheInput,
        fetchedAt: row.fetchedAt,
      }
    : undefined;
}

/**
 * posthog-node's cache provider, on PostgreSQL. The client asks `shouldFetchFlagDefinitions` before
 * each poll: the first time in a process the answer is "no, read the stored ones" when some exist
 * (so a restart without PostHog still has them), and "yes" ever after. A fetch that fails keeps the
 * definitions in memory; a fetch that succeeds is stored here for the next process.
 */
class PostgresDefinitionsCache implements FlagDefinitionCacheProvider<FlagDefinitionCacheInput> {
  private primed = false;
  constructor(private readonly onNothingStored: () => void) {}

  async getFlagDefinitions() {
    try {
      return (await readStoredDefinitions())?.definitions;
    } finally {
      this.primed = true;
    }
  }

  async shouldFetchFlagDefinitions() {
    if (this.primed) return true;
    this.primed = true;
    try {
      const stored = await readStoredDefinitions();
      if (stored) return false;
    } catch (error) {
      log.warn({ err: error }, "feature flags: stored definitions unreadable");
    }
    this.onNothingStored();
    return true;
  }

  async onFlagDefinitionsReceived(data: FlagDefinitionCacheData) {
    const definitions = data as unknown as Record<string, unknown>;
    await withSystem("feature flag definitions: store what PostHog sent", (tx) =>
      tx
        .insert(featureFlagDefinitions)
        .values({ source: SOURCE, definitions, fetchedAt: new Date() })
        .onConflictDoUpdate({
          target: featureFlagDefinitions.source,
          set: { definitions, fetchedAt: new Date() },
        }),
    );
  }

  shutdown() {}
}

export function createFlagClient(config: PostHogConfig): FlagClient {
  let settle!: () => void;
  const lastKnownLoaded = new Promise<void>((resolve) => (settle = resolve));
  const cache = config.secretKey ? new PostgresDefinitionsCache(() => settle()) : undefined;
  const client = new PostHog(config.key, {
    host: config.host,
    secretKey: config.secretKey,
    enableLocalEvaluation: Boolean(config.secretKey),
    flagDefinitionCacheProvider: cache,
    featureFlagsPollingInterval: (config.pollSeconds ?? 30) * 1000,
    // Never a remote evaluation: what local evaluation cannot say, the registry's default says.
    strictLocalEvaluation: true,
    // Reading a flag sends nothing ($feature_flag_called would name the org on every request).
    sendFeatureFlagEvent: false,
    requestTimeout: config.requestTimeoutMs ?? 3000,
    fetchRetryCount: 1,
    // Events leave in batches after the response (lib/analytics/track.ts flushes in after()).
    flushAt: 20,
    flushInterval: 10_000,
    disableGeoip: true,
  });
  client.on("localEvaluationFlagsLoaded", () => settle());
  client.on("error", (error: unknown) =>
    log.warn({ reason: String(error).slice(0, 200) }, "posthog: request failed"),
  );
  if (!cache) settle();
  // However the first load goes, a request waits for PostgreSQL at most, never for PostHog.
  setTimeout(settle, 2000).unref?.();
  return { client, config, lastKnownLoaded };
}

const holder = globalThis as unknown as { __luneoPostHog?: FlagClient | null };

function configFromEnv(): PostHogConfig | null {
  const { POSTHOG_KEY, POSTHOG_HOST, POSTHOG_SECRET_KEY } = env();
  if (!POSTHOG_KEY) return null;
  return { key: POSTHOG_KEY, host: POSTHOG_HOST, secretKey: POSTHOG_SECRET_KEY };
}

/** This process's PostHog client, made on first use from the environment; null when not configured. */
export function getPostHog(): FlagClient | null {
  if (holder.__luneoPostHog === undefined) {
    const config = configFromEnv();
    holder.__luneoPostHog = config ? createFlagClient(config) : null;
  }
  return holder.__luneoPostHog;
}

/**
 * Replaces this process's client (tests point it at the stand-in; null means "not configured").
 * The previous client is shut down without waiting on PostHog.
 */
export async function configurePostHog(config: PostHogConfig | null): Promise<FlagClient | null> {
  const previous = holder.__luneoPostHog;
  holder.__luneoPostHog = config ? createFlagClient(config) : null;
  if (previous) await previous.client.shutdown(500).catch(() => undefined);
  return holder.__luneoPostHog;
}

/** Whether PostHog is configured for flags (the staff page says so). */
export function postHogStatus(): "not-configured" | "analytics-only" | "flags-and-analytics" {
  const current = getPostHog();
  if (!current) return "not-configured";
  return current.config.secretKey ? "flags-and-analytics" : "analytics-only";
}
