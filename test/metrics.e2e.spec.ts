import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/** One sample of the Prometheus text: the value of `name{labels}` (labels in any order), undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics (Prometheus)', () => {
  const dir = tempDir('metrics');
  let api: TestApi;
  let admin: TestApi;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    admin = await api.as({ role: 'ADMIN' });
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  const scrape = async () => {
    const reply = await admin.get<string>('/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/plain');
    return reply.body;
  };

  it('is for ADMIN tokens only', async () => {
    expect((await api.get('/metrics')).status).toBe(403);
    expect((await (await api.as('anonymous')).get('/metrics')).status).toBe(401);
  });

  it('counts and times commands per type and outcome', async () => {
    const before = await scrape();
    const appended = { command_type: 'RegisterCompany', outcome: 'appended' };
    expect(sample(before, 'clause_ledger_commands_total', appended) ?? 0).toBe(0);
    expect((await api.post('/companies', story.company)).status).toBe(201);
    expect((await api.post('/companies', story.company)).status).toBe(409);
    const after = await scrape();
    expect(sample(after, 'clause_ledger_commands_total', appended)).toBe(1);
    expect(sample(after, 'clause_ledger_commands_total', { command_type: 'RegisterCompany', outcome: 'refused' })).toBe(1);
    expect(sample(after, 'clause_ledger_command_duration_seconds_count', appended)).toBe(1);
    expect(sample(after, 'clause_ledger_command_duration_seconds_sum', appended)).toBeGreaterThan(0);
  });

  it('shows each read model\'s lag, the Kafka outbox and the event-loop delay', async () => {
    const text = await scrape();
    for (const projection of ['execution-tracking', 'alerts']) {
      expect(sample(text, 'clause_ledger_projection_lag_positions', { projection })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'clause_ledger_projection_lag_seconds', { projection })).toBeGreaterThanOrEqual(0);
    }
    expect(sample(text, 'clause_ledger_kafka_outbox_messages')).toBe(0);
    expect(sample(text, 'clause_ledger_event_loop_delay_seconds', { quantile: '0.99' })).toBeGreaterThan(0);
  });
});
