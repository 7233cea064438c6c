import { gzipSync } from 'node:zlib';
import { BodyField, OpenApiDocument, Operation, exampleOf, operationsOf } from './openapi-operations';
import { Random } from './random';

/** One request built to be refused, and why: `cause` groups the findings. */
export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: string;
  readonly cause: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
}

export interface FuzzTargets {
  /** Ids that exist in the seeded store, by path parameter name (marketId, lotId, ...). */
  readonly pathValues: Record<string, string>;
  /** Valid bodies by "METHOD template", used instead of the schema's examples where given. */
  readonly validBodies: Record<string, unknown>;
}

const HUGE = 'x'.repeat(20_000);
const ID_10KB = 'a'.repeat(10_240);
/** Values no field of any type accepts in place of a valid one. */
const WRONG_FOR_STRING: unknown[] = [12, -1, true, {}, [], null, ['a'], { $gt: '' }];
const WRONG_FOR_NUMBER: unknown[] = ['12', 'NaN', 'Infinity', true, {}, [], null, 1e308, -1e308, -1, 1e-7, 0.123456, Number.MAX_SAFE_INTEGER * 4];
const WRONG_FOR_OBJECT: unknown[] = [[], null, 'x', '', 0, true, [{}]];
const WRONG_FOR_ARRAY: unknown[] = [{}, null, 'x', 0, [null], [[]], [1, 'a'], Array.from({ length: 5000 }, () => 'x')];
/** Strings a text field must refuse: empty or blank, control and bidi characters, broken UTF-16, too long. */
const BAD_STRINGS = ['', '   ', '\t\n ', 'a\u0000b', '\u0000', '\u202Eevil', 'x\u2066y', '\uD800', 'a\uDC00b', HUGE];
/** ...and what a date, month, id or code must refuse on top (fine in free text). */
const BAD_CODES = ['../../etc/passwd', '%00', 'a%00b', '2026-02-30', '9999-12-31', '0000-00-00', '2026-13', '-1', 'NaN', 'null', '<script>'];
const CODE_FIELD = /(Date|date|month|siret|postcode|department|Email|On|Until|year)$/;
const BAD_IDS = ['..%2F..%2Fetc', '..', '%2e%2e', '%00', 'a%00b', ID_10KB, '%20%20%20', '%E2%80%AEx', '%ED%A0%80', '%C0%AF', 'a%2Fb', '%25', '%u0000'];
const BAD_QUERY = ['2026-02-30', '9999-12-31', 'NaN', 'Infinity', '1e308', '-1', '1e-7', '', '%20%20', '%00', ID_10KB, 'abc', '%ED%A0%80', '2026-06-15T00:00:00Z', '[]', '{}'];
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'unknownField', ''];
const MAX_BODY = 100 * 1024;

/** Requests built to be refused, over every operation of the document, every parameter and every body field. */
export class MalformedRequests {
  private readonly operations: Operation[];
  private next = 0;

  constructor(private readonly doc: OpenApiDocument, private readonly targets: FuzzTargets, private readonly random: Random) {
    this.operations = operationsOf(doc);
  }

  /** Whether the route is a command (it takes an Idempotency-Key): a 2xx there means something was written. */
  isCommand(route: string): boolean {
    return this.operations.some((op) => routeOf(op) === route && op.headerParams.includes('Idempotency-Key'));
  }

  get routes(): string[] {
    return this.operations.map(routeOf);
  }

  /** The next request: operations in turn, a random way to break each. */
  take(n: number): MalformedRequest {
    const op = this.operations[this.next++ % this.operations.length];
    const attacks = [
      ...(op.pathParams.length ? [() => this.badPathParam(op)] : []),
      ...(op.queryParams.length ? [() => this.badQuery(op)] : []),
      ...(op.bodySchema ? [
        () => this.badField(op), () => this.badField(op), () => this.badField(op), () => this.missingField(op), () => this.extraKey(op),
        () => this.badEncoding(op), () => this.badJson(op), () => this.deepNesting(op), () => this.tooLarge(op), () => this.badHeader(op),
      ] : []),
      ...(op.method !== 'GET' && !op.bodySchema ? [() => this.badEncoding(op)] : []),
    ];
    const request = attacks.length ? this.random.pick(attacks)() : this.badQueryOnPlainRoute(op);
    return { ...request, headers: { 'idempotency-key': `fuzz-${this.random.seed}-${n}`, ...request.headers } };
  }

  private base(op: Operation): Record<string, unknown> {
    const given = this.targets.validBodies[`${op.method} ${op.template}`];
    return structuredClone((given ?? exampleOf(op.bodySchema!, this.doc)) as Record<string, unknown>);
  }

  private path(op: Operation, override: Record<string, string> = {}): string {
    return op.template.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? encodeURIComponent(this.targets.pathValues[name] ?? 'unknown-id'));
  }

  private json(op: Operation, cause: string, body: unknown, headers: Record<string, string> = {}): Omit<MalformedRequest, 'headers'> & { headers: Record<string, string> } {
    return { method: op.method, path: this.path(op), route: routeOf(op), cause, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
  }

  private badPathParam(op: Operation) {
    const name = this.random.pick(op.pathParams);
    const value = this.random.pick(BAD_IDS);
    const body = op.bodySchema ? JSON.stringify(this.base(op)) : undefined;
    return {
      method: op.method, path: this.path(op, { [name]: value }), route: routeOf(op), cause: `path ${name} = ${label(value)}`,
      headers: body ? { 'content-type': 'application/json' } : ({} as Record<string, string>), body,
    };
  }

  private badQuery(op: Operation) {
    const { name } = this.random.pick(op.queryParams);
    const value = this.random.pick(BAD_QUERY);
    const others = op.queryParams.filter((q) => q.name !== name && q.required).map((q) => `${q.name}=${q.name === 'year' ? '2026' : '1'}`);
    // a repeated 10 kB value would pass Node's 16 kB header limit: Node itself answers 431, before any app code
    const repeated = value.length < 1000 && this.random.int(4) === 0;
    const query = [...others, `${name}=${value}`, ...(repeated ? [`${name}=${value}`] : [])].join('&');
    return { method: op.method, path: `${this.path(op)}?${query}`, route: routeOf(op), cause: `query ${name} = ${repeated ? 'twice ' : ''}${label(value)}`, headers: {}, body: undefined };
  }

  private badQueryOnPlainRoute(op: Operation) {
    const value = this.random.pick(BAD_QUERY);
    return { method: op.method, path: `${this.path(op)}?unexpected=${value}`, route: routeOf(op), cause: `unexpected query parameter`, headers: {}, body: undefined };
  }

  private badField(op: Operation) {
    const field = this.random.pick(op.fields);
    const value = this.random.pick(wrongValuesFor(field));
    const body = this.base(op);
    setAt(body, field.path, value);
    return this.json(op, `${fieldName(field)} = ${label(value)}`, body);
  }

  private missingField(op: Operation) {
    const body = this.base(op);
    // a required field of an optional object the base body leaves out is not missing: the object is
    const required = op.fields.filter((f) => f.required && pathValue(body, f.path) !== undefined);
    if (required.length === 0) return this.json(op, 'body = {} with an extra key', { unknownField: 1 });
    const field = this.random.pick(required);
    deleteAt(body, field.path);
    return this.json(op, `${fieldName(field)} missing`, body);
  }

  private extraKey(op: Operation) {
    const key = this.random.pick(DANGEROUS_KEYS);
    const objects = [[] as (string | number)[], ...op.fields.filter((f) => f.schema.properties).map((f) => [...f.path])];
    const where = this.random.pick(objects);
    const text = JSON.stringify(this.base(op));
    // JSON text rather than an object: `{ __proto__: ... }` would set the prototype instead of a key
    const injected = `"${key}":{"polluted":true,"isAdmin":true},`;
    const body = where.length === 0 ? text.replace(/^\{/, `{${injected}`) : injectInto(text, where, injected);
    return { ...this.json(op, `extra key ${key || '(empty)'}${where.length ? ` in ${where.join('.')}` : ''}`, null), body };
  }

  private badEncoding(op: Operation) {
    const body = JSON.stringify(op.bodySchema ? this.base(op) : {});
    const cases: [string, Record<string, string>, string | Buffer][] = [
      ['text/plain', { 'content-type': 'text/plain' }, body],
      ['urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 'hours=1&month=2026-03&source=PAYSLIP&qualitative[summary]=x'],
      ['charset=latin1', { 'content-type': 'application/json; charset=latin1' }, body],
      ['charset=utf-16', { 'content-type': 'application/json; charset=utf-16' }, body],
      ['no content type', {}, body],
      ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--'],
      ['bad gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from('not gzip at all')],
      ['bad brotli', { 'content-type': 'application/json', 'content-encoding': 'br' }, Buffer.from('not brotli')],
      ['truncated gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(body).subarray(0, 12)],
      ['gzip bomb over 100 kB', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(`{"a":"${'x'.repeat(4 * MAX_BODY)}"}`)],
      ['Content-Encoding: compress', { 'content-type': 'application/json', 'content-encoding': 'compress' }, body],
      ['Content-Encoding: unknown', { 'content-type': 'application/json', 'content-encoding': 'x-fuzz' }, body],
    ];
    const [cause, headers, payload] = this.random.pick(cases);
    return { method: op.method, path: this.path(op), route: routeOf(op), cause, headers, body: payload };
  }

  private badJson(op: Operation) {
    const text = JSON.stringify(this.base(op));
    const cases: [string, string][] = [
      ['truncated JSON', text.slice(0, Math.max(1, this.random.int(text.length)))],
      ['JSON with NaN', text.replace(/^\{/, '{"hours":NaN,')],
      ['JSON with a trailing comma', text.replace(/}$/, ',}')],
      ['JSON with single quotes', text.replace(/"/g, "'")],
      ['JSON array body', `[${text}]`],
      ['JSON string body', JSON.stringify(text)],
      ['JSON null body', 'null'],
      ['JSON number body', '1e308'],
      ['empty body', ''],
      ['JSON with a NUL byte', text.replace(/"$/, '\u0000"').replace(/}$/, '\u0000}')],
      ['JSON with a lone surrogate escape', text.replace(/"([^"]*)"\s*:\s*"/, '"$1":"\\ud800')],
    ];
    const [cause, body] = this.random.pick(cases);
    return { ...this.json(op, cause, null), body };
  }

  private deepNesting(op: Operation) {
    const depth = this.random.pick([3000, 10_000]);
    const field = this.random.pick(op.fields);
    const body = this.base(op);
    setAt(body, field.path, '__deep__');
    const text = JSON.stringify(body).replace('"__deep__"', '['.repeat(depth) + ']'.repeat(depth));
    return { ...this.json(op, `${fieldName(field)} = [[[…]]] ${depth} deep`, null), body: text };
  }

  private tooLarge(op: Operation) {
    const body = this.base(op);
    const field = this.random.pick(op.fields.filter((f) => f.path.length === 1 && f.schema.type === 'string').concat(op.fields.slice(0, 1)));
    setAt(body, field.path, 'x'.repeat(MAX_BODY + 1024));
    return this.json(op, 'body over 100 kB', body);
  }

  private badHeader(op: Operation) {
    const cases: [string, Record<string, string>][] = [
      ['Idempotency-Key too short', { 'idempotency-key': 'abc' }],
      ['Idempotency-Key of 10 kB', { 'idempotency-key': ID_10KB }],
      ['Idempotency-Key with spaces', { 'idempotency-key': 'fuzz key with spaces' }],
      ['If-Match not a revision', { 'if-match': '"abc"' }],
      ['If-Match negative', { 'if-match': '"-1"' }],
      ['If-Match huge', { 'if-match': `"${'9'.repeat(400)}"` }],
    ];
    const [cause, headers] = this.random.pick(cases);
    return this.json(op, cause, this.base(op), headers);
  }
}

function wrongValuesFor(field: BodyField): unknown[] {
  const { schema } = field;
  if (schema.properties) return WRONG_FOR_OBJECT;
  if (schema.type === 'array') return WRONG_FOR_ARRAY;
  if (schema.type === 'number' || schema.type === 'integer') return WRONG_FOR_NUMBER;
  if (schema.type === 'boolean') return ['true', 0, 1, null, [], {}];
  const wrongEnum = schema.enum ? ['not-a-value', String(schema.enum[0]).toLowerCase(), ` ${String(schema.enum[0])}`] : [];
  const coded = schema.format || schema.enum || CODE_FIELD.test(String(field.path[field.path.length - 1]));
  return [...WRONG_FOR_STRING, ...BAD_STRINGS, ...(coded ? BAD_CODES : []), ...wrongEnum];
}

function routeOf(op: Operation): string {
  return `${op.method} ${op.template}`;
}

function fieldName(field: BodyField): string {
  return field.path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
}

function label(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) && value.length > 10 ? `[${value.length} items]` : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 20)}…(${text.length} chars)` : text;
}

function setAt(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: any = target;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
}

function deleteAt(target: Record<string, unknown>, path: readonly (string | number)[]): void {
  let node: any = target;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') return;
    node = node[key];
  }
  delete node[path[path.length - 1]];
}

/** Puts `injected` (a `"key":value,` pair) first inside the object at `where` of the JSON text. */
function injectInto(text: string, where: readonly (string | number)[], injected: string): string {
  const body = JSON.parse(text);
  setAt(body, where, { ...(pathValue(body, where) as object), __marker__: 0 });
  return JSON.stringify(body).replace('"__marker__":0', injected.slice(0, -1));
}

function pathValue(target: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<any>((node, key) => (node && typeof node === 'object' ? node[key] : undefined), target);
}
