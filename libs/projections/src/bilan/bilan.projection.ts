import { RecordedEvent } from '@clause-ledger/event-store';
import {
  AgeBand, ClauseDefined, ContractType, EligibilityCriterion, ExitCategory, MarketRegistered, Modality, QualificationLevel, QualitativeAssessment, Sex,
  TargetComputation, toCentiHours,
} from '@clause-ledger/domain';
import { Projection } from '../runner/projection';
import { asDomainEvent } from '@clause-ledger/domain';

/**
 * The facts a bilan is computed from, each kept with the ids of the events it comes from, so an
 * auditor can trace every figure back to the log. Documents: market:<id>, placement:<id>,
 * beneficiary:<id>, company:<id>. Names never enter this read model.
 */
export interface BilanMarketDoc {
  readonly kind: 'market';
  readonly market: Omit<MarketRegistered['data'], 'lots' | 'registeredOn'> & { registeredEventId: string };
  readonly lots: Record<string, BilanLot>;
  readonly placementIds: readonly string[];
  readonly closure?: { closedOn: string; earlyClosureReason?: string; qualitative: QualitativeAssessment; eventId: string };
}

export interface BilanLot {
  readonly lotId: string;
  readonly title: string;
  readonly estimatedAmountCents: number;
  readonly clauseTypes: ClauseDefined['data']['clauseTypes'];
  readonly computation?: TargetComputation;
  readonly targetHours: number;
  readonly penaltyPerMissingHourCents: number;
  readonly companyId?: string;
  readonly committedHours?: number;
  /** ClauseDefined then ClauseAccepted: where the obligation comes from. */
  readonly obligationEventIds: readonly string[];
}

export interface BilanPlacementDoc {
  readonly kind: 'placement';
  readonly placementId: string;
  readonly marketId: string;
  readonly lotId: string;
  readonly companyId: string;
  readonly beneficiaryId: string;
  readonly modality: Modality;
  readonly contractType: ContractType;
  readonly startDate: string;
  readonly plannedEndDate: string;
  readonly endDate?: string;
  readonly criteria: readonly EligibilityCriterion[];
  readonly placedEventId: string;
  /** Current hundredths of an hour per month, with the declaration and corrections that set them. */
  readonly months: Record<string, { centi: number; eventIds: string[] }>;
  readonly followUps: Partial<Record<'6' | '12', { situation: string; exitCategory: ExitCategory; recordedOn: string; eventId: string }>>;
}

export interface BilanBeneficiaryDoc {
  readonly kind: 'beneficiary';
  readonly beneficiaryId: string;
  /** At registration: the exact birth date is sealed with the identity, never in a read model. */
  readonly ageBand: AgeBand;
  readonly sex: Sex;
  readonly department: string;
  readonly qpvResident: boolean;
  readonly qualificationLevel: QualificationLevel;
  readonly eventId: string;
}

export interface BilanCompanyDoc {
  readonly kind: 'company';
  readonly companyId: string;
  readonly name: string;
  readonly postcode: string;
  readonly companyKind: string;
  readonly isSiae: boolean;
  readonly eventId: string;
}

export type BilanDoc = BilanMarketDoc | BilanPlacementDoc | BilanBeneficiaryDoc | BilanCompanyDoc;

export const bilanProjection: Projection<BilanDoc> = {
  name: 'bilans',
  // 2: beneficiaries carry an age band and a département instead of a birth date and a postcode
  version: 2,
  keysOf: (event) => {
    const d = event.data as { marketId?: string; placementId?: string; beneficiaryId?: string; companyId?: string };
    switch (event.type) {
      case 'MarketRegistered': case 'ClauseDefined': case 'ClauseAccepted': case 'MarketClosed':
        return [`market:${d.marketId}`];
      case 'BeneficiaryPlaced':
        return [`market:${d.marketId}`, `placement:${d.placementId}`];
      case 'HoursDeclared': case 'HoursCorrected': case 'PlacementEnded': case 'FollowUpRecorded':
        return [`placement:${d.placementId}`];
      case 'BeneficiaryRegistered':
        return [`beneficiary:${d.beneficiaryId}`];
      case 'CompanyRegistered':
        return [`company:${d.companyId}`];
      default:
        return [];
    }
  },
  evolve: (doc, event) => evolveBilan(doc, event),
};

function evolveBilan(doc: BilanDoc | undefined, recorded: RecordedEvent): BilanDoc | undefined {
  const e = asDomainEvent(recorded);
  const id = recorded.id;
  switch (e.type) {
    case 'MarketRegistered': {
      const { lots, registeredOn: _r, ...market } = e.data;
      return {
        kind: 'market', market: { ...market, registeredEventId: id }, placementIds: [],
        lots: Object.fromEntries(lots.map((l) => [l.lotId, { ...l, clauseTypes: [], targetHours: 0, penaltyPerMissingHourCents: 0, obligationEventIds: [] }])),
      };
    }
    case 'CompanyRegistered':
      return { kind: 'company', companyId: e.data.companyId, name: e.data.name, postcode: e.data.postcode, companyKind: e.data.kind, isSiae: e.data.isSiae, eventId: id };
    case 'BeneficiaryRegistered': {
      const { beneficiaryId, ageBand, sex, department, qpvResident, qualificationLevel } = e.data;
      return { kind: 'beneficiary', beneficiaryId, ageBand, sex, department, qpvResident, qualificationLevel, eventId: id };
    }
    default:
      break;
  }
  if (doc?.kind === 'market') {
    const lot = (lotId: string, change: (l: BilanLot) => BilanLot): BilanMarketDoc => (doc.lots[lotId] ? { ...doc, lots: { ...doc.lots, [lotId]: change(doc.lots[lotId]) } } : doc);
    switch (e.type) {
      case 'ClauseDefined':
        return lot(e.data.lotId, (l) => ({
          ...l, clauseTypes: e.data.clauseTypes, computation: e.data.computation, targetHours: e.data.targetHours,
          penaltyPerMissingHourCents: e.data.penaltyPerMissingHourCents, obligationEventIds: [id],
        }));
      case 'ClauseAccepted':
        return lot(e.data.lotId, (l) => ({ ...l, companyId: e.data.companyId, committedHours: e.data.committedHours, obligationEventIds: [...l.obligationEventIds, id] }));
      case 'MarketClosed':
        return { ...doc, closure: { closedOn: e.data.closedOn, ...(e.data.earlyClosureReason ? { earlyClosureReason: e.data.earlyClosureReason } : {}), qualitative: e.data.qualitative, eventId: id } };
      case 'BeneficiaryPlaced':
        return { ...doc, placementIds: [...doc.placementIds, e.data.placementId] };
      default:
        return doc;
    }
  }
  if (e.type === 'BeneficiaryPlaced') {
    const d = e.data;
    return {
      kind: 'placement', placementId: d.placementId, marketId: d.marketId, lotId: d.lotId, companyId: d.companyId, beneficiaryId: d.beneficiaryId,
      modality: d.modality, contractType: d.contractType, startDate: d.startDate, plannedEndDate: d.plannedEndDate, criteria: d.eligibility.criteria,
      placedEventId: id, months: {}, followUps: {},
    };
  }
  if (doc?.kind !== 'placement') return doc;
  switch (e.type) {
    case 'HoursDeclared':
      return { ...doc, months: { ...doc.months, [e.data.month]: { centi: toCentiHours(e.data.hours), eventIds: [id] } } };
    case 'HoursCorrected': {
      const before = doc.months[e.data.month];
      return { ...doc, months: { ...doc.months, [e.data.month]: { centi: toCentiHours(e.data.hours), eventIds: [...(before?.eventIds ?? []), id] } } };
    }
    case 'PlacementEnded':
      return { ...doc, endDate: e.data.endDate };
    case 'FollowUpRecorded':
      return { ...doc, followUps: { ...doc.followUps, [String(e.data.milestone)]: { situation: e.data.situation, exitCategory: e.data.exitCategory, recordedOn: e.data.recordedOn, eventId: id } } };
    default:
      return doc;
  }
}
