let last = '';

/**
 * Awaits a command's or query's reply and returns its body; fails the test with the status and body unless the
 * status is a 2xx (or exactly `status` when given). Remembers the position of the last acknowledged command for
 * `?waitForPosition=` (jest gives every test file its own copy of this module).
 */
export async function ok<T = any>(reply: Promise<{ status: number; body: T }>, status?: number): Promise<T> {
  const r = await reply;
  const accepted = status === undefined ? r.status >= 200 && r.status < 300 : r.status === status;
  if (!accepted) throw new Error(`expected ${status ?? 'a 2xx'}, got ${r.status}: ${JSON.stringify(r.body)}`);
  const position = (r.body as { position?: unknown } | undefined)?.position;
  if (typeof position === 'string') last = position;
  return r.body;
}

/** The position of the last reply `ok()` saw that carried one ('' before any). */
export function lastPosition(): string {
  return last;
}
