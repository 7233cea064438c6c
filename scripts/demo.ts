import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApp } from '../apps/api/src/bootstrap';
import { mintLocalToken } from '../apps/api/src/auth/local-issuer';
import { loadConfig } from '../apps/api/src/config/app-config';
import type { Alert, MarketBilan, MarketTrackingView } from '@clause-ledger/projections';

/**
 * Loads a realistic market history through the HTTP API, as a facilitator would, and prints the
 * execution tracking. "Today" is pinned to 2026-11-20 so that the figures are reproducible.
 */
const TODAY = '2026-11-20';
const companies = [
  { siret: '73282932000074', name: 'Bâtiments du Cotentin SAS', postcode: '50100', kind: 'ORDINARY' },
  { siret: '81234567800013', name: 'Peintures de la Hague', postcode: '50440', kind: 'ORDINARY' },
  { siret: '44306184100047', name: 'ACI La Glacerie Nature', postcode: '50470', kind: 'ACI' },
];
const market = {
  marketId: 'fourches-2026', reference: '2026-TRX-014', title: 'Réhabilitation de 120 logements, quartier des Fourches', kind: 'WORKS',
  buyer: { name: 'Cotentin Habitat', kind: 'SOCIAL_LANDLORD', contactEmail: 'marches@cotentin-habitat.example' },
  territory: 'Cherbourg-en-Cotentin (50)', department: '50', facilitatorOrganisation: 'MEF du Cotentin', executionStart: '2026-01-05', executionEnd: '2027-06-30',
  lots: [
    { lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 420_000_000 },
    { lotId: 'lot-2', title: 'Peinture intérieure', estimatedAmountCents: 24_000_000 },
    { lotId: 'lot-3', title: 'Espaces verts', estimatedAmountCents: 9_000_000 },
  ],
};
const clauses = [
  { lotId: 'lot-1', companyId: companies[0].siret, committed: 3500, body: { clauseTypes: ['EXECUTION'], target: { mode: 'COMPUTED', labourSharePercent: 50, insertionRatePercent: 5, hourlyCostCents: 3000 }, penaltyPerMissingHourCents: 3000 } },
  { lotId: 'lot-2', companyId: companies[1].siret, committed: 420, body: { clauseTypes: ['EXECUTION', 'AWARD_CRITERION'], target: { mode: 'COMPUTED', labourSharePercent: 70, insertionRatePercent: 7, hourlyCostCents: 2800 }, penaltyPerMissingHourCents: 2800 } },
  { lotId: 'lot-3', companyId: companies[2].siret, committed: 600, body: { clauseTypes: ['RESERVED_SIAE'], target: { mode: 'FIXED', hours: 600, basis: 'WHOLE_MARKET' }, penaltyPerMissingHourCents: 0 } },
];
const people = [
  { id: 'amina', firstName: 'Amina', lastName: 'D.', birthDate: '2003-04-12', sex: 'F', qpv: true, level: 'NONE', criteria: ['JEUNE', 'QPV', 'CAP_BEP'], proof: ['ID_DOCUMENT', 'ADDRESS_PROOF'] },
  { id: 'karim', firstName: 'Karim', lastName: 'B.', birthDate: '1984-09-30', sex: 'M', qpv: true, level: '3', criteria: ['RSA', 'QPV'], proof: ['CAF_CERTIFICATE', 'ADDRESS_PROOF'] },
  { id: 'sylvie', firstName: 'Sylvie', lastName: 'L.', birthDate: '1969-01-20', sex: 'F', qpv: false, level: '4', criteria: ['SENIOR', 'DETLD'], proof: ['FRANCE_TRAVAIL_CERTIFICATE'] },
  { id: 'thomas', firstName: 'Thomas', lastName: 'M.', birthDate: '1996-07-02', sex: 'M', qpv: false, level: 'NONE', criteria: ['TH'], proof: ['MDPH_DECISION'] },
  { id: 'nadia', firstName: 'Nadia', lastName: 'K.', birthDate: '1990-11-11', sex: 'F', qpv: true, level: '3', criteria: ['RSA', 'QPV', 'PLIE'], proof: ['CAF_CERTIFICATE'] },
];
const placements = [
  { id: 'amina-lot1', person: 'amina', lot: 0, modality: 'DIRECT_HIRE', contract: 'FIXED_TERM', start: '2026-03-02', end: '2026-12-18', hours: { '2026-03': 140, '2026-04': 151.67, '2026-05': 120.5, '2026-06': 151.67, '2026-07': 98, '2026-08': 0, '2026-09': 151.67, '2026-10': 151.67 } },
  { id: 'karim-lot1', person: 'karim', lot: 0, modality: 'ETTI', contract: 'TEMPORARY', start: '2026-04-13', end: '2026-09-30', hours: { '2026-04': 70, '2026-05': 140, '2026-06': 147, '2026-07': 112, '2026-09': 133 } },
  { id: 'sylvie-lot2', person: 'sylvie', lot: 1, modality: 'DIRECT_HIRE', contract: 'FIXED_TERM_I', start: '2026-05-04', end: '2026-10-30', hours: { '2026-05': 105, '2026-06': 110, '2026-07': 60, '2026-09': 96 } },
  { id: 'thomas-lot3', person: 'thomas', lot: 2, modality: 'SIAE_COCONTRACT', contract: 'FIXED_TERM_I', start: '2026-03-16', end: '2027-03-15', hours: { '2026-03': 45, '2026-04': 86.67, '2026-05': 86.67, '2026-06': 86.67, '2026-07': 43.33, '2026-09': 86.67, '2026-10': 86.67 } },
  { id: 'nadia-lot1', person: 'nadia', lot: 0, modality: 'GEIQ', contract: 'PROFESSIONAL_TRAINING', start: '2026-09-07', end: '2027-06-30', hours: { '2026-09': 121, '2026-10': 151.67 } },
];

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : mkdtempSync(join(tmpdir(), 'clause-ledger-demo-'));
  const app = await startApp(loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, FIXED_TODAY: TODAY, LOG_LEVEL: 'warn' }));
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const signedAs = async (role: 'FACILITATOR' | 'ADMIN') => ({ authorization: `Bearer ${await mintLocalToken(dataDir, { role, organisationId: 'mef-cotentin', userId: role === 'ADMIN' ? 'admin' : 'c.lefevre' })}` });
  const facilitator = await signedAs('FACILITATOR');
  const get = async (path: string) => fetch(`${url}${path}`, { headers: facilitator });
  let position = '';
  const call = async (method: string, path: string, body: unknown, expected = [200, 201], signer = facilitator) => {
    const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...signer }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, string>;
    if (!expected.includes(res.status)) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(json)}`);
    if (json.position) position = json.position;
    return json;
  };
  try {
    console.log(`Clause Ledger demo — API ${url}, data in ${dataDir}, today pinned to ${TODAY}\n`);
    for (const c of companies) await call('POST', '/companies', c);
    await call('POST', '/markets', market);
    for (const c of clauses) {
      await call('PUT', `/markets/${market.marketId}/lots/${c.lotId}/clause`, c.body);
      await call('POST', `/markets/${market.marketId}/lots/${c.lotId}/acceptance`, { companyId: c.companyId, committedHours: c.committed });
    }
    for (const p of people) {
      await call('POST', '/beneficiaries', { beneficiaryId: p.id, firstName: p.firstName, lastName: p.lastName, birthDate: p.birthDate, sex: p.sex, postcode: '50100', qpvResident: p.qpv, qualificationLevel: p.level });
      await call('POST', `/beneficiaries/${p.id}/eligibilities`, { criteria: p.criteria, validatedOn: '2026-02-16', validatedBy: 'C. Lefèvre, MEF du Cotentin', proofKinds: p.proof, validUntil: '2026-12-31' });
    }
    for (const p of placements) {
      const clause = clauses[p.lot];
      await call('POST', '/placements', { placementId: p.id, marketId: market.marketId, lotId: clause.lotId, companyId: clause.companyId, beneficiaryId: p.person, modality: p.modality, contractType: p.contract, startDate: p.start, plannedEndDate: p.end });
      for (const [month, hours] of Object.entries(p.hours)) await call('POST', `/placements/${p.id}/hours`, { month, hours, source: 'PAYSLIP' });
    }
    await jobOffer(call, get);
    await call('POST', '/placements/karim-lot1/hours/2026-06/corrections', { hours: 140, source: 'PAYSLIP', reason: 'relevé ETTI rectifié : 7 h comptées deux fois' });
    await call('POST', '/placements/sylvie-lot2/end', { endDate: '2026-09-25', reason: 'CONTRACT_COMPLETED' });
    const refused = await call('POST', '/placements/amina-lot1/hours', { month: '2026-10', hours: 150, source: 'PAYSLIP' }, [409]);
    console.log(`a second declaration for amina-lot1 2026-10 is refused: ${refused.statusCode} ${refused.code} — ${refused.message}\n`);

    await call('POST', '/clock/ticks', { date: TODAY }, [200, 201], await signedAs('ADMIN'));
    const res = await get(`/markets/${market.marketId}/tracking?at=${TODAY}&waitForPosition=${position}`);
    printTracking((await res.json()) as MarketTrackingView);
    const alerts = (await (await get(`/markets/${market.marketId}/alerts?status=OPEN&waitForPosition=${position}`)).json()) as Alert[];
    console.log(`\nopen alerts to the buyer at ${TODAY} (mailed to ${join(dataDir, 'outbox')}):`);
    for (const a of alerts) console.log(`  [${a.severity}] ${a.alertId}\n      ${a.message}`);
    const bilan = (await (await get(`/markets/${market.marketId}/bilan?waitForPosition=${position}`)).json()) as MarketBilan;
    printBilan(bilan);
    const pdf = join(dataDir, `bilan-${market.marketId}.pdf`);
    writeFileSync(pdf, Buffer.from(await (await get(`/markets/${market.marketId}/bilan.pdf`)).arrayBuffer()));
    console.log(`\nbilan PDF: ${pdf}   CSV: ${url}/markets/${market.marketId}/bilan.csv (while the demo runs)`);

    // a buyer's support request (Manche levels): from the first call to a clause proposal
    const caseId = 'tourlaville-espaces-verts';
    await call('POST', '/support-cases', {
      caseId, facilitatorOrganisation: 'MEF du Cotentin', buyer: { name: 'Commune de Tourlaville', kind: 'COMMUNE' },
      contact: { name: 'Service de la commande publique' }, channel: 'PHONE', requestedOn: '2026-09-14',
      project: { title: 'Entretien des espaces verts 2027-2030', territory: 'Cherbourg-en-Cotentin (50)', department: '50', marketKind: 'SERVICES', estimatedAmountCents: 64_000_000, expectedPublication: '2026-12' },
    });
    await call('POST', `/support-cases/${caseId}/level`, { level: 1, agreedOn: '2026-09-14' });
    await call('POST', `/support-cases/${caseId}/actions`, { kind: 'FIRST_ADVICE', date: '2026-09-14', channel: 'PHONE', participants: [{ kind: 'BUYER', label: 'Commune de Tourlaville' }], summary: 'Clause d\'exécution opportune : métiers accessibles, vivier QPV suivi par le PLIE.', nextAction: { date: '2026-12-10', summary: 'relire le CCTP' } });
    await call('POST', `/support-cases/${caseId}/level`, { level: 2, reason: 'DCE transmis', agreedOn: '2026-10-05' });
    await call('PUT', `/support-cases/${caseId}/lots`, { describedOn: '2026-10-05', lots: [{ lotId: 'lot-1', title: 'Tonte et taille', estimatedAmountCents: 64_000_000 }] });
    const proposal = await call('PUT', `/support-cases/${caseId}/lots/lot-1/clause-proposal`, { clauseTypes: ['EXECUTION'], target: { mode: 'COMPUTED', labourSharePercent: 70, insertionRatePercent: 10, hourlyCostCents: 2800 }, penaltyPerMissingHourCents: 2800, proposedOn: '2026-10-12' });
    const caseload = (await (await get(`/caseload?waitForPosition=${proposal.position}`)).json()) as { openCases: number; cases: { caseId: string; stage: string; level: number; nextAction: { date: string; summary: string } | null }[] };
    const tourlaville = caseload.cases.find((c) => c.caseId === caseId)!;
    console.log(`\nsupport case ${caseId}: level ${tourlaville.level}, stage ${tourlaville.stage}, next step ${tourlaville.nextAction?.date} (${tourlaville.nextAction?.summary}); ${caseload.openCases} open case(s)`);
    const report = (await (await get('/activity-report?year=2026')).json()) as { buyersSupported: { total: number }; funnel: { hoursProposed: number }; clauses: { proposed: number } };
    console.log(`activity report 2026: ${report.buyersSupported.total} buyer(s) supported, ${report.clauses.proposed} clause(s) proposed for ${report.funnel.hoursProposed} h (PDF: ${url}/activity-report.pdf?year=2026)`);
  } finally {
    await app.close();
  }
}

type Call = (method: string, path: string, body: unknown, expected?: number[]) => Promise<Record<string, string>>;

/** A mason's offer on lot 1 shared with two partners: four candidates, two preselected, one hired (the placement follows). */
async function jobOffer(call: Call, get: (path: string) => Promise<Response>): Promise<void> {
  await call('POST', '/partners', { partnerId: 'mission-locale', name: 'Mission locale du Cotentin', kind: 'MISSION_LOCALE' });
  await call('POST', '/partners', { partnerId: 'france-travail', name: 'France Travail Cherbourg', kind: 'FRANCE_TRAVAIL' });
  await call('POST', '/beneficiaries', { beneficiaryId: 'yanis', firstName: 'Yanis', lastName: 'R.', birthDate: '2004-02-18', sex: 'M', postcode: '50100', qpvResident: true, qualificationLevel: 'NONE' });
  await call('POST', '/beneficiaries/yanis/eligibilities', { criteria: ['JEUNE', 'QPV'], validatedOn: '2026-10-12', validatedBy: 'C. Lefèvre, MEF du Cotentin', proofKinds: ['ID_DOCUMENT', 'ADDRESS_PROOF'] });
  const offerId = 'macons-fourches';
  await call('POST', '/job-offers', {
    offerId, marketId: market.marketId, lotId: 'lot-1', companyId: companies[0].siret, jobTitle: 'Maçon / maçonne', romeCode: 'F1703', contractType: 'FIXED_TERM',
    weeklyHours: 35, positions: 2, startDate: '2026-11-02', place: 'Cherbourg-en-Cotentin, quartier des Fourches', expiresOn: '2026-12-31',
    requirements: { drivingLicence: false, vehicle: false, qualificationLevel: 'NONE', physicalWork: true },
  });
  await call('POST', `/job-offers/${offerId}/sharing`, { partnerIds: ['mission-locale', 'france-travail'] });
  const candidates = [
    { candidateId: 'c-yanis', partnerId: 'mission-locale', beneficiaryId: 'yanis', qpvResident: true, sex: 'M', ageBand: 'UNDER_26' },
    { candidateId: 'c-2', partnerId: 'france-travail', qpvResident: true, sex: 'F', ageBand: 'FROM_26_TO_49' },
    { candidateId: 'c-3', qpvResident: true, sex: 'F', ageBand: 'UNDER_26' },
    { candidateId: 'c-4', partnerId: 'france-travail', qpvResident: false, sex: 'M', ageBand: 'FROM_50' },
  ];
  for (const c of candidates) await call('POST', `/job-offers/${offerId}/candidates`, c);
  for (const id of ['c-yanis', 'c-2']) await call('POST', `/job-offers/${offerId}/candidates/${id}/preselection`, {});
  await call('POST', `/job-offers/${offerId}/candidates/c-4/not-retained`, { reason: 'MOBILITY' });
  await call('POST', `/job-offers/${offerId}/candidates/c-yanis/interview`, {});
  const hired = await call('POST', `/job-offers/${offerId}/candidates/c-yanis/hire`, { modality: 'DIRECT_HIRE', plannedEndDate: '2027-04-30' });
  await call('POST', '/beneficiaries/yanis/referent', { referentName: 'Mme Durand', partnerId: 'mission-locale' });
  await call('POST', '/beneficiaries/yanis/contacts', { placementId: hired.placementId, contactDate: '2026-11-16', withWhom: 'EMPLOYER', note: 'Point à 2 semaines : horaires tenus, bonne intégration.' });
  const board = (await (await get(`/job-offers?waitForPosition=${hired.position}`)).json()) as { jobTitle: string; positions: number; hired: number; daysOpen: number; candidatesByStage: Record<string, number> }[];
  for (const o of board) console.log(`job offer « ${o.jobTitle} »: ${o.hired}/${o.positions} hired, open ${o.daysOpen} days, candidates ${JSON.stringify(o.candidatesByStage)}`);
  const sourcing = (await (await get('/casework/sourcing-figures')).json()) as { candidates: { count: number; qpvResidentsShare: number; womenShare: number; under26Share: number } };
  const pct = (h: number) => `${(h / 100).toFixed(2)} %`;
  console.log(`sourcing: ${sourcing.candidates.count} candidates, ${pct(sourcing.candidates.qpvResidentsShare)} QPV residents, ${pct(sourcing.candidates.womenShare)} women, ${pct(sourcing.candidates.under26Share)} under 26\n`);
}

function printBilan(b: MarketBilan): void {
  const p = b.beneficiaries;
  console.log(`\n${b.status === 'FINAL' ? 'final' : 'interim'} bilan: ${b.totals.hoursDone.value} h done of ${b.totals.targetHours.value} h (${b.totals.completionPercent} %), ${b.totals.fte} FTE, `
    + `${b.totals.missingHours} h missing (penalty ${(b.totals.penaltyCents / 100).toFixed(2)} €), sums of ${b.totals.hoursDone.eventIds.length} hours events`);
  console.log(`  ${p.beneficiaries.value} beneficiaries: ${p.women.value} women, ${p.under26.value} under 26, ${p.from50.value} aged 50+, ${p.rsa.value} RSA, ${p.rqth.value} RQTH, ${p.qpv.value} QPV, ${p.withoutQualification.value} without qualification`);
  console.log(`  contracts: ${Object.entries(b.contractTypes).map(([k, v]) => `${k} ${v.placements.value} (${v.hours.value} h)`).join(', ')}`);
  console.log(`  modalities: ${Object.entries(b.modalities).map(([k, v]) => `${k} ${v.placements.value} (${v.hours.value} h)`).join(', ')}`);
}

function printTracking(t: MarketTrackingView): void {
  console.log(`${t.title} — ${t.buyer.name} (${t.kind}), execution ${t.executionStart} → ${t.executionEnd}, ${t.elapsedPercent} % elapsed at ${t.at}`);
  const row = (name: string, f: { targetHours: number; hoursDone: number; remainingHours: number; percentDone: number; proRataExpectedHours: number; beneficiariesCounted: number; lastDeclaredMonth: string | null }) =>
    `${name.padEnd(34)}${String(f.targetHours).padStart(8)}${f.hoursDone.toFixed(2).padStart(11)}${f.remainingHours.toFixed(2).padStart(11)}${(f.percentDone.toFixed(1) + ' %').padStart(9)}${f.proRataExpectedHours.toFixed(2).padStart(11)}${String(f.beneficiariesCounted).padStart(6)}   ${f.lastDeclaredMonth ?? '—'}`;
  console.log(`${''.padEnd(34)}${'target'.padStart(8)}${'done'.padStart(11)}${'remaining'.padStart(11)}${'done %'.padStart(9)}${'pro-rata'.padStart(11)}${'benef'.padStart(6)}   last month`);
  console.log(row('market', t));
  for (const lot of t.lots) console.log(row(`  ${lot.lotId} ${lot.title}`, lot));
  for (const c of t.companies) console.log(row(`  company ${c.companyId}`, c));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
