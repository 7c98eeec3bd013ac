// CPU time spent by one side of a benchmark, read from /proc (Linux): a server's process group
// and the PostgreSQL backends it is connected through (told apart by database and login role).
// On a shared machine throughput swings with other work; CPU per request does much less.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processCpuMs(pid: string): { group: number; cpuMs: number; cmdline: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return {
      group: Number(fields[2]),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      cmdline,
    };
  } catch {
    return null; // gone meanwhile
  }
}

/** CPU ms so far of the processes in group `pgid` and of the backends whose title has `backend`. */
export function sideCpuMs(pgid: number, backend: string): { server: number; database: number } {
  let server = 0;
  let database = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const p = processCpuMs(pid);
    if (!p) continue;
    if (p.group === pgid) server += p.cpuMs;
    else if (p.cmdline.startsWith("postgres:") && p.cmdline.includes(backend)) database += p.cpuMs;
  }
  return { server, database };
}
