import {
  CaseActionLogged, CaseDocumentRecorded, CompanySupportActionLogged, PromotionActionLogged, SupportCaseEvent,
  SupportLevel, SupportRequested, TargetComputation,
} from '@clause-ledger/domain';
import { asDomainEvent } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';

export interface CaseLotDoc {
  readonly lotId: string;
  readonly title: string;
  readonly estimatedAmountCents: number;
  readonly opportunity?: { localJobseekersCanFill: boolean; qpvJobseekersCanFill: boolean; recommendedClauseTypes: string[]; jobs: number; analysedOn: string };
  readonly proposal?: { clauseTypes: string[]; computation: TargetComputation; targetHours: number; proposedOn: string };
  /** The buyer's answer: undefined while pending. */
  readonly adopted?: boolean;
  readonly answer?: { reason?: string; answeredOn: string };
  readonly offers?: { weightPercent: number; bidders: { bidder: string; totalPoints: number }[]; scoredOn: string };
}

/** One document per support case: what the facilitator's caseload, funnel and activity report read. */
export interface SupportCaseDoc {
  readonly caseId: string;
  /** The SupportRequested event, behind every figure that counts this case. */
  readonly requestEventId: string;
  readonly facilitatorOrganisationId: string;
  readonly facilitatorOrganisation: string;
  readonly buyer: { name: string; kind: string };
  readonly project: SupportRequested['data']['project'];
  readonly channel: string;
  readonly requestedOn: string;
  readonly level: SupportLevel | null;
  readonly levels: { level: SupportLevel; agreedOn: string; reason?: string }[];
  readonly lots: Record<string, CaseLotDoc>;
  readonly actions: Omit<CaseActionLogged['data'], 'caseId' | 'nextAction'>[];
  readonly documents: Omit<CaseDocumentRecorded['data'], 'caseId'>[];
  readonly nextAction: { date: string; summary: string } | null;
  readonly lastActionOn: string;
  readonly marketId: string | null;
  readonly linkedOn: string | null;
  readonly closed: { outcome: 'NO_CLAUSE' | 'COMPLETED'; reasonCode?: string; reason: string; closedOn: string } | null;
}

/** One document per facilitator organisation: its company support and promotion actions. */
export interface FacilitatorActivityDoc {
  readonly organisation: string;
  readonly companySupport: Omit<CompanySupportActionLogged['data'], 'organisation'>[];
  readonly promotion: Omit<PromotionActionLogged['data'], 'organisation'>[];
}

export type SupportCasesReadModel = SupportCaseDoc | FacilitatorActivityDoc;

const CASE_EVENTS = new Set([
  'SupportRequested', 'SupportLevelAgreed', 'CaseActionLogged', 'CaseDocumentRecorded', 'CaseLotsDescribed', 'OpportunityAnalysed',
  'ClauseProposed', 'ClauseProposalAnswered', 'OffersScored', 'SupportCaseLinkedToMarket', 'SupportCaseClosed',
]);

export const caseKey = (caseId: string) => `case:${caseId}`;
export const activityKey = (organisation: string) => `activity:${organisation}`;

export const supportCasesProjection: Projection<SupportCasesReadModel> = {
  name: 'support-cases',
  version: 1,
  keysOf: (event) => {
    if (CASE_EVENTS.has(event.type)) return [caseKey((event.data as { caseId: string }).caseId)];
    if (event.type === 'CompanySupportActionLogged' || event.type === 'PromotionActionLogged') return [activityKey((event.data as { organisation: string }).organisation)];
    return [];
  },
  evolve: (doc, recorded) => {
    const e = asDomainEvent(recorded);
    if (e.type === 'CompanySupportActionLogged' || e.type === 'PromotionActionLogged') return evolveFacilitatorActivityDoc(doc as FacilitatorActivityDoc | undefined, e);
    return evolveSupportCaseDoc(doc as SupportCaseDoc | undefined, e as SupportCaseEvent, recorded.id);
  },
};

export function evolveSupportCaseDoc(doc: SupportCaseDoc | undefined, e: SupportCaseEvent, eventId: string): SupportCaseDoc | undefined {
  if (e.type === 'SupportRequested') {
    const d = e.data;
    return {
      caseId: d.caseId, requestEventId: eventId, facilitatorOrganisationId: d.facilitatorOrganisationId, facilitatorOrganisation: d.facilitatorOrganisation, buyer: { name: d.buyer.name, kind: d.buyer.kind }, project: d.project,
      channel: d.channel, requestedOn: d.requestedOn, level: null, levels: [], lots: {}, actions: [], documents: [], nextAction: null,
      lastActionOn: d.requestedOn, marketId: null, linkedOn: null, closed: null,
    };
  }
  if (!doc) return doc;
  const lot = (lotId: string, change: Partial<CaseLotDoc>) => ({ ...doc, lots: { ...doc.lots, [lotId]: { ...doc.lots[lotId], ...change } } });
  switch (e.type) {
    case 'SupportLevelAgreed':
      return { ...doc, level: e.data.level, levels: [...doc.levels, { level: e.data.level, agreedOn: e.data.agreedOn, ...(e.data.reason ? { reason: e.data.reason } : {}) }] };
    case 'CaseActionLogged': {
      const { caseId: _c, nextAction, ...action } = e.data;
      const latest = e.data.date >= doc.lastActionOn;
      return {
        ...doc, actions: [...doc.actions, action], lastActionOn: latest ? e.data.date : doc.lastActionOn,
        // the latest action's plan replaces the previous one; an action without a plan clears it
        nextAction: latest ? nextAction ?? null : doc.nextAction,
      };
    }
    case 'CaseDocumentRecorded': {
      const { caseId: _c, ...document } = e.data;
      return { ...doc, documents: [...doc.documents, document] };
    }
    case 'CaseLotsDescribed':
      return { ...doc, lots: Object.fromEntries(e.data.lots.map((l) => [l.lotId, { ...doc.lots[l.lotId], ...l }])) };
    case 'OpportunityAnalysed': {
      const d = e.data;
      return lot(d.lotId, { opportunity: {
        localJobseekersCanFill: d.localJobseekersCanFill, qpvJobseekersCanFill: d.qpvJobseekersCanFill, recommendedClauseTypes: [...d.recommendedClauseTypes],
        jobs: d.jobsGenerated.reduce((n, j) => n + j.positions, 0), analysedOn: d.analysedOn,
      } });
    }
    case 'ClauseProposed': {
      const d = e.data;
      return lot(d.lotId, { proposal: { clauseTypes: [...d.clauseTypes], computation: d.computation, targetHours: d.targetHours, proposedOn: d.proposedOn }, adopted: undefined, answer: undefined });
    }
    case 'ClauseProposalAnswered':
      return lot(e.data.lotId, { adopted: e.data.adopted, answer: { ...(e.data.reason ? { reason: e.data.reason } : {}), answeredOn: e.data.answeredOn } });
    case 'OffersScored':
      return lot(e.data.lotId, { offers: { weightPercent: e.data.grid.weightPercent, bidders: e.data.bidders.map((b) => ({ bidder: b.bidder, totalPoints: b.totalPoints })), scoredOn: e.data.scoredOn } });
    case 'SupportCaseLinkedToMarket':
      return { ...doc, marketId: e.data.marketId, linkedOn: e.data.linkedOn };
    case 'SupportCaseClosed': {
      const { caseId: _c, ...closed } = e.data;
      return { ...doc, closed, nextAction: null };
    }
  }
}

function evolveFacilitatorActivityDoc(doc: FacilitatorActivityDoc | undefined, e: CompanySupportActionLogged | PromotionActionLogged): FacilitatorActivityDoc {
  const { organisation, ...action } = e.data;
  const current = doc ?? { organisation, companySupport: [], promotion: [] };
  return e.type === 'CompanySupportActionLogged'
    ? { ...current, companySupport: [...current.companySupport, action as FacilitatorActivityDoc['companySupport'][number]] }
    : { ...current, promotion: [...current.promotion, action as FacilitatorActivityDoc['promotion'][number]] };
}
