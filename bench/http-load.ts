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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { requests: requests.length, seconds, perSecond: requests.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), statuses };
}
