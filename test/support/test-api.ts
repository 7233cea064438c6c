import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { startApp } from '../../apps/api/src/bootstrap';
import { AppConfig, loadConfig } from '../../apps/api/src/config/app-config';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { EventStore, positionToString } from '@clause-ledger/event-store';
import { Role } from '../../apps/api/src/auth/actor';
import { mintLocalToken } from '../../apps/api/src/auth/local-issuer';

export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Who a request is sent as: a role in an organisation (a token from the embedded issuer), or nobody. */
export type Signer = { role: Role; organisation?: string; user?: string } | 'anonymous';

/** The facilitator the stories are told by (MEF du Cotentin's organisation). */
export const FACILITATOR = { role: 'FACILITATOR', organisation: 'mef-cotentin', user: 'c.lefevre' } as const;

/**
 * The real API on the real embedded store in a temp dir, over real HTTP on 127.0.0.1. Requests are
 * signed as the facilitator unless `as(...)` says otherwise.
 */
export class TestApi {
  private constructor(readonly app: INestApplication, readonly url: string, readonly config: AppConfig, private readonly token?: string) {}

  static async start(options: { dataDir: string; today?: string; env?: Record<string, string> }): Promise<TestApi> {
    const config = loadConfig({
      // the rate limit has its own test (http-hardening); elsewhere a suite's request count is not a client's abuse
      HOST: '127.0.0.1', PORT: '0', DATA_DIR: options.dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', RATE_LIMIT_PER_MINUTE: '0',
      ...(options.today ? { FIXED_TODAY: options.today } : {}),
      ...options.env,
    });
    const app = await startApp(config);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new TestApi(app, url, config, await tokenFor(config.dataDir, FACILITATOR));
  }

  /** The same API, with requests signed as someone else (or not signed at all). */
  async as(signer: Signer): Promise<TestApi> {
    return new TestApi(this.app, this.url, this.config, signer === 'anonymous' ? undefined : await tokenFor(this.config.dataDir, signer));
  }

  /** The Authorization header requests are signed with (none when anonymous), for clients of their own. */
  authorization(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** The same API with a given Authorization token (a forged or expired one, say). */
  withToken(token: string): TestApi {
    return new TestApi(this.app, this.url, this.config, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await this.fetch(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    return { status: response.status, body: text && json ? JSON.parse(text) : text || undefined, headers: response.headers };
  }

  /** A plain fetch, signed like every other request (for binary answers: CSV, PDF). */
  fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { ...init, headers: { ...this.authorization(), ...init.headers } });
  }

  post<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  /** The position of the last event in the store (to prove a refused request appended nothing). */
  async storeHead(): Promise<string> {
    return positionToString(await this.app.get<EventStore>(EVENT_STORE).headPosition());
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

export function tokenFor(dataDir: string, signer: Exclude<Signer, 'anonymous'>): Promise<string> {
  return mintLocalToken(dataDir, { role: signer.role, organisationId: signer.organisation ?? FACILITATOR.organisation, userId: signer.user ?? `${signer.role.toLowerCase()}-user` });
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `clause-ledger-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
