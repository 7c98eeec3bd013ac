// Load for the benchmarks, from Node's own http client with keep-alive.
// - openLoop: requests at a fixed rate, each timed from when it was DUE, not from when a free
//   connection sent it. A server that falls behind then shows its queueing delay in the figures
//   (autocannon's fixed-rate mode waits for free connections and sends in bursts, which hides it).
// - closedLoop: `connections` requests in flight, each sent as the previous one returns (saturation).
import http from "node:http";

export type Prepared = { body: string; headers: Record<string, string> };
export type LoadResult = {
  sent: number;
  ok: number;
  errors: number;
  latenciesMs: number[];
  seconds: number;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function post(url: URL, request: Prepared): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...request.headers, "content-length": Buffer.byteLength(request.body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(request.body);
  });
}

export async function openLoop(
  target: string,
  make: () => Prepared,
  { rate, seconds }: { rate: number; seconds: number },
): Promise<LoadResult> {
  const url = new URL(target);
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latenciesMs: number[] = [];
  let ok = 0;
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = make();
    pending.push(
      post(url, request).then((status) => {
        latenciesMs.push(performance.now() - due);
        if (status >= 200 && status < 300) ok += 1;
        else errors += 1;
      }),
    );
  }
  await Promise.all(pending);
  return { sent: total, ok, errors, latenciesMs, seconds: (performance.now() - start) / 1000 };
}

export async function closedLoop(
  target: string,
  make: () => Prepared,
  { connections, seconds, amount }: { connections: number; seconds?: number; amount?: number },
): Promise<LoadResult> {
  const url = new URL(target);
  const latenciesMs: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const end = seconds ? start + seconds * 1000 : Infinity;
  const more = () => performance.now() < end && (amount === undefined || sent < amount);
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (more()) {
        sent += 1;
        const request = make();
        const began = performance.now();
        const status = await post(url, request);
        latenciesMs.push(performance.now() - began);
        if (status >= 200 && status < 300) ok += 1;
        else errors += 1;
      }
    }),
  );
  return { sent, ok, errors, latenciesMs, seconds: (performance.now() - start) / 1000 };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (values: number[]) => percentile(values, 50);
