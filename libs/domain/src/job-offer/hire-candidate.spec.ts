import { DomainError } from '../shared/domain-error';
import { context, fold } from '../testing/given-when-then';
import { aBeneficiaryRegistered, aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketRegistered, anEligibilityValidated } from '../testing/fixtures';
import { aCandidateHired, aCandidatePreselected, aCandidateProposed, aJobOfferPublished } from '../testing/job-offer-fixtures';
import { JobOfferEvent } from './job-offer-events';
import { MaybeJobOffer, evolveJobOffer } from './job-offer';
import { HireCandidate, hireCandidate } from './hire-candidate';
import { proposeCandidate, preselectCandidate } from './candidates';
import { publishJobOffer } from './publish-job-offer';

const ctx = context('2026-03-10');
const offerAfter = (events: JobOfferEvent[]): MaybeJobOffer => events.reduce(evolveJobOffer, undefined as MaybeJobOffer);
const world = fold([aMarketRegistered(), aClauseDefined(), aClauseAccepted(), aCompanyRegistered(), aBeneficiaryRegistered(), anEligibilityValidated()]);
const hire: HireCandidate = { offerId: 'o-1', candidateId: 'c-1', placementId: 'p-1', modality: 'DIRECT_HIRE', plannedEndDate: '2026-08-31' };
const preselected = [aJobOfferPublished(), aCandidateProposed(), aCandidatePreselected()];
const refusal = (decide: () => unknown) => {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, code: error.code, field: error.field };
  }
  throw new Error('expected a refusal');
};

describe('hiring a candidate', () => {
  it('records the hire with the placement it becomes: the offer\'s lot, company, contract and start', () => {
    expect(hireCandidate(hire, offerAfter(preselected), world, ctx)).toEqual([aCandidateHired()]);
  });
  it('fills the offer with the hire that takes its last position', () => {
    const onePosition = [aJobOfferPublished({ positions: 1 }), aCandidateProposed(), aCandidatePreselected()];
    expect(hireCandidate(hire, offerAfter(onePosition), world, ctx).map((e) => e.type)).toEqual(['CandidateHired', 'JobOfferFilled']);
  });
  it('never over-fills: once filled, the next hire is a 409 OFFER_FULL', () => {
    const full = [aJobOfferPublished({ positions: 1 }), aCandidateProposed(), aCandidatePreselected(), aCandidateProposed({ candidateId: 'c-2', beneficiaryId: null }),
      aCandidatePreselected({ candidateId: 'c-2' }), aCandidateHired(), { type: 'JobOfferFilled', version: 1, data: { offerId: 'o-1', filledOn: '2026-03-10' } } as const];
    expect(refusal(() => hireCandidate({ ...hire, candidateId: 'c-2', beneficiaryId: 'b-1' }, offerAfter(full), world, ctx))).toEqual({ kind: 'conflict', code: 'OFFER_FULL', field: 'offerId' });
  });
  it('refuses exactly as PlaceBeneficiary does: a person not eligible on the start date', () => {
    const notValidated = fold([aMarketRegistered(), aClauseDefined(), aClauseAccepted(), aCompanyRegistered(), aBeneficiaryRegistered()]);
    expect(refusal(() => hireCandidate(hire, offerAfter(preselected), notValidated, ctx))).toEqual({ kind: 'rule', code: 'NOT_ELIGIBLE_AT_START', field: 'beneficiaryId' });
  });
  it('needs the candidate preselected first', () => {
    expect(refusal(() => hireCandidate(hire, offerAfter([aJobOfferPublished(), aCandidateProposed()]), world, ctx))).toMatchObject({ code: 'CANDIDATE_NOT_PRESELECTED' });
  });
  it('needs a registered beneficiary behind the candidate', () => {
    const anonymous = [aJobOfferPublished(), aCandidateProposed({ beneficiaryId: null }), aCandidatePreselected()];
    expect(refusal(() => hireCandidate(hire, offerAfter(anonymous), world, ctx))).toEqual({ kind: 'rule', code: 'CANDIDATE_NOT_REGISTERED', field: 'beneficiaryId' });
  });
});

describe('offers and candidates', () => {
  const { publishedOn: _p, ...publish } = aJobOfferPublished().data;
  it('an offer comes from the company holding the lot, with a ROME code', () => {
    expect(publishJobOffer(publish, undefined, world.market, context('2026-03-02'))).toEqual([aJobOfferPublished()]);
    expect(refusal(() => publishJobOffer({ ...publish, companyId: '50123456100014' }, undefined, world.market, ctx))).toMatchObject({ code: 'NOT_THE_LOT_COMPANY' });
    expect(refusal(() => publishJobOffer({ ...publish, romeCode: 'f1703' }, undefined, world.market, ctx))).toEqual({ kind: 'rule', code: 'INVALID_ROME_CODE', field: 'romeCode' });
  });
  it('a partner proposes only on an offer shared with it', () => {
    const cmd = { ...aCandidateProposed().data, source: { by: 'PARTNER' as const, partnerId: 'ml' } };
    const partner = { partnerId: 'ml', name: 'Mission locale', kind: 'MISSION_LOCALE' as const };
    expect(refusal(() => proposeCandidate(cmd, { offer: offerAfter([aJobOfferPublished()]), partner, beneficiary: world.beneficiary }, ctx))).toMatchObject({ code: 'OFFER_NOT_SHARED_WITH_PARTNER' });
    const shared = offerAfter([aJobOfferPublished(), { type: 'JobOfferShared', version: 1, data: { offerId: 'o-1', partnerIds: ['ml'], sharedOn: '2026-03-03' } }]);
    expect(proposeCandidate(cmd, { offer: shared, partner, beneficiary: world.beneficiary }, ctx)[0].type).toBe('CandidateProposed');
  });
  it('a candidacy is preselected once', () => {
    expect(refusal(() => preselectCandidate('o-1', 'c-1', offerAfter(preselected), ctx))).toEqual({ kind: 'conflict', code: 'CANDIDATE_ALREADY_PRESELECTED', field: 'candidateId' });
  });
});
