import { readFileSync, readdirSync } from "node:fs";
import type postgres from "postgres";

// CPU time spent by a server and by the PostgreSQL backends serving one database, read from
// /proc (Linux). On a machine shared with other work, latencies swing with the load; the CPU a
// request costs barely does, so a change to a hot path can be compared on it.

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process, in ms; 0 once it has exited. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** `pid` and every process below it (tsx starts node under itself). */
function processTree(pid: number): number[] {
  const children = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      try {
        return (
          readFileSync(`/proc/${child}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(pid)
        );
      } catch {
        return false;
      }
    });
  return [pid, ...children.flatMap(processTree)];
}

export type CpuSample = { server: number; database: number };

/** CPU used so far by the server's processes and by `database`'s backends (connected now). */
export async function sampleCpu(
  serverPid: number,
  admin: postgres.Sql,
  database: string,
): Promise<CpuSample> {
  const backends = await admin<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = ${database}`;
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuMs(pid), 0);
  return { server: sum(processTree(serverPid)), database: sum(backends.map((b) => b.pid)) };
}
