import { DomainEvent } from '../shared/domain-event';
import { context, refusalOf } from '../testing/given-when-then';
import { computeTarget } from '../market/define-clause';
import { MaybeSupportCase, evolveSupportCase, stageOf } from './support-case';
import { SupportCaseEvent } from './support-case-events';
import { requestSupport } from './request-support';
import { agreeSupportLevel } from './agree-support-level';
import { logCaseAction, recordCaseDocument } from './log-case-action';
import { analyseOpportunity, answerClauseProposal, describeCaseLots, proposeClause } from './propose-clauses';
import { scoreOffers } from './score-offers';
import { registerMarketFromCase } from './register-market-from-case';
import { closeSupportCase } from './close-support-case';

const ctx = context('2026-03-20');
const caseId = 'case-1';
const fold = (events: readonly DomainEvent[], from?: MaybeSupportCase) => (events as SupportCaseEvent[]).reduce(evolveSupportCase, from);

const requested = requestSupport({
  caseId, facilitatorOrganisationId: 'cd50', facilitatorOrganisation: 'Département de la Manche', buyer: { name: 'Commune de Saint-Lô', kind: 'COMMUNE' },
  contact: { name: 'Service marchés', email: 'marches@saint-lo.fr' },
  project: { title: 'Requalification de la place du marché', territory: 'Saint-Lô (50)', department: '50', marketKind: 'WORKS', estimatedAmountCents: 180_000_000, expectedPublication: '2026-05' },
  channel: 'PHONE', requestedOn: '2026-01-12',
}, undefined, ctx);
const lots = describeCaseLots({ caseId, describedOn: '2026-02-02', lots: [
  { lotId: 'lot-1', title: 'VRD', estimatedAmountCents: 120_000_000 },
  { lotId: 'lot-2', title: 'Espaces verts', estimatedAmountCents: 60_000_000 },
] }, fold(requested), ctx);
const proposalInput = { caseId, lotId: 'lot-1', clauseTypes: ['EXECUTION'] as const, penaltyPerMissingHourCents: 3000, proposedOn: '2026-02-10',
  target: { mode: 'COMPUTED' as const, labourSharePercent: 40, insertionRatePercent: 7, hourlyCostCents: 3200 } };
const atLots = fold([...requested, ...lots]);
const proposed = proposeClause({ ...proposalInput, clauseTypes: ['EXECUTION'] }, atLots, ctx);
const adopted = answerClauseProposal({ caseId, lotId: 'lot-1', adopted: true, answeredOn: '2026-02-20' }, fold(proposed, atLots), ctx);
const atAdopted = fold([...requested, ...lots, ...proposed, ...adopted]);

describe('a support case (demande d\'accompagnement)', () => {
  it('starts at the request and moves through its stages as the casework is recorded', () => {
    expect(stageOf(fold(requested)!)).toBe('REQUESTED');
    expect(stageOf(fold(proposed, atLots)!)).toBe('PROPOSAL');
    expect(stageOf(atAdopted!)).toBe('ADOPTED');
  });

  it('agrees a level, and a change of level needs a reason', () => {
    const level1 = agreeSupportLevel({ caseId, level: 1, agreedOn: '2026-01-12' }, fold(requested), ctx);
    expect(level1[0].data).toEqual({ caseId, level: 1, agreedOn: '2026-01-12' });
    const at1 = fold(level1, fold(requested));
    expect(refusalOf(() => agreeSupportLevel({ caseId, level: 2, agreedOn: '2026-02-01' }, at1, ctx))).toEqual({ kind: 'rule', code: 'LEVEL_CHANGE_REASON_REQUIRED', field: 'reason' });
    expect(agreeSupportLevel({ caseId, level: 2, reason: 'DCE reçu', agreedOn: '2026-02-01' }, at1, ctx)[0].data).toMatchObject({ level: 2, previousLevel: 1 });
  });

  it('refuses a level 4', () => {
    expect(refusalOf(() => agreeSupportLevel({ caseId, level: 4 as never, agreedOn: '2026-01-12' }, fold(requested), ctx))).toEqual({ kind: 'rule', code: 'INVALID_SUPPORT_LEVEL', field: 'level' });
  });

  it('refuses an action dated before the request or in the future', () => {
    const action = { caseId, actionId: 'a1', kind: 'FIRST_CONTACT' as const, channel: 'PHONE' as const, participants: [{ kind: 'BUYER' as const, label: 'Service marchés' }], summary: 'Premier appel' };
    expect(refusalOf(() => logCaseAction({ ...action, date: '2026-01-11' }, fold(requested), ctx))).toEqual({ kind: 'rule', code: 'DATED_BEFORE_REQUEST', field: 'date' });
    expect(refusalOf(() => logCaseAction({ ...action, date: '2026-03-21' }, fold(requested), ctx))).toEqual({ kind: 'rule', code: 'DATED_IN_FUTURE', field: 'date' });
    expect(logCaseAction({ ...action, date: '2026-01-12' }, fold(requested), ctx)).toHaveLength(1);
  });

  it('records a document once', () => {
    const doc = { caseId, documentId: 'd1', direction: 'RECEIVED' as const, kind: 'CCTP' as const, title: 'CCTP lot 1', date: '2026-02-02' };
    const recorded = recordCaseDocument(doc, fold(requested), ctx);
    expect(refusalOf(() => recordCaseDocument(doc, fold(recorded, fold(requested)), ctx))).toEqual({ kind: 'conflict', code: 'CASE_DOCUMENT_ALREADY_RECORDED', field: 'documentId' });
  });

  it('proposes hours with the very function a market\'s clause uses: 1,200,000 € × 40 % × 7 % ÷ 32 €/h = 1,050 h', () => {
    expect(proposed[0].data.targetHours).toBe(1050);
    expect(proposed[0].data).toMatchObject(computeTarget(proposalInput.target, { lotId: 'lot-1', estimatedAmountCents: 120_000_000 }));
  });

  it('refuses a proposal on an unknown lot', () => {
    expect(refusalOf(() => proposeClause({ ...proposalInput, clauseTypes: ['EXECUTION'], lotId: 'lot-9' }, atLots, ctx))).toEqual({ kind: 'not_found', code: 'CASE_LOT_NOT_FOUND', field: 'lotId' });
  });

  it('analyses the opportunity per lot', () => {
    const analysed = analyseOpportunity({ caseId, lotId: 'lot-2', jobsGenerated: [{ romeCode: 'A1203', title: 'Ouvrier paysagiste', positions: 2 }], localJobseekersCanFill: true, qpvJobseekersCanFill: true, recommendedClauseTypes: ['EXECUTION'], reason: 'métier accessible', analysedOn: '2026-02-05' }, atLots, ctx);
    expect(stageOf(fold(analysed, atLots)!)).toBe('ANALYSIS');
  });

  it('scores offers only for an award-criterion proposal, within the published grid', () => {
    const grid = { weightPercent: 10, subCriteria: [{ code: 'HOURS', label: 'Heures proposées', maxPoints: 6 }, { code: 'METHOD', label: 'Méthode', maxPoints: 4 }] };
    const bidders = [{ bidder: 'Entreprise A', insertionOffer: '1 200 h', scores: [{ code: 'HOURS', points: 5.5 }, { code: 'METHOD', points: 3 }] }];
    expect(refusalOf(() => scoreOffers({ caseId, lotId: 'lot-1', grid, bidders, scoredOn: '2026-03-01' }, atAdopted, ctx))).toEqual({ kind: 'rule', code: 'NOT_AN_AWARD_CRITERION', field: 'lotId' });
    const awardProposal = fold(proposeClause({ ...proposalInput, lotId: 'lot-2', clauseTypes: ['EXECUTION', 'AWARD_CRITERION'] }, atAdopted, ctx), atAdopted);
    const scored = scoreOffers({ caseId, lotId: 'lot-2', grid, bidders, scoredOn: '2026-03-01' }, awardProposal, ctx);
    expect(scored[0].data.bidders[0].totalPoints).toBe(8.5);
    expect(refusalOf(() => scoreOffers({ caseId, lotId: 'lot-2', grid, bidders: [{ ...bidders[0], scores: [{ code: 'HOURS', points: 7 }, { code: 'METHOD', points: 1 }] }], scoredOn: '2026-03-01' }, awardProposal, ctx)))
      .toEqual({ kind: 'rule', code: 'POINTS_ABOVE_GRID', field: 'bidders[0].scores[0].points' });
  });

  describe('registering the market it became', () => {
    const cmd = { caseId, marketId: 'place-du-marche', executionStart: '2026-06-01', executionEnd: '2027-05-31', linkedOn: '2026-03-15' };
    it('carries the lots and the adopted clauses over, with the same hours', () => {
      const { caseEvents, marketEvents } = registerMarketFromCase(cmd, atAdopted, undefined, ctx);
      expect(caseEvents).toEqual([{ type: 'SupportCaseLinkedToMarket', version: 1, data: { caseId, marketId: 'place-du-marche', linkedOn: '2026-03-15' } }]);
      expect(marketEvents.map((e) => e.type)).toEqual(['MarketRegistered', 'ClauseDefined']);
      expect(marketEvents[0].data).toMatchObject({ facilitatorOrganisationId: 'cd50', title: 'Requalification de la place du marché', buyer: { name: 'Commune de Saint-Lô' }, department: '50',
        lots: [{ lotId: 'lot-1', title: 'VRD', estimatedAmountCents: 120_000_000 }, { lotId: 'lot-2', title: 'Espaces verts', estimatedAmountCents: 60_000_000 }] });
      expect(marketEvents[1].data).toMatchObject({ lotId: 'lot-1', targetHours: 1050, computation: proposed[0].data.computation, penaltyPerMissingHourCents: 3000 });
    });
    it('refuses linking the case to a second market', () => {
      const linked = fold(registerMarketFromCase(cmd, atAdopted, undefined, ctx).caseEvents, atAdopted);
      expect(refusalOf(() => registerMarketFromCase({ ...cmd, marketId: 'autre' }, linked, undefined, ctx))).toEqual({ kind: 'conflict', code: 'SUPPORT_CASE_ALREADY_LINKED', field: 'marketId' });
    });
    it('completes an interrupted registration on retry (case linked, market not yet written)', () => {
      const linked = fold(registerMarketFromCase(cmd, atAdopted, undefined, ctx).caseEvents, atAdopted);
      const retry = registerMarketFromCase(cmd, linked, undefined, ctx);
      expect(retry.caseEvents).toEqual([]);
      expect(retry.marketEvents.map((e) => e.type)).toEqual(['MarketRegistered', 'ClauseDefined']);
    });
    it('needs an adopted proposal', () => {
      expect(refusalOf(() => registerMarketFromCase(cmd, atLots, undefined, ctx))).toEqual({ kind: 'rule', code: 'NO_ADOPTED_PROPOSAL', field: 'caseId' });
    });
  });

  it('closes without a clause only with a reason from the list', () => {
    expect(refusalOf(() => closeSupportCase({ caseId, reason: 'abandon', closedOn: '2026-03-01' }, fold(requested), ctx))).toEqual({ kind: 'rule', code: 'NO_CLAUSE_REASON_REQUIRED', field: 'reasonCode' });
    const closed = closeSupportCase({ caseId, reasonCode: 'PROJECT_ABANDONED', reason: 'projet reporté', closedOn: '2026-03-01' }, fold(requested), ctx);
    expect(closed[0].data.outcome).toBe('NO_CLAUSE');
    expect(refusalOf(() => logCaseAction({ caseId, actionId: 'a9', kind: 'OTHER', date: '2026-03-02', channel: 'EMAIL', participants: [{ kind: 'BUYER', label: 'x' }], summary: 'x' }, fold(closed, fold(requested)), ctx)))
      .toEqual({ kind: 'conflict', code: 'SUPPORT_CASE_CLOSED', field: 'caseId' });
  });
});
