// Runs once when a server process starts. The Node-only check lives in its own module so the
// Edge compilation of this file never sees process.exit.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/startup");
  }
}
