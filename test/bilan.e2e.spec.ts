import { join } from 'node:path';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, bilanProjection } from '@clause-ledger/projections';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { pdfText } from './support/pdf-text';
import { TestApi, tempDir } from './support/test-api';
import { ok, lastPosition } from './support/ok';
import * as story from './support/market-story';

/** A market followed to its closure, its bilan traced back to the events, as JSON, CSV and PDF. */
describe('the bilan of a closed market', () => {
  const dir = tempDir('bilan');
  let api: TestApi;
  const { marketId } = story.market;
  const karim = { beneficiaryId: 'ben-karim', firstName: 'Karim', lastName: 'B.', birthDate: '1984-09-30', sex: 'M', postcode: '50100', qpvResident: false, qualificationLevel: '3' };


  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await ok(api.post('/companies', story.company));
    await ok(api.post('/companies', story.siaeCompany));
    await ok(api.post('/markets', story.market));
    await ok(api.put(`/markets/${marketId}/lots/lot-1/clause`, story.clauseLot1));
    await ok(api.put(`/markets/${marketId}/lots/lot-2/clause`, { clauseTypes: ['RESERVED_SIAE'], target: { mode: 'FIXED', hours: 200, basis: 'WHOLE_MARKET' }, penaltyPerMissingHourCents: 0 }));
    await ok(api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 }));
    await ok(api.post(`/markets/${marketId}/lots/lot-2/acceptance`, { companyId: story.siaeCompany.siret, committedHours: 200 }));
    await ok(api.post('/beneficiaries', story.beneficiary));
    await ok(api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility));
    await ok(api.post('/beneficiaries', karim));
    await ok(api.post(`/beneficiaries/${karim.beneficiaryId}/eligibilities`, { criteria: ['RSA'], validatedOn: '2026-02-10', validatedBy: 'C. Lefèvre', proofKinds: ['CAF_CERTIFICATE'] }));
    await ok(api.post('/placements', story.placement));
    await ok(api.post('/placements', { ...story.placement, placementId: 'plc-karim-lot2', lotId: 'lot-2', companyId: story.siaeCompany.siret, beneficiaryId: karim.beneficiaryId, modality: 'SIAE_COCONTRACT', contractType: 'FIXED_TERM_I', plannedEndDate: '2026-05-29' }));
    for (const month of story.monthlyHours) await ok(api.post(`/placements/${story.placement.placementId}/hours`, month));
    await ok(api.post(`/placements/${story.placement.placementId}/hours/2026-04/corrections`, { hours: 150, source: 'PAYSLIP', reason: 'bulletin rectificatif' }));
    for (const [month, hours] of [['2026-03', 100], ['2026-04', 80], ['2026-05', 20]] as const) {
      await ok(api.post('/placements/plc-karim-lot2/hours', { month, hours, source: 'STRUCTURE_STATEMENT' }));
    }
    await ok(api.post('/placements/plc-karim-lot2/end', { endDate: '2026-05-29', reason: 'CONTRACT_COMPLETED' }));
    // six months later: the follow-up, then the market's early closure and its bilan
    await api.close();
    api = await TestApi.start({ dataDir: dir.path, today: '2026-12-01' });
    await ok(api.post('/placements/plc-karim-lot2/follow-ups', { milestone: 6, situation: 'PERMANENT_CONTRACT' }));
    await ok(api.post(`/markets/${marketId}/closure`, {
      earlyClosureReason: 'résiliation pour motif d\'intérêt général au 30 novembre 2026',
      qualitative: { summary: 'Deux parcours, dont un CDI à six mois.', difficulties: 'Recrutements tardifs sur le gros œuvre.', writtenBy: 'C. Lefèvre, MEF du Cotentin' },
    }));
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  const bilan = async () => (await api.get(`/markets/${marketId}/bilan?waitForPosition=${lastPosition()}`)).body;

  it('gives target, done, completion, FTE, missing hours and penalty per lot and in total', async () => {
    const b = await bilan();
    expect(b.status).toBe('FINAL');
    expect(b.lots.map((l: any) => [l.lotId, l.target.value, l.hoursDone.value, l.completionPercent, l.fte, l.missingHours, l.penaltyCents, l.company.name])).toEqual([
      ['lot-1', 833, 410.5, 49.3, 0.26, 422.5, 1_267_500, story.company.name],
      ['lot-2', 200, 200, 100, 0.12, 0, 0, story.siaeCompany.name],
    ]);
    expect(b.totals).toMatchObject({ targetHours: { value: 1033 }, hoursDone: { value: 610.5 }, completionPercent: 59.1, fte: 0.38, missingHours: 422.5, penaltyCents: 1_267_500 });
    expect(b.lots[0].target.computation).toMatchObject({ mode: 'COMPUTED', estimatedAmountCents: 100_000_000, labourSharePercent: 50, insertionRatePercent: 5, hourlyCostCents: 3000 });
  });

  it('describes who benefited without naming anyone, and how they left', async () => {
    const b = await bilan();
    const v = (f: { value: number }) => f.value;
    expect([v(b.beneficiaries.beneficiaries), v(b.beneficiaries.women), v(b.beneficiaries.under26), v(b.beneficiaries.from26to49), v(b.beneficiaries.rsa), v(b.beneficiaries.qpv), v(b.beneficiaries.withoutQualification)]).toEqual([2, 1, 1, 1, 1, 1, 1]);
    expect(Object.fromEntries(Object.entries(b.contractTypes).map(([k, c]: [string, any]) => [k, [c.placements.value, c.hours.value]]))).toEqual({ FIXED_TERM: [1, 410.5], FIXED_TERM_I: [1, 200] });
    expect([v(b.exits.sixMonths.recorded), v(b.exits.sixMonths.durableEmployment), v(b.exits.sixMonths.dynamicExits), v(b.exits.twelveMonths.recorded)]).toEqual([1, 1, 1, 0]);
    expect(b.closure.qualitative.summary).toBe('Deux parcours, dont un CDI à six mois.');
    expect(JSON.stringify(b)).not.toMatch(/Amina|Diallo|Karim/);
  });

  it('every hours figure is the sum of the events it lists, found in the log', async () => {
    const b = await bilan();
    await api.close();
    const store = await SqliteEventStore.open(join(dir.path, 'events.db'));
    const log = new Map((await store.readAll({ maxCount: 10_000 })).map((e) => [e.id, e]));
    const ids: string[] = b.lots[0].hoursDone.eventIds;
    const events = ids.map((id) => log.get(id)!);
    expect(events.map((e) => e.type).sort()).toEqual(['HoursCorrected', 'HoursDeclared', 'HoursDeclared', 'HoursDeclared']);
    // the latest figure per month, in hundredths
    const latest = new Map<string, number>();
    for (const e of [...events].sort((x, y) => Number(x.position.commit - y.position.commit))) latest.set((e.data as any).month, Math.round((e.data as any).hours * 100));
    expect([...latest.values()].reduce((a, c) => a + c, 0) / 100).toBe(b.lots[0].hoursDone.value);
    // a rebuild from zero gives the same bilan documents
    const live = ReadModelStore.open(join(dir.path, 'read-models.db'));
    const rebuilt = ReadModelStore.open(':memory:');
    await new ProjectionRunner(store, rebuilt, bilanProjection).rebuild();
    expect(rebuilt.list('bilans')).toEqual(live.list('bilans'));
    live.close();
    rebuilt.close();
    await store.close();
    api = await TestApi.start({ dataDir: dir.path, today: '2026-12-01' });
  });

  it('exports the figures as CSV with their event ids', async () => {
    const r = await api.fetch(`/markets/${marketId}/bilan.csv`);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: French spreadsheets read it as UTF-8
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('figure;value;event_ids\n')).toBe(true);
    const line = csv.split('\n').find((l) => l.startsWith('lots[lot-1].hoursDone;'))!;
    expect(line.split(';')[1]).toBe('410.5');
    expect(line.split(';')[2].split(' ')).toHaveLength(4);
  });

  it('renders a French PDF for the buyer', async () => {
    const response = await api.fetch(`/markets/${marketId}/bilan.pdf`);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { text, totalPages } = pdfText(bytes);
    expect(totalPages).toBeGreaterThanOrEqual(1);
    expect(text).toContain('Bilan de la clause sociale');
    expect(text).toContain('Bilan final — marché clos le 1er décembre 2026');
    expect(text).toMatch(/lot-1 Gros œuvre[\s\S]*833 h[\s\S]*410,5 h[\s\S]*49,3 %/);
    expect(text).toContain('12 675 €');
    expect(text).toContain('Deux parcours, dont un CDI à six mois.');
  });

  it('a closed market takes no more hours, and a second closure is a 409', async () => {
    const hours = await api.post(`/placements/${story.placement.placementId}/hours`, { month: '2026-06', hours: 10, source: 'PAYSLIP' });
    expect(hours.body).toMatchObject({ statusCode: 422, code: 'MARKET_CLOSED' });
    const again = await api.post(`/markets/${marketId}/closure`, { qualitative: { summary: 'x', writtenBy: 'y' } });
    expect(again.body).toMatchObject({ statusCode: 409, code: 'MARKET_ALREADY_CLOSED' });
  });

  it('is read-model backed and answers 404 for an unknown market', async () => {
    expect((await api.get('/markets/nope/bilan')).status).toBe(404);
    expect(api.app.get(ProjectionsService).bilans.status().state).toBe('live');
  });
});
