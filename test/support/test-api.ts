import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { startApp } from '../../apps/api/src/bootstrap';
import { AppConfig, loadConfig } from '../../apps/api/src/config/app-config';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { EventStore, positionToString } from '@clause-ledger/event-store';

export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** The real API on the real embedded store in a temp dir, over real HTTP on 127.0.0.1. */
export class TestApi {
  private constructor(readonly app: INestApplication, readonly url: string, readonly config: AppConfig) {}

  static async start(options: { dataDir: string; today?: string; env?: Record<string, string> }): Promise<TestApi> {
    const config = loadConfig({
      HOST: '127.0.0.1', PORT: '0', DATA_DIR: options.dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...(options.today ? { FIXED_TODAY: options.today } : {}),
      ...options.env,
    });
    const app = await startApp(config);
    return new TestApi(app, (await app.getUrl()).replace('[::1]', '127.0.0.1'), config);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
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

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `clause-ledger-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The reply's body, once its status is the one expected (the body is shown when it is not). */
export async function ok<T = any>(reply: Promise<Reply<T>>, status = 201): Promise<T> {
  const r = await reply;
  expect({ status: r.status, body: r.body }).toEqual({ status, body: expect.anything() });
  return r.body;
}
