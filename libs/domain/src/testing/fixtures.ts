import { event } from '../shared/domain-event';
import { BeneficiaryErased, BeneficiaryRegistered, EligibilityValidated } from '../beneficiary/beneficiary-events';
import { SealedIdentity } from '../beneficiary/identity';
import { CompanyRegistered } from '../company/company';
import { ClauseAccepted, ClauseDefined, MarketClosed, MarketRegistered } from '../market/market-events';
import { BeneficiaryPlaced, HoursCorrected, HoursDeclared, PlacementEnded } from '../placement/placement-events';

/** A social landlord's renovation works in Cherbourg: lot 1 "Gros œuvre" 1,000,000 € -> 833 h, lot 2 "Peinture" 240,000 €. */
export const aMarketRegistered = (over: Partial<MarketRegistered['data']> = {}): MarketRegistered =>
  event('MarketRegistered', {
    marketId: 'm-1', title: 'Réhabilitation de 120 logements', kind: 'WORKS',
    buyer: { name: 'Cotentin Habitat', kind: 'SOCIAL_LANDLORD' }, territory: 'Cherbourg-en-Cotentin (50)', department: '50',
    facilitatorOrganisation: 'MEF du Cotentin', executionStart: '2026-01-05', executionEnd: '2027-06-30',
    lots: [{ lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 100_000_000 }, { lotId: 'lot-2', title: 'Peinture', estimatedAmountCents: 24_000_000 }],
    registeredOn: '2026-01-02', ...over,
  });

export const aClauseDefined = (over: Partial<ClauseDefined['data']> = {}): ClauseDefined =>
  event('ClauseDefined', {
    marketId: 'm-1', lotId: 'lot-1', clauseTypes: ['EXECUTION'],
    computation: { mode: 'COMPUTED', estimatedAmountCents: 100_000_000, labourSharePercent: 50, insertionRatePercent: 5, hourlyCostCents: 3000, rounding: 'NEAREST_HOUR' },
    targetHours: 833, penaltyPerMissingHourCents: 3000, definedOn: '2026-01-03', ...over,
  });

export const aClauseAccepted = (over: Partial<ClauseAccepted['data']> = {}): ClauseAccepted =>
  event('ClauseAccepted', { marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', targetHours: 833, committedHours: 850, acceptedOn: '2026-01-04', ...over });

export const aCompanyRegistered = (over: Partial<CompanyRegistered['data']> = {}): CompanyRegistered =>
  event('CompanyRegistered', {
    companyId: '73282932000074', siret: '73282932000074', name: 'Bâtiments du Cotentin', postcode: '50100', kind: 'ORDINARY',
    isSiae: false, isDisabilitySector: false, registeredOn: '2026-01-02', ...over,
  });

/** Opaque to the domain: only its shape matters here (the API seals real ciphertext). */
export const aSealedIdentity: SealedIdentity = { alg: 'A256GCM', kid: 'k-b-1', iv: 'aXYxMjM0NTY3ODkw', tag: 'dGFnMTIzNDU2Nzg5MDEyMw', ciphertext: 'Y2lwaGVydGV4dA' };

/** Amina, born 2003-04-12, postcode 50100, registered 2026-02-01. */
export const aBeneficiaryRegistered = (over: Partial<BeneficiaryRegistered['data']> = {}): BeneficiaryRegistered =>
  event('BeneficiaryRegistered', {
    beneficiaryId: 'b-1', identity: aSealedIdentity, ageBand: 'UNDER_26', sex: 'F', department: '50', qpvResident: true, qualificationLevel: 'NONE',
    registeredOn: '2026-02-01', ...over,
  }, 2);

export const anErasure = (over: Partial<BeneficiaryErased['data']> = {}): BeneficiaryErased =>
  event('BeneficiaryErased', { beneficiaryId: 'b-1', erasedOn: '2026-09-01', reason: 'demande de la personne (RGPD art. 17)', erasedBy: { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' }, ...over });

export const anEligibilityValidated = (over: Partial<EligibilityValidated['data']> = {}): EligibilityValidated =>
  event('EligibilityValidated', {
    beneficiaryId: 'b-1', criteria: ['JEUNE', 'QPV'], validatedOn: '2026-02-02', validUntil: '2026-08-02',
    validatedBy: 'C. Lefèvre', proofKinds: ['ID_DOCUMENT'], ...over,
  });

export const aBeneficiaryPlaced = (over: Partial<BeneficiaryPlaced['data']> = {}): BeneficiaryPlaced =>
  event('BeneficiaryPlaced', {
    placementId: 'p-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: 'b-1',
    modality: 'DIRECT_HIRE', contractType: 'FIXED_TERM', startDate: '2026-03-02', plannedEndDate: '2026-12-18',
    eligibility: { criteria: ['JEUNE', 'QPV'], validatedOn: '2026-02-02', validUntil: '2026-08-02' }, placedOn: '2026-03-01', ...over,
  });

export const anHoursDeclared = (over: Partial<HoursDeclared['data']> = {}): HoursDeclared =>
  event('HoursDeclared', {
    placementId: 'p-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: 'b-1',
    month: '2026-03', hours: 140, source: 'PAYSLIP', modality: 'DIRECT_HIRE', declaredOn: '2026-04-02', ...over,
  });

export const anHoursCorrected = (over: Partial<HoursCorrected['data']> = {}): HoursCorrected =>
  event('HoursCorrected', {
    placementId: 'p-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: 'b-1',
    month: '2026-03', previousHours: 140, hours: 141.5, source: 'PAYSLIP', reason: 'bulletin de paie rectificatif', correctedOn: '2026-04-20', ...over,
  });

export const aPlacementEnded = (over: Partial<PlacementEnded['data']> = {}): PlacementEnded =>
  event('PlacementEnded', {
    placementId: 'p-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: 'b-1',
    endDate: '2026-04-30', reason: 'CONTRACT_COMPLETED', endedOn: '2026-05-04', ...over,
  });

export const aMarketClosed = (over: Partial<MarketClosed['data']> = {}): MarketClosed =>
  event('MarketClosed', {
    marketId: 'm-1', closedOn: '2027-07-05',
    qualitative: { summary: 'Objectif atteint : 3 recrutements durables', writtenBy: 'C. Lefèvre' }, ...over,
  });
