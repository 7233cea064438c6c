import { Pool } from 'undici';

export interface LoadRequest {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly body: unknown;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statuses: Record<number, number>;
}

/** `clients` concurrent clients, each sending its next request when the previous one answered. */
export async function runLoad(origin: string, requests: readonly LoadRequest[], clients: number, headers: Record<string, string>): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: clients, pipelining: 1 });
  try {
    return resultOf([await send(pool, requests, clients, headers)]);
  } finally {
    await pool.close();
  }
}

/**
 * The same requests sent to two servers in `slices` alternating slices, in the order ABBA ABBA...:
 * a slow spell of a shared machine (other work, a noisy neighbour) falls on both, and a drift over
 * the round cancels out, where one whole round after the other gave ratios spread 0.47-0.77 in one
 * minute. Each side's rate is its requests over its own time; its latencies are all its slices'.
 */
export async function compareInterleaved(
  origins: readonly [string, string], requests: readonly LoadRequest[], clients: number, headers: Record<string, string>, slices: number,
): Promise<[LoadResult, LoadResult]> {
  const pools = origins.map((origin) => new Pool(origin, { connections: clients, pipelining: 1 }));
  const sent: [SliceResult[], SliceResult[]] = [[], []];
  try {
    const size = Math.ceil(requests.length / slices);
    for (let i = 0; i * size < requests.length; i++) {
      const slice = requests.slice(i * size, (i + 1) * size);
      for (const side of i % 2 === 0 ? [0, 1] : [1, 0]) sent[side].push(await send(pools[side], slice, clients, headers));
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
  return [resultOf(sent[0]), resultOf(sent[1])];
}

interface SliceResult {
  readonly seconds: number;
  readonly latencies: Float64Array;
  readonly statuses: Record<number, number>;
}

async function send(pool: Pool, requests: readonly LoadRequest[], clients: number, headers: Record<string, string>): Promise<SliceResult> {
  const latencies = new Float64Array(requests.length);
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = process.hrtime.bigint();
  const client = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const r = requests[i];
      const t0 = process.hrtime.bigint();
      const res = await pool.request({ method: r.method, path: r.path, body: JSON.stringify(r.body), headers });
      await res.body.dump();
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies, statuses };
}

function resultOf(slices: readonly SliceResult[]): LoadResult {
  const sorted = Float64Array.from(slices.flatMap((s) => [...s.latencies])).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  const statuses: Record<number, number> = {};
  for (const s of slices) for (const [status, count] of Object.entries(s.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
  return { requests: sorted.length, seconds, perSecond: sorted.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), statuses };
}
