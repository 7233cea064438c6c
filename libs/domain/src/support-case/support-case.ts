import { Buyer } from '../market/market-events';
import { SupportLevel } from '../shared/vocabulary';
import {
  CaseLot, ClauseProposed, OpportunityAnalysed, OffersScored, SupportCaseEvent, SupportRequested,
} from './support-case-events';

export const supportCaseStreamId = (caseId: string) => `support-case-${caseId}`;

/** Where a case stands, from the first call to the market it became. */
export type CaseStage = 'REQUESTED' | 'ANALYSIS' | 'PROPOSAL' | 'ADOPTED' | 'MARKET' | 'CLOSED';

export interface CaseLotState extends CaseLot {
  readonly opportunity?: OpportunityAnalysed['data'];
  readonly proposal?: ClauseProposed['data'];
  /** The buyer's answer to the proposal: undefined while it is pending. */
  readonly adopted?: boolean;
  readonly offers?: OffersScored['data'];
}

export interface SupportCase {
  readonly caseId: string;
  readonly facilitatorOrganisationId: string;
  readonly facilitatorOrganisation: string;
  readonly buyer: Buyer;
  readonly project: SupportRequested['data']['project'];
  readonly requestedOn: string;
  readonly level?: SupportLevel;
  readonly lots: Readonly<Record<string, CaseLotState>>;
  readonly actionIds: readonly string[];
  readonly documentIds: readonly string[];
  readonly lastActionOn: string;
  readonly marketId?: string;
  readonly closed?: { outcome: 'NO_CLAUSE' | 'COMPLETED'; closedOn: string };
}

export type MaybeSupportCase = SupportCase | undefined;

export function evolveSupportCase(state: MaybeSupportCase, event: SupportCaseEvent): MaybeSupportCase {
  if (event.type === 'SupportRequested') {
    const d = event.data;
    return {
      caseId: d.caseId, facilitatorOrganisationId: d.facilitatorOrganisationId, facilitatorOrganisation: d.facilitatorOrganisation, buyer: d.buyer, project: d.project, requestedOn: d.requestedOn,
      lots: {}, actionIds: [], documentIds: [], lastActionOn: d.requestedOn,
    };
  }
  if (!state) throw new Error(`${event.type} for a support case that was never requested`);
  switch (event.type) {
    case 'SupportLevelAgreed':
      return { ...state, level: event.data.level };
    case 'CaseActionLogged':
      return { ...state, actionIds: [...state.actionIds, event.data.actionId], lastActionOn: later(state.lastActionOn, event.data.date) };
    case 'CaseDocumentRecorded':
      return { ...state, documentIds: [...state.documentIds, event.data.documentId] };
    case 'CaseLotsDescribed':
      return { ...state, lots: Object.fromEntries(event.data.lots.map((l) => [l.lotId, { ...state.lots[l.lotId], ...l }])) };
    case 'OpportunityAnalysed':
      return withLot(state, event.data.lotId, { opportunity: event.data });
    case 'ClauseProposed':
      // a new proposal reopens the buyer's answer
      return withLot(state, event.data.lotId, { proposal: event.data, adopted: undefined });
    case 'ClauseProposalAnswered':
      return withLot(state, event.data.lotId, { adopted: event.data.adopted });
    case 'OffersScored':
      return withLot(state, event.data.lotId, { offers: event.data });
    case 'SupportCaseLinkedToMarket':
      return { ...state, marketId: event.data.marketId };
    case 'SupportCaseClosed':
      return { ...state, closed: { outcome: event.data.outcome, closedOn: event.data.closedOn } };
  }
}

/** What the stage is derived from: the case state and its read model both have it. */
export interface CaseProgress {
  readonly closed?: unknown;
  readonly marketId?: string | null;
  readonly lots: Readonly<Record<string, { readonly opportunity?: unknown; readonly proposal?: unknown; readonly adopted?: boolean }>>;
}

/** The stage a case is at, derived from what happened (never stored, so it cannot disagree). */
export function stageOf(c: CaseProgress): CaseStage {
  if (c.closed) return 'CLOSED';
  if (c.marketId) return 'MARKET';
  const lots = Object.values(c.lots);
  if (lots.some((l) => l.adopted)) return 'ADOPTED';
  if (lots.some((l) => l.proposal)) return 'PROPOSAL';
  if (lots.some((l) => l.opportunity)) return 'ANALYSIS';
  return 'REQUESTED';
}

function withLot(state: SupportCase, lotId: string, change: Partial<CaseLotState>): SupportCase {
  return { ...state, lots: { ...state.lots, [lotId]: { ...state.lots[lotId], ...change } } };
}

const later = (a: string, b: string) => (a > b ? a : b);
