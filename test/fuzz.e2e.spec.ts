import { writeFileSync } from 'node:fs';
import { Pool } from 'undici';
import { errorShapeProblem } from './support/error-shape';
import { readEventLog } from './support/event-log';
import { MalformedRequest, MalformedRequests } from './support/fuzz/malformed-requests';
import { OpenApiDocument } from './support/fuzz/openapi-operations';
import { Random, fuzzSeed } from './support/fuzz/random';
import { seedMarketStory } from './support/seed-story';
import { TestApi, tempDir } from './support/test-api';
import * as story from './support/market-story';

/**
 * Malformed requests over every route, parameter and body field of the served OpenAPI document, against the real
 * HTTP app on a temp-dir store: no answer ≥ 500, every 4xx in the one error shape, nothing written by a refused
 * request. Seeded: FUZZ_SEED=<seed printed by a run> replays it. FUZZ_REQUESTS (default 20,000) and
 * FUZZ_TIME_LIMIT_S (default 240) bound it; FUZZ_REPORT=<file> writes what it found, grouped by route and cause.
 *
 * Red until the input-handling fixes of issue 9 (body-parser errors, nesting depth, required nested DTOs, CSV/PDF
 * errors as JSON) are merged: the assertions stay strict; skip the file meanwhile with
 * `--testPathIgnorePatterns fuzz`, never by loosening them.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_S ?? 240) * 1000;
const CONNECTIONS = 8;

interface Finding { route: string; cause: string; status: number; problem: string; example: MalformedRequest; answer: string }

describe('malformed requests over every route of the OpenAPI document', () => {
  const dir = tempDir('fuzz');
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await seedMarketStory(api);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it(`answers ${REQUESTS} of them with a 4xx in the one error shape, and writes nothing for them`, async () => {
    const seed = fuzzSeed();
    const docs = await api.request<OpenApiDocument>('GET', '/docs-json');
    expect(docs.status).toBe(200);
    const requests = new MalformedRequests(docs.body, {
      pathValues: {
        marketId: story.market.marketId, lotId: 'lot-1', companyId: story.company.siret, beneficiaryId: story.beneficiary.beneficiaryId,
        placementId: story.placement.placementId, month: story.monthlyHours[0].month, alertId: 'BEHIND_PRO_RATA:lot-1', badgeId: 'badge-unknown',
      },
      validBodies: {
        'POST /companies': story.company, 'POST /markets': story.market, 'PUT /markets/{marketId}/lots/{lotId}/clause': story.clauseLot1,
        'POST /markets/{marketId}/lots/{lotId}/acceptance': { companyId: story.company.siret, committedHours: 850 },
        'POST /beneficiaries': story.beneficiary, 'POST /beneficiaries/{beneficiaryId}/eligibilities': story.eligibility,
        'POST /placements': story.placement, 'POST /placements/{placementId}/hours': story.monthlyHours[1],
      },
    }, new Random(seed));
    const logBefore = (await readEventLog(dir.path)).length;

    // each route is fuzzed as a role it allows, so the requests reach validation instead of stopping at 403
    const admin = (await api.as({ role: 'ADMIN', organisation: 'clause-ledger-ops', user: 'ops' })).authorization();
    const signed = (route: string) => (/ \/(organisations|operations|clock)\b/.test(route) ? admin : api.authorization());
    const pool = new Pool(api.url, { connections: CONNECTIONS, pipelining: 1 });
    const started = Date.now();
    const findings: Finding[] = [];
    const refusedKeys = new Set<string>();
    const acceptedCommands: MalformedRequest[] = [];
    let sent = 0;
    let fiveHundreds = 0;
    let badShapes = 0;
    const worker = async () => {
      while (sent < REQUESTS && Date.now() - started < TIME_LIMIT_MS) {
        const request = requests.take(sent++);
        const { statusCode, headers, body } = await pool.request({ method: request.method as 'GET', path: request.path, headers: { ...signed(request.route), ...request.headers }, body: request.body });
        const text = await body.text();
        if (statusCode >= 200 && statusCode < 300) {
          if (requests.isCommand(request.route)) acceptedCommands.push(request);
          continue;
        }
        refusedKeys.add(request.headers['idempotency-key']);
        const problem = statusCode >= 500 ? `answered ${statusCode}` : statusCode >= 400 ? errorShapeProblem(statusCode, headers['content-type'] as string | undefined, text) : undefined;
        if (statusCode >= 500) fiveHundreds++;
        else if (problem) badShapes++;
        if (problem) findings.push({ route: request.route, cause: request.cause, status: statusCode, problem, example: request, answer: text.slice(0, 300) });
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    await pool.close();
    const seconds = Math.round((Date.now() - started) / 1000);

    const written = (await readEventLog(dir.path)).slice(logBefore);
    const writtenByRefused = written.filter((e) => !e.metadata.idempotencyKey || refusedKeys.has(String(e.metadata.idempotencyKey)));
    process.stdout.write(
      `fuzz: ${sent} requests over ${requests.routes.length} routes, ${fiveHundreds} 5xx, ${badShapes} bad shapes, ${writtenByRefused.length} events written by refused requests, ` +
      `${acceptedCommands.length} malformed commands accepted, seed ${seed}, ${seconds} s (replay: FUZZ_SEED=${seed})\n`,
    );
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, report(seed, sent, findings, acceptedCommands));
    const summary = summarise(findings);

    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    expect({ fiveHundreds, badShapes, summary }).toEqual({ fiveHundreds: 0, badShapes: 0, summary: [] });
    expect(writtenByRefused.map((e) => e.type)).toEqual([]);
  }, TIME_LIMIT_MS + 60_000);
});

/** One line per route and cause: how many, and the status and problem of the first. */
function summarise(findings: Finding[]): string[] {
  const groups = new Map<string, { count: number; first: Finding }>();
  for (const f of findings) {
    const key = `${f.route} | ${f.cause} | ${f.problem}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, first: f });
  }
  return [...groups].map(([key, g]) => `${key} (×${g.count})`).sort();
}

function report(seed: number, sent: number, findings: Finding[], accepted: MalformedRequest[]): string {
  const byRoute = new Map<string, Finding[]>();
  for (const f of findings) byRoute.set(f.route, [...(byRoute.get(f.route) ?? []), f]);
  const lines = [`# Fuzz findings (seed ${seed}, ${sent} requests, ${findings.length} answers ≥ 500 or in a bad shape)`, ''];
  for (const [route, list] of [...byRoute].sort()) {
    lines.push(`## ${route}`, '');
    const seen = new Set<string>();
    for (const f of list) {
      const key = `${f.cause} → ${f.problem}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const count = list.filter((o) => `${o.cause} → ${o.problem}` === key).length;
      const body = typeof f.example.body === 'string' ? f.example.body : f.example.body ? `<${f.example.body.length} bytes>` : '';
      lines.push(`- **${f.cause}** → ${f.problem} (×${count})`, `  - \`${f.example.method} ${f.example.path.slice(0, 200)}\` ${JSON.stringify(f.example.headers)}`, `  - body: \`${body.slice(0, 300)}\``, `  - answer: \`${f.answer}\``);
    }
    lines.push('');
  }
  if (accepted.length) {
    lines.push(`## Malformed commands answered 2xx (${accepted.length})`, '');
    const seen = new Set<string>();
    for (const a of accepted) {
      if (seen.has(`${a.route} ${a.cause}`)) continue;
      seen.add(`${a.route} ${a.cause}`);
      lines.push(`- ${a.route}: **${a.cause}** — \`${typeof a.body === 'string' ? a.body.slice(0, 200) : ''}\``);
    }
  }
  return `${lines.join('\n')}\n`;
}
