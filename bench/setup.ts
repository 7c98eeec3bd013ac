// Shared by the benchmarks: a migrated database with one org whose VAPI (HMAC) and Twilio
// channels are connected through the real services, and the environment `next start` needs.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { closeDb } from "@/db";
import { getChannels } from "@/lib/channels/queries";
import { saveTwilioConnection, saveVapiConnection } from "@/lib/channels/service";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { runMigrations } from "@/lib/db/migrate";
import { resolveUserContext } from "@/lib/tenancy/context";
import { signUp } from "@/lib/tenancy/sign-up";

export async function prepareConnectedOrg(
  databaseUrl: string,
  appPort: number,
  label: string,
  options: {
    /** VAPI's assistant id (assistant-request is answered with it); none by default. */
    assistantId?: string;
    /** A second org in the same database: the first one's environment (same keys). */
    sameEnvAs?: NodeJS.ProcessEnv;
  } = {},
) {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: options.sameEnvAs?.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    LUNEO_ENCRYPTION_KEY: options.sameEnvAs?.LUNEO_ENCRYPTION_KEY ?? generateKeyRingValue(label),
    PUBLIC_URL: `http://127.0.0.1:${appPort}`,
    AUTH_TRUST_HOST: "true",
    // Production runs job workers as their own processes; the benchmarks measure acknowledgement.
    LUNEO_IN_PROCESS_WORKERS: "false",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  Object.assign(process.env, env);
  await runMigrations(databaseUrl);

  const vapiSecret = randomBytes(24).toString("hex");
  const authToken = randomBytes(16).toString("hex");
  const email = `${label}-${Date.now()}@luneo.dev`;
  const password = `${label}-password-123`;
  const { userId, orgId } = await signUp({ name: label, email, password, orgName: label });
  const { ctx } = (await resolveUserContext(userId, orgId))!;
  await saveVapiConnection(ctx, {
    authMode: "hmac",
    secret: vapiSecret,
    signatureHeader: "x-signature",
    timestampHeader: null,
    assistantId: options.assistantId ?? null,
    sipAddress: null,
  });
  await saveTwilioConnection(ctx, {
    accountSid: `AC${"0".repeat(32)}`,
    authToken,
    phoneNumbers: ["+14153902718"],
    fallbackNumber: null,
  });
  const channels = await getChannels(ctx);
  await closeDb();
  return {
    env,
    orgId,
    /** The owner's sign-in. */
    email,
    password,
    /** The owner's tenant context (the database pool is closed: the next query reopens it). */
    ctx,
    vapiSecret,
    authToken,
    vapiEndpoint: channels.vapi!.endpointId,
    twilioEndpoint: channels.twilio!.endpointId,
  };
}

/** ANALYZE, as autovacuum would after a bulk fill, so the planner sees the tables' real sizes. */
export async function analyzeTables(databaseUrl: string, tables: string[]) {
  const owner = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    for (const table of tables) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
      await owner.unsafe(`analyze ${table}`);
    }
  } finally {
    await owner.end();
  }
}
