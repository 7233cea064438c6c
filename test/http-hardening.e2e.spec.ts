import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '@clause-ledger/event-store';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** What leaks in an error body when nobody looks: a stack, a file path, the store's SQL. */
function leaks(body: unknown): string[] {
  const text = JSON.stringify(body);
  return [/\bat \S+ \(/, /\.(ts|js):\d+/, /\/work\/|node_modules/, /SQLITE|sqlite|SELECT |INSERT |libsql/i].filter((p) => p.test(text)).map(String);
}

describe('HTTP hardening', () => {
  const dir = tempDir('hardening');
  let api: TestApi;
  const dataDir = join(dir.path, 'data');

  beforeAll(async () => {
    api = await TestApi.start({ dataDir, today: story.TODAY });
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('sends security headers (helmet) and says nothing about the server', async () => {
    const r = await api.get('/health');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(r.headers.get('strict-transport-security')).toContain('max-age=');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps CORS off unless CORS_ORIGINS is set', async () => {
    const preflight = await api.fetch('/markets', { method: 'OPTIONS', headers: { origin: 'https://app.example.fr', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('creates the data directory 0700 and every database, WAL and key file 0600', async () => {
    await api.post('/companies', story.company);
    expect(modeOf(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir).filter((f) => /\.db(-wal|-shm)?$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['events.db', 'events.db-wal', 'read-models.db', 'notifications.db']));
    expect(files.map((f) => [f, modeOf(join(dataDir, f)).toString(8)])).toEqual(files.map((f) => [f, '600']));
    const keys = readdirSync(join(dataDir, 'keys'));
    expect(keys.map((f) => modeOf(join(dataDir, 'keys', f)).toString(8))).toEqual(keys.map(() => '600'));
  });

  it('never puts a stack trace, a file path or SQL in an error body', async () => {
    const bodies = [
      (await api.request('POST', '/markets', '{"title": "unterminated', {})).body,
      (await api.request('POST', '/markets', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })).body,
      (await api.get('/no/such/route')).body,
      (await api.get('/markets/%E0%A4%A/tracking')).body,
      (await api.withToken('eyJhbGciOiJIUzI1NiJ9.e30.x').get('/markets')).body,
    ];
    for (const body of bodies) expect({ body, leaks: leaks(body) }).toEqual({ body, leaks: [] });
  });

  it('answers a failing store with a plain 5xx: no stack, no SQL', async () => {
    const local = tempDir('hardening-store');
    const broken = await TestApi.start({ dataDir: local.path, today: story.TODAY });
    try {
      await broken.app.get<EventStore>(EVENT_STORE).close();
      const r = await broken.post('/companies', story.siaeCompany);
      expect(r.status).toBeGreaterThanOrEqual(500);
      expect(r.body.code).toMatch(/^(INTERNAL_ERROR|EVENT_STORE_UNAVAILABLE)$/);
      expect(leaks(r.body)).toEqual([]);
    } finally {
      await broken.close().catch(() => undefined);
      local.remove();
    }
  });
});

describe('HTTP hardening, configured', () => {
  const dir = tempDir('hardening-configured');
  let api: TestApi;

  beforeAll(async () => {
    // an events.db left 0644 by an earlier version is tightened when opened
    mkdirSync(dir.path, { recursive: true });
    closeSync(openSync(join(dir.path, 'events.db'), 'w', 0o644));
    chmodSync(join(dir.path, 'events.db'), 0o644);
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY, env: { CORS_ORIGINS: 'https://app.example.fr', RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('tightens an existing database file to 0600', () => {
    expect(modeOf(join(dir.path, 'events.db'))).toBe(0o600);
  });

  it('allows the configured origins only', async () => {
    const preflight = (origin: string) => api.fetch('/markets', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight('https://app.example.fr');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.fr');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits the requests of one client per minute (429 with Retry-After), signed in or not', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await api.get('/markets');
      statuses.push(last.status);
    }
    // CORS preflights are answered by the middleware before any guard: they are not counted
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await (await api.as('anonymous')).get('/markets')).status).toBe(429);
    // behind the (loopback) proxy, another client has its own allowance
    expect((await api.request('GET', '/markets', undefined, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
  });
});
