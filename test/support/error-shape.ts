const KEYS = new Set(['statusCode', 'error', 'code', 'message', 'field', 'problems', 'reason']);

/**
 * What is wrong with an error answer, or undefined when it has the API's one error shape
 * `{ statusCode, error, code, message, field?, problems?, reason? }` (apps/api/src/http/error-responses.ts; `reason` on a 401).
 */
export function errorShapeProblem(status: number, contentType: string | undefined, text: string): string | undefined {
  if (!/^application\/json\b/.test(contentType ?? '')) return `content-type ${contentType ?? '(none)'}`;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body is not an object';
  const extra = Object.keys(body).filter((k) => !KEYS.has(k));
  if (extra.length) return `unexpected keys ${extra.join(', ')}`;
  if (body.statusCode !== status) return `statusCode ${body.statusCode} on a ${status}`;
  for (const key of ['error', 'code', 'message'] as const) if (typeof body[key] !== 'string' || body[key] === '') return `${key} missing or not a string`;
  if (body.field !== undefined && typeof body.field !== 'string') return 'field not a string';
  if (body.reason !== undefined && (status !== 401 || typeof body.reason !== 'string')) return 'reason only on a 401, as a string';
  if (body.problems !== undefined) {
    const ok = Array.isArray(body.problems) && body.problems.every((p: any) => p && typeof p.field === 'string' && typeof p.rule === 'string' && typeof p.message === 'string');
    if (!ok) return 'problems not a list of { field, rule, message }';
  }
  return undefined;
}
