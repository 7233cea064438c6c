import { TestApi, tempDir } from './support/test-api';

/**
 * MEF du Cotentin, "les chiffres clés en 2018": 146 beneficiaries did 28,900 insertion hours; a
 * quarter under 26 / without qualification; 45 % RSA; 30 markets followed, 55 % of them works,
 * for 14 buyers; 29 companies engaged, nearly half of them local. A dataset built to match is
 * loaded through the commands, and the key-figures report must give these figures back.
 */
describe('yearly key figures of a facilitator organisation', () => {
  const dir = tempDir('key-figures');
  let api: TestApi;
  const ORG = 'MEF du Cotentin';

  const siret = (i: number) => {
    const base = `8${String(10000000 + i * 7919).slice(0, 8)}0001`;
    for (let d = 0; d < 10; d++) if (luhn(base + d)) return base + d;
    throw new Error('no check digit');
  };
  const kinds = [...Array(17).fill('WORKS'), ...Array(7).fill('SERVICES'), ...Array(4).fill('SUPPLIES'), ...Array(2).fill('INTELLECTUAL_SERVICES')];

  async function send(method: 'POST' | 'PUT', path: string, body: unknown) {
    const r = await api.request(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: '2019-03-01' });
    // 29 companies, 14 of them in the Manche (50)
    for (let c = 0; c < 29; c++) await send('POST', '/companies', { siret: siret(c), name: `Entreprise ${c}`, postcode: c < 14 ? '50100' : '14000', kind: c % 5 === 0 ? 'EI' : 'ORDINARY' });
    // 30 markets for 14 buyers, plus one of another organisation and one not executed in 2018
    const markets = [...Array(30).keys()].map((m) => ({
      marketId: `m-${m}`, org: ORG, kind: kinds[m], buyer: `Acheteur ${m % 14}`,
      start: m < 5 ? '2017-09-04' : '2018-01-08', end: m < 5 ? '2018-06-29' : '2018-12-21', company: siret(m % 29),
    }));
    markets.push({ marketId: 'm-other-org', org: 'Département de la Manche', kind: 'WORKS', buyer: 'Autre', start: '2018-01-08', end: '2018-12-21', company: siret(0) });
    markets.push({ marketId: 'm-2019', org: ORG, kind: 'WORKS', buyer: 'Acheteur 99', start: '2019-01-07', end: '2019-12-20', company: siret(0) });
    for (const m of markets) {
      await send('POST', '/markets', {
        marketId: m.marketId, title: `Marché ${m.marketId}`, kind: m.kind, buyer: { name: m.buyer, kind: 'COMMUNE' }, territory: 'Cotentin', department: '50',
        facilitatorOrganisation: m.org, executionStart: m.start, executionEnd: m.end, lots: [{ lotId: 'lot-1', title: 'Lot unique', estimatedAmountCents: 10_000_000 }],
      });
      await send('PUT', `/markets/${m.marketId}/lots/lot-1/clause`, { clauseTypes: ['EXECUTION'], target: { mode: 'FIXED', hours: 1000, basis: 'WHOLE_MARKET' }, penaltyPerMissingHourCents: 0 });
      await send('POST', `/markets/${m.marketId}/lots/lot-1/acceptance`, { companyId: m.company, committedHours: 1000 });
    }
    // 146 beneficiaries: 20 under 26, 17 more without qualification, 66 on RSA, 60 women
    for (let b = 0; b < 146; b++) {
      const id = `b-${b}`;
      const under26 = b < 20;
      const noQualification = b >= 20 && b < 37;
      const rsa = b >= 40 && b < 106;
      await send('POST', '/beneficiaries', {
        beneficiaryId: id, firstName: 'P', lastName: `${b}`, birthDate: under26 ? '2000-05-10' : '1985-05-10', sex: b % 146 < 60 ? 'F' : 'M',
        postcode: '50100', qpvResident: b % 3 === 0, qualificationLevel: noQualification ? 'NONE' : under26 ? '3' : '4',
      });
      await send('POST', `/beneficiaries/${id}/eligibilities`, {
        criteria: under26 ? ['JEUNE'] : rsa ? ['RSA'] : noQualification ? ['CAP_BEP', 'DELD'] : ['DELD'],
        validatedOn: '2018-02-15', validatedBy: 'facilitatrice', proofKinds: ['FRANCE_TRAVAIL_CERTIFICATE'],
      });
      const marketId = `m-${b % 30}`;
      await send('POST', '/placements', { placementId: `p-${b}`, marketId, lotId: 'lot-1', companyId: siret((b % 30) % 29), beneficiaryId: id, modality: 'DIRECT_HIRE', contractType: b % 4 === 0 ? 'FIXED_TERM_I' : 'FIXED_TERM', startDate: '2018-03-01', plannedEndDate: '2018-06-29' });
      // 144 people × 2 × 99 h + 2 people × 2 × 97 h = 28,900 h
      for (const month of ['2018-03', '2018-04']) await send('POST', `/placements/p-${b}/hours`, { month, hours: b < 144 ? 99 : 97, source: 'PAYSLIP' });
    }
    // hours of another organisation's market and of 2019 must not count
    await send('POST', '/beneficiaries', { beneficiaryId: 'b-other', firstName: 'Q', lastName: 'R', birthDate: '1980-01-01', sex: 'M', postcode: '50100', qpvResident: false, qualificationLevel: '4' });
    await send('POST', '/beneficiaries/b-other/eligibilities', { criteria: ['RSA'], validatedOn: '2018-02-15', validUntil: '2019-12-31', validatedBy: 'f', proofKinds: ['CAF_CERTIFICATE'] });
    await send('POST', '/placements', { placementId: 'p-other', marketId: 'm-other-org', lotId: 'lot-1', companyId: siret(0), beneficiaryId: 'b-other', modality: 'DIRECT_HIRE', contractType: 'PERMANENT', startDate: '2018-03-01', plannedEndDate: '2018-12-21' });
    await send('POST', '/placements/p-other/hours', { month: '2018-03', hours: 150, source: 'PAYSLIP' });
    await send('POST', '/placements', { placementId: 'p-2019', marketId: 'm-2019', lotId: 'lot-1', companyId: siret(0), beneficiaryId: 'b-other', modality: 'DIRECT_HIRE', contractType: 'PERMANENT', startDate: '2019-01-07', plannedEndDate: '2019-12-20' });
    const last = await send('POST', '/placements/p-2019/hours', { month: '2019-01', hours: 150, source: 'PAYSLIP' });
    await api.get(`/markets/m-2019/bilan?waitForPosition=${last.position}`);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('gives back the 2018 key figures of the MEF du Cotentin', async () => {
    const { status, body: k } = await api.get(`/key-figures?year=2018&facilitatorOrganisation=${encodeURIComponent(ORG)}&department=50`);
    expect(status).toBe(200);
    expect({
      beneficiaries: k.beneficiaries.value,
      insertionHours: k.insertionHours.value,
      shareUnder26OrWithoutQualificationPercent: k.shareUnder26OrWithoutQualificationPercent,
      shareRsaPercent: k.shareRsaPercent,
      marketsFollowed: k.marketsFollowed.value,
      shareWorksMarketsPercent: k.shareWorksMarketsPercent,
      buyersSupported: k.buyersSupported.value,
      companiesEngaged: k.companiesEngaged.value,
      localCompanies: k.localCompanies.value,
      shareLocalCompaniesPercent: k.shareLocalCompaniesPercent,
    }).toEqual({
      beneficiaries: 146,
      insertionHours: 28_900,
      shareUnder26OrWithoutQualificationPercent: 25.3, // "un quart"
      shareRsaPercent: 45.2, // "45 %"
      marketsFollowed: 30,
      shareWorksMarketsPercent: 56.7, // 17 of 30; the source rounds it to "55 %"
      buyersSupported: 14,
      companiesEngaged: 29,
      localCompanies: 14,
      shareLocalCompaniesPercent: 48.3, // "près de la moitié"
    });
    expect([k.shareUnder26Percent, k.shareWithoutQualificationPercent, k.shareWomenPercent, k.shareQpvPercent, k.fte]).toEqual([13.7, 11.6, 41.1, 33.6, 17.98]);
    expect(k.insertionHours.eventIds).toHaveLength(292);
  });

  it('answers 400 for a malformed year or département', async () => {
    expect((await api.get('/key-figures?year=18')).body).toMatchObject({ statusCode: 400, problems: [expect.objectContaining({ field: 'year' })] });
    expect((await api.get('/key-figures?year=2018&department=20')).body).toMatchObject({ statusCode: 400, problems: [expect.objectContaining({ field: 'department' })] });
  });
});

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
