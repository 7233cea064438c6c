import { FieldProblem } from './invalid-input';

/**
 * Keys that reach an object's prototype when copied by assignment (class-transformer, spreads into
 * class instances), and the names of Object.prototype's own members (toString, hasOwnProperty...),
 * which the whitelist of a DTO class sees as inherited, hence "known", and lets through.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);
/** A UTF-16 surrogate without its pair: no Unicode text, and encodeURI, e-mail checks and UTF-8 writers throw on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

export type JsonShapeProblem = FieldProblem & { readonly rule: 'maxDepth' | 'forbiddenKey' | 'wellFormedText' };

/**
 * The first part of a parsed JSON body that must not reach validation: nesting deeper than
 * `maxDepth` (class-validator recurses and would overflow the stack), a prototype key, or a string
 * that is not well-formed Unicode. Walks with its own stack, so any depth is safe to inspect.
 */
export function jsonShapeProblem(body: unknown, maxDepth: number): JsonShapeProblem | undefined {
  const stack: { value: unknown; path: string; depth: number; top: string }[] = [{ value: body, path: '', depth: 1, top: '' }];
  while (stack.length > 0) {
    const { value, path, depth, top } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) return { field: path || 'body', rule: 'wellFormedText', message: `${path || 'body'} must be well-formed Unicode text (it contains a lone surrogate)` };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) return { field: top || 'body', rule: 'maxDepth', message: `${top || 'body'} nests deeper than ${maxDepth} levels of objects and lists` };
    const entries = Array.isArray(value) ? value.map((item, i) => [`[${i}]`, item] as const) : Object.entries(value).map(([key, item]) => [key, item] as const);
    for (const [key, item] of entries) {
      const isIndex = key.startsWith('[');
      const field = isIndex ? `${path || 'body'}${key}` : path ? `${path}.${key}` : key;
      if (!isIndex && PROTOTYPE_KEYS.has(key)) return { field, rule: 'forbiddenKey', message: `${field} is not an accepted field name` };
      if (!isIndex && !isWellFormedText(key)) return { field: path || 'body', rule: 'wellFormedText', message: `a field name in ${path || 'body'} is not well-formed Unicode text` };
      stack.push({ value: item, path: field, depth: depth + 1, top: top || field });
    }
  }
  return undefined;
}
