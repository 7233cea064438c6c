import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

const ROOT = join(__dirname, '..');
type Listed = { code: string; area: string; status: number | null; meaning: string };

/** The codes refusals are made with, in the domain and in the API (the command executor), and where. */
function refusalCodesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of ['libs/domain/src', 'apps/api/src']) {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) continue;
      const file = join(entry.parentPath, entry.name);
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:notFound|conflict|ruleBroken|gone)\(\s*'([A-Z_]+)'/g)) found.set(match[1], relative(ROOT, file));
    }
  }
  return found;
}

describe('the error catalogue, as a client lists it', () => {
  const dir = tempDir('errors');
  let api: TestApi;
  let listed: Listed[];

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    listed = (await api.get('/errors')).body;
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('serves every code once, with its area, HTTP status and meaning', () => {
    expect(listed.length).toBeGreaterThan(70);
    const codes = listed.map((e) => e.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
    expect(listed).toEqual(expect.arrayContaining([
      { code: 'CLAUSE_ALREADY_ACCEPTED', area: 'markets', status: 409, meaning: expect.any(String) },
      { code: 'MARKET_NOT_FOUND', area: 'markets', status: 404, meaning: expect.any(String) },
      { code: 'TICK_IN_FUTURE', area: 'alerts', status: 422, meaning: expect.any(String) },
      { code: 'INVALID_INPUT', area: 'api', status: 400, meaning: expect.any(String) },
      { code: 'HTTP_ERROR', area: 'api', status: null, meaning: expect.any(String) },
    ]));
  });

  it('lists exactly the codes refusals are made with, and the codes the error filter answers with: none missing, none dead', () => {
    const thrown = refusalCodesInSources();
    const domain = listed.filter((e) => e.area !== 'api').map((e) => e.code);
    expect([...thrown].filter(([code]) => !domain.includes(code)).map(([code, file]) => `${code} (${file})`)).toEqual([]);
    expect(domain.filter((code) => !thrown.has(code))).toEqual([]);
    // the API's own codes are answered by the error filter and the body parsing, both in apps/api/src/http
    const http = readdirSync(join(ROOT, 'apps/api/src/http')).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(ROOT, 'apps/api/src/http', f), 'utf8')).join('\n');
    expect(listed.filter((e) => e.area === 'api' && !http.includes(`'${e.code}'`)).map((e) => e.code)).toEqual([]);
  });

  it('gives the status the API really answers each code with', async () => {
    await api.post('/companies', story.company);
    const answers = [
      await api.post('/companies', {}),
      await api.get('/no-such-route'),
      await api.post('/companies', story.company),
      await api.post('/markets/mkt-none/badges', { recipient: 'BUYER' }),
      await (await api.as({ role: 'ADMIN' })).post('/clock/ticks', { date: '2026-06-16' }),
    ];
    const seen = answers.map((r) => ({ code: r.body.code, status: r.status }));
    expect(seen.map((s) => s.code)).toEqual(['INVALID_INPUT', 'NOT_FOUND', 'COMPANY_ALREADY_REGISTERED', 'MARKET_NOT_FOUND', 'TICK_IN_FUTURE']);
    for (const answer of seen) expect(listed.find((e) => e.code === answer.code)?.status).toBe(answer.status);
  });

  it('is described in the OpenAPI document', async () => {
    const openApi = (await api.get('/docs-json')).body;
    expect(openApi.paths['/errors'].get.summary).toMatch(/error code/);
    expect(openApi.info.description).toContain('GET /errors');
  });
});
