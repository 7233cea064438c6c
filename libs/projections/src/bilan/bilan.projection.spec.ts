import { DomainEvent, event } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aBeneficiaryRegistered, aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketClosed, aMarketRegistered, aPlacementEnded,
  anHoursCorrected, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { ProjectionOutcome, projectionSpec } from '../testing/fold';
import { BilanDoc, BilanPlacementDoc, bilanProjection } from './bilan.projection';
import { MarketBilan, marketBilan, marketBilanSources } from './market-bilan';
import { monthsOf, withMonths } from './placement-months';

const spec = projectionSpec(bilanProjection);

// Lot 1, gros œuvre: 833 h at 30 €/missing hour, held by an ordinary company; lot 2: 200 h at 15 €/h, held by an SIAE.
const siae = '41234567800019';
const companyA = aCompanyRegistered();
const companyB = aCompanyRegistered({ companyId: siae, siret: siae, name: 'Chantier d\'insertion du Cotentin', kind: 'ACI', isSiae: true });
const registered = aMarketRegistered();
const clause1 = aClauseDefined();
const clause2 = aClauseDefined({ lotId: 'lot-2', computation: { mode: 'FIXED', hours: 200, basis: 'WHOLE_MARKET' }, targetHours: 200, penaltyPerMissingHourCents: 1500 });
const accepted1 = aClauseAccepted();
const accepted2 = aClauseAccepted({ lotId: 'lot-2', companyId: siae, targetHours: 200, committedHours: 200 });
// a woman of 22 without qualification living in a QPV; a man of 52 receiving the RSA
const lea = aBeneficiaryRegistered();
const karim = aBeneficiaryRegistered({ beneficiaryId: 'b-2', ageBand: 'FROM_50', sex: 'M', qpvResident: false, qualificationLevel: '3' });
const leaPlaced = aBeneficiaryPlaced();
const karimRef = { placementId: 'p-2', lotId: 'lot-2', companyId: siae, beneficiaryId: 'b-2' };
const karimPlaced = aBeneficiaryPlaced({
  ...karimRef, modality: 'SIAE_COCONTRACT', contractType: 'FIXED_TERM_I', plannedEndDate: '2026-05-29',
  eligibility: { criteria: ['RSA'], validatedOn: '2026-02-10', validUntil: '2026-08-10' },
});
const leaMarch = anHoursDeclared({ month: '2026-03', hours: 140 });
const leaApril = anHoursDeclared({ month: '2026-04', hours: 151.67 });
const karimMarch = anHoursDeclared({ ...karimRef, month: '2026-03', hours: 100 });
const karimApril = anHoursDeclared({ ...karimRef, month: '2026-04', hours: 120 });
const history: DomainEvent[] = [
  companyA, companyB, registered, clause1, clause2, accepted1, accepted2, lea, karim, leaPlaced, karimPlaced, leaMarch, leaApril, karimMarch, karimApril,
];

const leaAprilCorrected = anHoursCorrected({ month: '2026-04', previousHours: 151.67, hours: 150 });
const karimEnded = aPlacementEnded({ ...karimRef, endDate: '2026-05-29', endedOn: '2026-06-01' });
const karimFollowedUp = event('FollowUpRecorded', { ...karimPlaced.data, milestone: 6, situation: 'PERMANENT_CONTRACT', exitCategory: 'DURABLE_EMPLOYMENT', recordedOn: '2026-12-01' });
const closed = aMarketClosed({ closedOn: '2026-12-02' });

const bilanOf = (outcome: ProjectionOutcome<BilanDoc>): MarketBilan => marketBilan(marketBilanSources('m-1', (key) => outcome.documents.get(key))!);

describe('bilan projection: documents', () => {
  it('keeps a month\'s current hours in hundredths; a correction replaces the figure and joins the events behind it', () => {
    const outcome = spec.given(...history).when(leaAprilCorrected);
    const { idOf } = outcome;
    expect(monthsOf(withMonths(outcome.documents.get('placement:p-1') as BilanPlacementDoc, (key) => outcome.documents.get(key)))).toEqual({
      '2026-03': { centi: 14000, eventIds: [idOf(leaMarch)] },
      '2026-04': { centi: 15000, eventIds: [idOf(leaApril), idOf(leaAprilCorrected)] },
    });
  });

  it('keeps who benefited without their names, and the lots\' obligations with the events they come from', () => {
    const outcome = spec.given(...history).when(closed);
    outcome.then({
      'beneficiary:b-2': { kind: 'beneficiary', beneficiaryId: 'b-2', ageBand: 'FROM_50', sex: 'M', department: '50', qpvResident: false, qualificationLevel: '3', eventId: outcome.idOf(karim) },
      'company:41234567800019': expect.objectContaining({ name: 'Chantier d\'insertion du Cotentin', isSiae: true, eventId: outcome.idOf(companyB) }),
      'market:m-1': expect.objectContaining({
        placementIds: ['p-1', 'p-2'],
        closure: { closedOn: '2026-12-02', qualitative: closed.data.qualitative, eventId: outcome.idOf(closed) },
        lots: {
          'lot-1': expect.objectContaining({ targetHours: 833, penaltyPerMissingHourCents: 3000, companyId: '73282932000074', obligationEventIds: [outcome.idOf(clause1), outcome.idOf(accepted1)] }),
          'lot-2': expect.objectContaining({ targetHours: 200, penaltyPerMissingHourCents: 1500, companyId: siae, obligationEventIds: [outcome.idOf(clause2), outcome.idOf(accepted2)] }),
        },
      }),
    });
  });

  it('ignores what happens to a placement it never saw', () => {
    spec.given(registered).when(anHoursDeclared({ placementId: 'p-9' })).then({ 'placement:p-9': undefined });
  });
});

describe('bilan of a market (from the projection\'s documents)', () => {
  const outcome = spec.given(...history).when(leaAprilCorrected, karimEnded, karimFollowedUp, closed);
  const bilan = bilanOf(outcome);
  const ids = (...events: DomainEvent[]) => events.map(outcome.idOf).sort();

  it('gives each lot its target, hours done after corrections, completion, FTE, missing hours and penalty in cents', () => {
    expect(bilan.lots.map(({ lotId, company, target, hoursDone, completionPercent, fte, missingHours, penaltyCents }) => ({ lotId, company, target: target.value, hoursDone: hoursDone.value, completionPercent, fte, missingHours, penaltyCents }))).toEqual([
      // 290 h of 833: 34.8 %, 290 ÷ 1,607 = 0.18 FTE, 543 h missing × 30 € = 16,290 €
      { lotId: 'lot-1', company: { companyId: '73282932000074', name: 'Bâtiments du Cotentin' }, target: 833, hoursDone: 290, completionPercent: 34.8, fte: 0.18, missingHours: 543, penaltyCents: 1_629_000 },
      // 220 h of 200: the lot is over its target, nothing missing, no penalty
      { lotId: 'lot-2', company: { companyId: siae, name: 'Chantier d\'insertion du Cotentin' }, target: 200, hoursDone: 220, completionPercent: 110, fte: 0.14, missingHours: 0, penaltyCents: 0 },
    ]);
  });

  it('totals the market: lot 2\'s extra hours do not fill lot 1\'s gap', () => {
    expect(bilan.totals).toEqual({
      targetHours: { value: 1033, eventIds: ids(clause1, clause2, accepted1, accepted2) },
      hoursDone: { value: 510, eventIds: ids(leaMarch, leaApril, leaAprilCorrected, karimMarch, karimApril) },
      completionPercent: 49.4, fte: 0.32, missingHours: 543, penaltyCents: 1_629_000,
    });
  });

  it('names the events behind each lot\'s figures: the obligation, then the declarations and corrections', () => {
    expect(bilan.lots[0].target.eventIds).toEqual(ids(clause1, accepted1));
    expect(bilan.lots[0].hoursDone.eventIds).toEqual(ids(leaMarch, leaApril, leaAprilCorrected));
    expect(bilan.lots[1].hoursDone.eventIds).toEqual(ids(karimMarch, karimApril));
  });

  it('counts each beneficiary once by profile, with the registration and placement behind the count', () => {
    const p = bilan.beneficiaries;
    const counts = Object.fromEntries(Object.entries(p).filter(([, f]) => 'value' in f).map(([k, f]) => [k, (f as { value: number }).value]));
    expect(counts).toEqual({ beneficiaries: 2, women: 1, men: 1, under26: 1, from26to49: 0, from50: 1, withoutQualification: 1, under26OrWithoutQualification: 1, rsa: 1, rqth: 0, qpv: 1 });
    expect(p.women.eventIds).toEqual(ids(lea, leaPlaced));
    expect(p.rsa.eventIds).toEqual(ids(karim, karimPlaced));
    expect(Object.fromEntries(Object.entries(p.byCriterion).map(([c, f]) => [c, f.value]))).toEqual({ JEUNE: 1, QPV: 1, RSA: 1 });
    expect(Object.fromEntries(Object.entries(p.byQualificationLevel).map(([l, f]) => [l, f.value]))).toEqual({ 3: 1, NONE: 1 });
  });

  it('breaks placements and hours down by contract type and modality', () => {
    expect(bilan.contractTypes).toEqual({
      FIXED_TERM: { placements: { value: 1, eventIds: ids(leaPlaced) }, hours: { value: 290, eventIds: ids(leaMarch, leaApril, leaAprilCorrected) } },
      FIXED_TERM_I: { placements: { value: 1, eventIds: ids(karimPlaced) }, hours: { value: 220, eventIds: ids(karimMarch, karimApril) } },
    });
    expect(Object.keys(bilan.modalities)).toEqual(['DIRECT_HIRE', 'SIAE_COCONTRACT']);
  });

  it('counts exits at 6 months from the follow-ups, none yet at 12', () => {
    expect(bilan.exits.sixMonths).toEqual({
      recorded: { value: 1, eventIds: ids(karimFollowedUp) }, durableEmployment: { value: 1, eventIds: ids(karimFollowedUp) },
      transitionEmployment: { value: 0, eventIds: [] }, positiveExit: { value: 0, eventIds: [] },
      dynamicExits: { value: 1, eventIds: ids(karimFollowedUp) }, otherExits: { value: 0, eventIds: [] },
    });
    expect(bilan.exits.twelveMonths.recorded.value).toBe(0);
  });

  it('is final once the market is closed, interim before', () => {
    expect([bilan.status, bilan.closure?.eventId]).toEqual(['FINAL', outcome.idOf(closed)]);
    expect(bilanOf(spec.given(...history).when()).status).toBe('INTERIM');
  });
});
