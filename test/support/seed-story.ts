import { ok } from './ok';
import * as story from './market-story';
import { TestApi, tempDir } from './test-api';

/** What seedMarketStory needs of a client: TestApi, or any client of an API in another process. */
export interface StoryClient {
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
  put(path: string, body: unknown): Promise<{ status: number; body: any }>;
}

/** A suite's API on a data directory of its own, told the market story before its tests; closed and the directory removed after. */
export interface StorySuite {
  api: TestApi;
  readonly dir: { readonly path: string; remove(): void };
  /** Starts the API on the same data directory (after `api.close()`), as `api`. */
  restart(): Promise<TestApi>;
}

export function suiteWithMarketStory(name: string): StorySuite {
  const suite: StorySuite = {
    api: undefined as never,
    dir: tempDir(name),
    restart: async () => (suite.api = await TestApi.start({ dataDir: suite.dir.path, today: story.TODAY })),
  };
  beforeAll(async () => {
    await seedMarketStory(await suite.restart());
  });
  afterAll(async () => {
    await suite.api?.close();
    suite.dir.remove();
  });
  return suite;
}

/**
 * Through the API: the company, the market with lot 1's clause accepted, the eligible beneficiary placed on lot 1
 * and her first month of hours (story.monthlyHours[0]). Fails the test on any answer that is not a 2xx.
 */
export async function seedMarketStory(api: StoryClient): Promise<void> {
  const { marketId } = story.market;
  await ok(api.post('/companies', story.company));
  await ok(api.post('/markets', story.market));
  await ok(api.put(`/markets/${marketId}/lots/lot-1/clause`, story.clauseLot1));
  await ok(api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 }));
  await ok(api.post('/beneficiaries', story.beneficiary));
  await ok(api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility));
  await ok(api.post('/placements', story.placement));
  await ok(api.post(`/placements/${story.placement.placementId}/hours`, story.monthlyHours[0]));
}
