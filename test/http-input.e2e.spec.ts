import { brotliCompressSync, gzipSync } from 'node:zlib';
import { EventStore } from '@clause-ledger/event-store';
import { ConfigError, loadConfig } from '../apps/api/src/config/app-config';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { Reply, TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/**
 * What an adversarial client sends before a single field is read: bodies too big, wrongly encoded,
 * not JSON, too deep, with prototype keys, broken Unicode, absurd numbers and dates. Each is a 4xx in
 * the one error shape, naming what is wrong, and appends nothing; never a 500.
 */
describe('HTTP input a client cannot use to break the API', () => {
  const dir = tempDir('http-input');
  let api: TestApi;
  /** The clock is an operator's (ADMIN) route; everything else is the story's facilitator's. */
  let admin: TestApi;
  const marketId = story.market.marketId;
  const placementId = story.placement.placementId;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    admin = await api.as({ role: 'ADMIN', organisation: 'clause-ledger-ops', user: 'ops' });
    for (const [path, body] of [
      ['/companies', story.company],
      ['/markets', story.market],
      ['/beneficiaries', story.beneficiary],
      [`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility],
    ] as const) expect((await api.post(path, body)).status).toBe(201);
    expect((await api.put(`/markets/${marketId}/lots/lot-1/clause`, story.clauseLot1)).status).toBe(200);
    expect((await api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 833 })).status).toBe(201);
    expect((await api.post('/placements', story.placement)).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  /** Sends raw bytes with the given headers, as a hostile or careless client would. */
  async function raw(method: string, path: string, body: Buffer | string | undefined, headers: Record<string, string>): Promise<Reply> {
    const response = await fetch(`${api.url}${path}`, { method, headers: { ...(path.startsWith('/clock') ? admin : api).authorization(), ...headers }, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Runs a refused request and proves it appended nothing and answered in the one error shape. */
  async function refused(send: () => Promise<Reply>): Promise<Reply> {
    const before = await api.storeHead();
    const reply = await send();
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect(reply.body).toEqual(expect.objectContaining({ statusCode: reply.status, error: expect.any(String), code: expect.any(String), message: expect.any(String) }));
    expect(Object.keys(reply.body).every((k) => ['statusCode', 'error', 'code', 'message', 'field', 'problems'].includes(k))).toBe(true);
    expect(await api.storeHead()).toBe(before);
    return reply;
  }

  const hoursPath = `/placements/${placementId}/hours`;
  const declaration = { month: '2026-04', hours: 100, source: 'PAYSLIP' };
  const json = { 'content-type': 'application/json' };

  describe('bodies the parser refuses', () => {
    it('a body over the limit is a 413 PAYLOAD_TOO_LARGE', async () => {
      const r = await refused(() => raw('POST', hoursPath, JSON.stringify({ ...declaration, pad: 'x'.repeat(200_000) }), json));
      expect(r.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', field: 'body' });
      expect(r.body.message).toContain('100 kB');
    });

    it('a small gzip body that inflates over the limit is a 413 too', async () => {
      const bomb = gzipSync(JSON.stringify({ ...declaration, pad: ' '.repeat(5_000_000) }));
      expect(bomb.length).toBeLessThan(20_000);
      const r = await refused(() => raw('POST', hoursPath, bomb, { ...json, 'content-encoding': 'gzip' }));
      expect(r.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it.each([
      ['gzip', Buffer.from('this is not gzip at all')],
      ['br', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x12])],
      ['gzip', gzipSync(JSON.stringify(declaration)).subarray(0, 20)],
    ])('a broken %s body is a 400 MALFORMED_BODY naming Content-Encoding', async (encoding, body) => {
      const r = await refused(() => raw('POST', hoursPath, body, { ...json, 'content-encoding': encoding }));
      expect(r.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_BODY', field: 'Content-Encoding' });
    });

    it('the limit is set by BODY_LIMIT_KB, checked at start-up', async () => {
      expect(() => loadConfig({ BODY_LIMIT_KB: '0' })).toThrow(ConfigError);
      const smallDir = tempDir('http-input-small');
      const small = await TestApi.start({ dataDir: smallDir.path, today: story.TODAY, env: { BODY_LIMIT_KB: '1' } });
      try {
        const r = await small.post(hoursPath, { ...declaration, pad: 'x'.repeat(2_000) });
        expect(r.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1 kB') });
      } finally {
        await small.close();
        smallDir.remove();
      }
    });

    it('a well-formed brotli body is accepted like plain JSON', async () => {
      const r = await raw('POST', hoursPath, brotliCompressSync(JSON.stringify({ ...declaration, month: '2026-05' })), { ...json, 'content-encoding': 'br' });
      expect(r.status).toBe(201);
    });

    it('Content-Encoding: compress is a 415 naming the header', async () => {
      const r = await refused(() => raw('POST', hoursPath, JSON.stringify(declaration), { ...json, 'content-encoding': 'compress' }));
      expect(r.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_CONTENT_ENCODING', field: 'Content-Encoding' });
    });

    it('a charset other than UTF-8 is a 415 naming Content-Type', async () => {
      const r = await refused(() => raw('POST', hoursPath, JSON.stringify(declaration), { 'content-type': 'application/json; charset=latin1' }));
      expect(r.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' });
      expect(r.body.message).toContain('LATIN1');
    });

    it.each([
      ['a truncated object', '{"month": "2026-04", "hours": 1'],
      ['a bare string', '"hello"'],
      ['a trailing comma', '{"month": "2026-04",}'],
    ])('%s is a 400 MALFORMED_JSON', async (_name, body) => {
      const r = await refused(() => raw('POST', hoursPath, body, json));
      expect(r.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON', field: 'body' });
    });
  });

  describe('only JSON on commands', () => {
    it('a urlencoded form (what a plain HTML form on any web page sends) is a 415 and closes nothing', async () => {
      const r = await refused(() => raw('POST', `/markets/${marketId}/closure`, 'qualitative[summary]=x&qualitative[writtenBy]=y', { 'content-type': 'application/x-www-form-urlencoded' }));
      expect(r.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' });
      expect(r.body.message).toContain('application/json');
    });

    it.each([
      ['text/plain', JSON.stringify(declaration)],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="month"\r\n\r\n2026-04\r\n--x--\r\n'],
    ])('a %s body is a 415', async (type, body) => {
      const r = await refused(() => raw('POST', hoursPath, body, { 'content-type': type }));
      expect(r.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it.each([';;;', 'application/json; charset', 'application/json; charset=', 'application/json, text/plain', 'application/json; charset=utf-7'])(
      'a malformed or odd Content-Type "%s" is a 4xx, never a 500', async (type) => {
        await refused(() => raw('POST', hoursPath, JSON.stringify({ ...declaration, hours: 'x' }), { 'content-type': type }));
      },
    );

    it('a JSON body without any Content-Type is a 415', async () => {
      const r = await refused(() => raw('PUT', `/markets/${marketId}/lots/lot-2/clause`, new TextEncoder().encode(JSON.stringify(story.clauseLot1)) as unknown as Buffer, {}));
      expect(r.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('a command sent with no body is a 400 naming each required field', async () => {
      const r = await refused(() => raw('POST', hoursPath, undefined, {}));
      expect(r.body.code).toBe('INVALID_INPUT');
      expect(r.body.problems.map((p: { field: string }) => p.field)).toEqual(expect.arrayContaining(['month', 'hours', 'source']));
    });
  });

  describe('the shape of the JSON', () => {
    it('an array nested 3,000 deep is a 400 JSON_TOO_DEEP, not a stack overflow', async () => {
      const deep = `{"month":"2026-04","hours":1,"source":"PAYSLIP","x":${'['.repeat(3000)}${']'.repeat(3000)}}`;
      const r = await refused(() => raw('POST', hoursPath, deep, json));
      expect(r.body).toMatchObject({ statusCode: 400, code: 'JSON_TOO_DEEP', field: 'x' });
      expect(r.body.message).toContain('32');
    });

    it('50,000 levels, as deep as 100 kB allows, are refused just as fast', async () => {
      const deep = `{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
      const r = await refused(() => raw('POST', hoursPath, deep, json));
      expect(r.body).toMatchObject({ statusCode: 400, code: 'JSON_TOO_DEEP', field: 'x' });
    });

    it('32 levels are still accepted by the parser (validation then judges the fields)', async () => {
      const nested = `{"month":"2026-04","hours":1,"source":"PAYSLIP","x":${'['.repeat(31)}${']'.repeat(31)}}`;
      const r = await refused(() => raw('POST', hoursPath, nested, json));
      expect(r.body.problems).toEqual([expect.objectContaining({ field: 'x', rule: 'whitelistValidation' })]);
    });

    it.each([
      ['__proto__', '{"month":"2026-04","hours":1,"source":"PAYSLIP","__proto__":{"polluted":true}}', '__proto__'],
      ['constructor', '{"month":"2026-04","hours":1,"source":"PAYSLIP","constructor":{"prototype":{"polluted":true}}}', 'constructor'],
      ['a nested __proto__', `{"qualitative":{"summary":"s","writtenBy":"w","__proto__":{"polluted":true}}}`, 'qualitative.__proto__'],
      ['prototype in a list', `{"qualitative":{"summary":"s","writtenBy":"w"},"x":[{"prototype":1}]}`, 'x[0].prototype'],
      // inherited by every DTO instance, so the whitelist takes them for declared fields
      ['toString', '{"month":"2026-04","hours":1,"source":"PAYSLIP","toString":{"polluted":true}}', 'toString'],
      ['hasOwnProperty', '{"month":"2026-04","hours":1,"source":"PAYSLIP","hasOwnProperty":{"polluted":true}}', 'hasOwnProperty'],
    ])('a %s key is a 400 naming it, and pollutes nothing', async (_name, body, field) => {
      const path = field.startsWith('qualitative') || field.startsWith('x[') ? `/markets/${marketId}/closure` : hoursPath;
      const r = await refused(() => raw('POST', path, body, json));
      expect(r.body.problems).toEqual([expect.objectContaining({ field, rule: 'forbiddenKey' })]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it.each([
      ['contactEmail', () => ({ ...story.market, marketId: 'mkt-surrogate', buyer: { ...story.market.buyer, contactEmail: 'a\uD800@b.fr' } }), 'buyer.contactEmail'],
      ['a title', () => ({ ...story.market, marketId: 'mkt-surrogate', title: 'Voirie \uDC00' }), 'title'],
    ])('a lone surrogate in %s is a 400 wellFormedText naming the field', async (_name, body, field) => {
      const r = await refused(() => raw('POST', '/markets', JSON.stringify(body()), json));
      expect(r.body.problems).toEqual([expect.objectContaining({ field, rule: 'wellFormedText' })]);
    });
  });

  describe('numbers', () => {
    it.each([
      ['1e-7 hours', 1e-7, 'hundredths'],
      ['0.1 + 0.2 hours (not exactly 0.3)', 0.1 + 0.2, 'hundredths'],
      ['1e308 hours', 1e308, 'max'],
      ['-0 hours', -0, 'isNumber'],
    ])('%s is a 400 naming hours and the rule', async (_name, hours, rule) => {
      const body = `{"month":"2026-04","hours":${Object.is(hours, -0) ? '-0' : String(hours)},"source":"PAYSLIP"}`;
      const r = await refused(() => raw('POST', hoursPath, body, json));
      expect(r.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'hours', rule })]));
    });

    it('NaN and Infinity, which JSON cannot carry, are malformed JSON', async () => {
      for (const hours of ['NaN', 'Infinity']) {
        const r = await refused(() => raw('POST', hoursPath, `{"month":"2026-04","hours":${hours},"source":"PAYSLIP"}`, json));
        expect(r.body.code).toBe('MALFORMED_JSON');
      }
    });

    it.each([
      ['a tiny labour share', { labourSharePercent: 1e-7 }, 'target.labourSharePercent', 'hundredths'],
      ['a labour share in exponent form with 3 decimals', { labourSharePercent: 5.1255e1 }, 'target.labourSharePercent', 'hundredths'],
      ['an hourly cost of 1e308', { hourlyCostCents: 1e308 }, 'target.hourlyCostCents', 'max'],
      ['an hourly cost of -0', { hourlyCostCents: -0 }, 'target.hourlyCostCents', 'isInt'],
    ])('%s is a 400 naming the field and the rule', async (_name, over, field, rule) => {
      const body = JSON.stringify({ ...story.clauseLot1, target: { ...story.clauseLot1.target, ...over } }).replace('"hourlyCostCents":0', '"hourlyCostCents":-0');
      const r = await refused(() => raw('PUT', `/markets/${marketId}/lots/lot-2/clause`, body, json));
      expect(r.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    });

    it('a lot estimated at 0 cents is a 400: a target is computed from the amount', async () => {
      const r = await refused(() => api.post('/markets', { ...story.market, marketId: 'mkt-zero', lots: [{ lotId: 'l1', title: 'Voirie', estimatedAmountCents: 0 }] }));
      expect(r.body.problems).toEqual([expect.objectContaining({ field: 'lots[0].estimatedAmountCents', rule: 'min' })]);
    });
  });

  describe('texts', () => {
    it.each([
      ['a whitespace-only title', { title: ' \t  ' }, 'title', 'notBlank'],
      ['a NUL in a title', { title: 'Voirie\u0000' }, 'title', 'plainText'],
      ['a line break in a title', { title: 'Voirie\nlot 2' }, 'title', 'plainText'],
      ['a bidi override in the buyer\'s name', { buyer: { ...story.market.buyer, name: 'Cotentin \u202EtatibaH' } }, 'buyer.name', 'plainText'],
      ['a bidi isolate in the territory', { territory: 'Cherbourg \u2066(50)\u2069' }, 'territory', 'plainText'],
      ['a C1 control in a lot title', { lots: [{ lotId: 'l1', title: 'Gros\u0085œuvre', estimatedAmountCents: 100 }] }, 'lots[0].title', 'plainText'],
    ])('%s is a 400 naming the field and the rule', async (_name, over, field, rule) => {
      const r = await refused(() => api.post('/markets', { ...story.market, marketId: 'mkt-text', ...over }));
      expect(r.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    });

    it('line breaks are fine in a long text such as the qualitative summary, but not a NUL', async () => {
      const r = await refused(() => api.post(`/markets/${marketId}/closure`, { qualitative: { summary: 'Bilan :\n- 5 bénéficiaires\u0000', writtenBy: 'C. Lefèvre' } }));
      expect(r.body.problems).toEqual([expect.objectContaining({ field: 'qualitative.summary', rule: 'plainText' })]);
    });

    it('a whitespace-only acknowledgement note and a bidi-override erasure reason are refused too', async () => {
      const note = await refused(() => api.post(`/markets/${marketId}/alerts/NO_PLACEMENT:lot-1/acknowledgement`, { acknowledgedBy: 'C. Lefèvre', note: '   ' }));
      expect(note.body.problems).toEqual([expect.objectContaining({ field: 'note', rule: 'notBlank' })]);
      const reason = await refused(() => api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/erasure`, { reason: '\u202E' }));
      expect(reason.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason', rule: 'plainText' })]));
    });
  });

  describe('dates', () => {
    it.each([
      ['year 9999', { executionEnd: '9999-12-31' }, 'executionEnd', 'dateRange'],
      ['before 2000', { executionStart: '1999-12-31' }, 'executionStart', 'dateRange'],
      ['February 30th', { executionStart: '2026-02-30' }, 'executionStart', 'isIsoDate'],
      ['month 13', { executionEnd: '2026-13-01' }, 'executionEnd', 'isIsoDate'],
    ])('a market date in %s is a 400 naming the field and the rule', async (_name, over, field, rule) => {
      const r = await refused(() => api.post('/markets', { ...story.market, marketId: 'mkt-dates', ...over }));
      expect(r.body.problems).toEqual([expect.objectContaining({ field, rule })]);
    });

    it('a birth date before 2000 is fine (people are older than markets), one before 1900 is not', async () => {
      const older = await api.post('/beneficiaries', { ...story.beneficiary, beneficiaryId: 'ben-older', birthDate: '1968-11-03' });
      expect(older.status).toBe(201);
      const r = await refused(() => api.post('/beneficiaries', { ...story.beneficiary, beneficiaryId: 'ben-ancient', birthDate: '1066-10-14' }));
      expect(r.body.problems).toEqual([expect.objectContaining({ field: 'birthDate', rule: 'dateRange' })]);
    });

    it('a month in year 9999 is a 400, in the body and in the path', async () => {
      const body = await refused(() => api.post(hoursPath, { ...declaration, month: '9999-01' }));
      expect(body.body.problems).toEqual([expect.objectContaining({ field: 'month', rule: 'dateRange' })]);
      const path = await refused(() => api.post(`${hoursPath}/9999-01/corrections`, { hours: 1, source: 'PAYSLIP', reason: 'x' }));
      expect(path.body.problems).toEqual([expect.objectContaining({ field: 'month', rule: 'dateRange' })]);
    });

    it('an impossible eligibility end date is a 400', async () => {
      const r = await refused(() => api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, { ...story.eligibility, validUntil: '2026-02-30' }));
      expect(r.body.problems).toEqual([expect.objectContaining({ field: 'validUntil', rule: 'isIsoDate' })]);
    });
  });

  describe('ids in paths', () => {
    it.each([
      ['an encoded ../', `/placements/${encodeURIComponent('../etc')}/hours`],
      ['an encoded NUL', '/placements/plc%00x/hours'],
      ['a 10 kB id', `/placements/${'a'.repeat(10_000)}/hours`],
    ])('%s is a 400 naming placementId', async (_name, path) => {
      const r = await refused(() => api.post(path, declaration));
      expect(r.status).toBe(400);
      expect(r.body.problems).toEqual([expect.objectContaining({ field: 'placementId', rule: 'format' })]);
    });

    it.each([
      ['a broken percent-encoding', '/placements/%E0%A4%A/hours'],
      ['a lone surrogate, percent-encoded', '/placements/%ED%A0%80/hours'],
    ])('%s is a 400 (the router cannot decode it into any parameter)', async (_name, path) => {
      const r = await refused(() => api.post(path, declaration));
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('decode');
    });
  });

  describe('the clock and the badge verification', () => {
    it('a tick before the clock\'s date is a 409 CLOCK_DATE_IN_PAST naming the clock\'s date', async () => {
      expect((await admin.post('/clock/ticks', { date: story.TODAY })).status).toBe(201);
      const r = await refused(() => admin.post('/clock/ticks', { date: '2026-06-01' }));
      expect(r.body).toMatchObject({ statusCode: 409, code: 'CLOCK_DATE_IN_PAST', field: 'date' });
      expect(r.body.message).toContain(story.TODAY);
    });

    it('verifying a badge creates nothing: 200, not 201', async () => {
      const before = await api.storeHead();
      const r = await api.post('/badges/verification', { credentialJwt: 'eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ valid: false });
      expect(await api.storeHead()).toBe(before);
    });
  });

  describe('every field of every command, given a hostile value', () => {
    const hostile: unknown[] = [
      null, {}, [], [{}], [[]], true, '', ' ', '\u0000', '\uD800', -1, 1e308, 1e-7, 0.1 + 0.2,
      JSON.parse('{"__proto__":{"polluted":true}}'), JSON.parse('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'),
    ];
    /** Every path to a value in a body: its fields, nested fields and list items. */
    const pathsOf = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      value !== null && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => [[...prefix, Array.isArray(value) ? Number(k) : k], ...pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k])])
        : [];
    const replaced = (body: unknown, path: (string | number)[], by: unknown): unknown => {
      const copy = structuredClone(body) as Record<string | number, unknown>;
      const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, copy);
      parent[path[path.length - 1]] = by;
      return copy;
    };
    const commands: [string, string, unknown][] = [
      ['POST', '/companies', { ...story.company, siret: '12345678901234' }],
      ['POST', '/markets', { ...story.market, marketId: 'mkt-sweep' }],
      ['PUT', `/markets/${marketId}/lots/lot-2/clause`, { ...story.clauseLot1, target: { mode: 'FIXED', hours: 100, basis: 'WHOLE_MARKET', note: 'n' } }],
      ['POST', `/markets/${marketId}/lots/lot-2/acceptance`, { companyId: story.company.siret, committedHours: 100 }],
      ['POST', `/markets/${marketId}/closure`, { qualitative: { summary: 's', difficulties: 'd', perspectives: 'p', writtenBy: 'w' }, earlyClosureReason: 'r' }],
      ['POST', '/beneficiaries', { ...story.beneficiary, beneficiaryId: 'ben-sweep' }],
      ['POST', `/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, { ...story.eligibility, validUntil: '2026-08-02', prescriberOpinion: { prescriber: 'p', summary: 's' } }],
      ['POST', '/placements', { ...story.placement, placementId: 'plc-sweep' }],
      ['POST', hoursPath, declaration],
      ['POST', `${hoursPath}/2026-03/corrections`, { hours: 1, source: 'PAYSLIP', reason: 'r' }],
      ['POST', `/placements/${placementId}/end`, { endDate: '2026-06-01', reason: 'END_OF_CONTRACT' }],
      ['POST', `/placements/${placementId}/follow-ups`, { milestone: 6, situation: 'CDI' }],
      ['POST', '/clock/ticks', { date: story.TODAY }],
      ['POST', `/markets/${marketId}/alerts/NO_PLACEMENT:lot-1/acknowledgement`, { acknowledgedBy: 'a', note: 'n' }],
      ['POST', `/markets/${marketId}/badges`, { recipient: 'COMPANY', companyId: story.company.siret }],
      ['POST', '/badges/b-1/revocation', { reason: 'r' }],
      ['POST', '/badges/verification', { credentialJwt: 'eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl' }],
    ];
    it.each(commands)('%s %s: never a 500, every refusal in the one shape and appending nothing', async (method, path, body) => {
      const variants = [...pathsOf(body).flatMap((field) => hostile.map((value) => replaced(body, field, value))), null, [], 'text', 42];
      for (const variant of variants) {
        const before = await api.storeHead();
        const reply = await raw(method, path, JSON.stringify(variant), json);
        const context = `${JSON.stringify(variant).slice(0, 200)} -> ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`;
        expect([context, reply.status < 500]).toEqual([context, true]);
        if (reply.status >= 400) {
          expect([context, reply.body.statusCode, typeof reply.body.code, typeof reply.body.message]).toEqual([context, reply.status, 'string', 'string']);
          expect([context, await api.storeHead()]).toEqual([context, before]);
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  it('hostile query strings on every query are 4xx in the one shape, never a 500', async () => {
    const queries = [
      `/markets/${marketId}/alerts?status=`, `/markets/${marketId}/tracking?at=`, '/markets?at=', `/markets/${marketId}/bilan?waitForPosition=`,
      '/key-figures?year=2018&department=', '/key-figures?facilitatorOrganisation=', '/key-figures?year=',
    ];
    const values = ['OPEN&status=RESOLVED', '2026-02-30', '9999-99-99', '%00', '%ED%A0%80', '%E0%A4%A', 'x'.repeat(10_000), '1/2&waitForPosition=3/4', '-1/-1', 'a/b', '50&department=51'];
    for (const query of queries) {
      for (const value of values) {
        const r = await api.get(`${query}${value}`);
        const context = `${query}${value.slice(0, 40)} -> ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
        expect([context, r.status < 500]).toEqual([context, true]);
        if (r.status >= 400) expect([context, typeof r.body.code]).toEqual([context, 'string']);
      }
    }
  });

  it('any other failure is a 500 in the one shape, with no stack trace or internals', async () => {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const original = store.readStream;
    store.readStream = async () => { throw new Error('SQLITE_CORRUPT: database disk image is malformed at /tmp/secret/events.db'); };
    try {
      const r = await api.get(`/placements/${placementId}`);
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ statusCode: 500, error: 'INTERNAL_SERVER_ERROR', code: 'INTERNAL_ERROR', message: expect.any(String) });
      expect(JSON.stringify(r.body)).not.toMatch(/SQLITE|secret|at \//);
    } finally {
      store.readStream = original;
    }
  });
});
