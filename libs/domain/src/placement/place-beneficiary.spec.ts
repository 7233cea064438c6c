import { Streams, context, given } from '../testing/given-when-then';
import {
  aBeneficiaryPlaced, aBeneficiaryRegistered, aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketClosed, aMarketRegistered, anEligibilityValidated,
} from '../testing/fixtures';
import { PlaceBeneficiary, placeBeneficiary } from './place-beneficiary';

const ctx = context('2026-03-01');
const { placedOn: _placedOn, eligibility: _eligibility, ...cmd } = aBeneficiaryPlaced().data;
const place = (over: Partial<PlaceBeneficiary> = {}) => ({ placement, market, company, beneficiary }: Streams) =>
  placeBeneficiary({ ...cmd, ...over }, { placement, market, company, beneficiary }, ctx);

const acceptedLot = [aMarketRegistered(), aClauseDefined(), aClauseAccepted()];
const company = [aCompanyRegistered()];
const eligiblePerson = [aBeneficiaryRegistered(), anEligibilityValidated()];
const ready = [...acceptedLot, ...company, ...eligiblePerson];

describe('placing a beneficiary', () => {
  it('records the placement with the eligibility that made the person count at its start', () => {
    given(ready).when(place()).then([aBeneficiaryPlaced()]);
  });
  it('needs the lot\'s clause to be accepted', () => {
    given([aMarketRegistered(), aClauseDefined(), ...company, ...eligiblePerson]).when(place()).thenRefuses({ kind: 'rule', code: 'CLAUSE_NOT_ACCEPTED', field: 'lotId' });
  });
  it('only with the company that holds the lot', () => {
    const otherBuilder = aCompanyRegistered({ companyId: '50123456100014', siret: '50123456100014', name: 'Maçonnerie Lebrun' });
    given([...acceptedLot, otherBuilder, ...eligiblePerson]).when(place({ companyId: '50123456100014' })).thenRefuses({ kind: 'rule', code: 'NOT_THE_LOT_COMPANY', field: 'companyId' });
  });
  it('an unknown market is not found', () => {
    given([...company, ...eligiblePerson]).when(place()).thenRefuses({ kind: 'not_found', code: 'MARKET_NOT_FOUND', field: 'marketId' });
  });
  it('an unknown lot is not found', () => {
    given(ready).when(place({ lotId: 'lot-9' })).thenRefuses({ kind: 'not_found', code: 'LOT_NOT_FOUND', field: 'lotId' });
  });
  it('an unknown company is not found', () => {
    given([...acceptedLot, ...eligiblePerson]).when(place()).thenRefuses({ kind: 'not_found', code: 'COMPANY_NOT_FOUND', field: 'companyId' });
  });
  it('an unknown beneficiary is not found', () => {
    given([...acceptedLot, ...company]).when(place()).thenRefuses({ kind: 'not_found', code: 'BENEFICIARY_NOT_FOUND', field: 'beneficiaryId' });
  });
  it('a beneficiary whose eligibility was never validated does not count', () => {
    given([...acceptedLot, ...company, aBeneficiaryRegistered()]).when(place()).thenRefuses({ kind: 'rule', code: 'NOT_ELIGIBLE_AT_START', field: 'beneficiaryId' });
  });
  it('an eligibility expired before the start does not count', () => {
    given(ready).when(place({ startDate: '2026-08-03' })).thenRefuses({ kind: 'rule', code: 'NOT_ELIGIBLE_AT_START', field: 'beneficiaryId' });
  });
  it('an eligibility validated after the start does not count', () => {
    const lateValidation = anEligibilityValidated({ validatedOn: '2026-03-10', validUntil: '2026-09-10' });
    given([...acceptedLot, ...company, aBeneficiaryRegistered(), lateValidation]).when(place()).thenRefuses({ kind: 'rule', code: 'NOT_ELIGIBLE_AT_START', field: 'beneficiaryId' });
  });
  it('an eligibility on its last valid day still counts', () => {
    given(ready).when(place({ startDate: '2026-08-02' })).then([aBeneficiaryPlaced({ startDate: '2026-08-02' })]);
  });
  it('keeps the renewed eligibility when it is the one valid at the start', () => {
    const renewal = anEligibilityValidated({ criteria: ['RSA'], validatedOn: '2026-07-20', validUntil: '2027-01-20' });
    given([...ready, renewal]).when(place({ startDate: '2026-09-01' }))
      .then([aBeneficiaryPlaced({ startDate: '2026-09-01', eligibility: { criteria: ['RSA'], validatedOn: '2026-07-20', validUntil: '2027-01-20' } })]);
  });
  it('starts inside the market\'s execution period, not before', () => {
    given(ready).when(place({ startDate: '2026-01-04' })).thenRefuses({ kind: 'rule', code: 'OUTSIDE_EXECUTION_PERIOD', field: 'startDate' });
  });
  it('starts inside the market\'s execution period, not after', () => {
    const renewal = anEligibilityValidated({ validatedOn: '2027-06-01', validUntil: '2027-12-01' });
    given([...ready, renewal]).when(place({ startDate: '2027-07-01', plannedEndDate: '2027-09-30' })).thenRefuses({ kind: 'rule', code: 'OUTSIDE_EXECUTION_PERIOD', field: 'startDate' });
  });
  it('cannot end before it starts', () => {
    given(ready).when(place({ plannedEndDate: '2026-03-01' })).thenRefuses({ kind: 'rule', code: 'PLACEMENT_PERIOD_REVERSED', field: 'plannedEndDate' });
  });
  it('dates are real calendar dates', () => {
    given(ready).when(place({ startDate: '2026-02-30' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'startDate' });
    given(ready).when(place({ plannedEndDate: '2026-12-32' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'plannedEndDate' });
  });
  it('a placement id is used once', () => {
    given([...ready, aBeneficiaryPlaced()]).when(place()).thenRefuses({ kind: 'conflict', code: 'PLACEMENT_ALREADY_EXISTS', field: 'placementId' });
  });
  it('no placement on a closed market', () => {
    given([...ready, aMarketClosed()]).when(place()).thenRefuses({ kind: 'rule', code: 'MARKET_CLOSED', field: 'marketId' });
  });
});
