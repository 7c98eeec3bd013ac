import { spawn, type ChildProcess } from "node:child_process";

/**
 * Starts a server for a benchmark in its own process group (so stopping it also stops what
 * npx/tsx started under it: `process.kill(-child.pid)`), resolving once it prints `readyText`.
 */
export function startServer(
  command: string,
  args: string[],
  readyText: string,
  env: NodeJS.ProcessEnv,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    env,
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on(
      "data",
      (chunk: Buffer) => chunk.toString().includes(readyText) && resolve(child),
    );
    child.on("exit", (code) => reject(new Error(`${command} exited with ${code}`)));
  });
}
