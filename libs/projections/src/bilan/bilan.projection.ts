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
 * placement-months:<marketId>:<placementId>:<YYYY>, beneficiary:<id>, company:<id>. Names never enter this read model.
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
  /**
   * The years with a placement-months document, in order. A declaration rewrites its year's document
   * only (this one grew with every month declared and was most of what a declaration wrote).
   */
  readonly years: readonly string[];
  readonly followUps: Partial<Record<'6' | '12', { situation: string; exitCategory: ExitCategory; recordedOn: string; eventId: string }>>;
}

/** Current hundredths of an hour per month, with the declaration and corrections that set them. */
export type HoursByMonth = Record<string, { centi: number; eventIds: string[] }>;

/** One year of a placement's months ('YYYY-MM' keys of that year); its key names the market, the placement and the year. */
export interface BilanPlacementMonthsDoc {
  readonly kind: 'placement-months';
  readonly months: HoursByMonth;
}

/**
 * The market first: a bilan read cold reads all its market's year documents in one range read. The
 * ids are escaped (':' and '%' at least): the API refuses ':' in ids, but an operator's correction of an
 * event is not checked against the API's rules, and one market's prefix must never be another's.
 */
export const placementMonthsPrefix = (marketId: string): string => `placement-months:${encodeURIComponent(marketId)}:`;
export const placementMonthsKey = (marketId: string, placementId: string, year: string): string =>
  `${placementMonthsPrefix(marketId)}${encodeURIComponent(placementId)}:${year}`;

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

export type BilanDoc = BilanMarketDoc | BilanPlacementDoc | BilanPlacementMonthsDoc | BilanBeneficiaryDoc | BilanCompanyDoc;

export const bilanProjection: Projection<BilanDoc> = {
  name: 'bilans',
  // 2: beneficiaries carry an age band and a département instead of a birth date and a postcode
  // 3: a placement's months in one document per year (placement-months), no longer in the placement's
  version: 3,
  keysOf: (event, read) => {
    const d = event.data as { marketId?: string; placementId?: string; beneficiaryId?: string; companyId?: string; month?: unknown };
    switch (event.type) {
      case 'MarketRegistered': case 'ClauseDefined': case 'ClauseAccepted': case 'MarketClosed':
        return [`market:${d.marketId}`];
      case 'BeneficiaryPlaced':
        return [`market:${d.marketId}`, `placement:${d.placementId}`];
      // the placement's document too: it lists a new year, and a parked declaration blocks the placement as a whole
      case 'HoursDeclared': case 'HoursCorrected': {
        // the year document is keyed by the placement's market, as its readers find it (not by the event's, which a
        // correction may have changed); hours of an unknown placement, or without a month, go to the placement's
        // document alone (nothing counted; a month evolve cannot read parks the event, blocking the placement)
        const placement = read(`placement:${d.placementId}`) as BilanDoc | undefined;
        if (placement?.kind !== 'placement' || typeof d.month !== 'string') return [`placement:${d.placementId}`];
        return [`placement:${d.placementId}`, placementMonthsKey(placement.marketId, placement.placementId, d.month.slice(0, 4))];
      }
      case 'PlacementEnded': case 'FollowUpRecorded':
        return [`placement:${d.placementId}`];
      case 'BeneficiaryRegistered':
        return [`beneficiary:${d.beneficiaryId}`];
      case 'CompanyRegistered':
        return [`company:${d.companyId}`];
      default:
        return [];
    }
  },
  evolve: (doc, event, key) => (key.startsWith('placement-months:') ? evolveMonths(doc as BilanPlacementMonthsDoc | undefined, event) : evolveBilan(doc, event)),
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
      placedEventId: id, years: [], followUps: {},
    };
  }
  if (doc?.kind !== 'placement') return doc;
  switch (e.type) {
    case 'HoursDeclared': case 'HoursCorrected': {
      // the same object when the year is known: the runner does not write it again
      const year = e.data.month.slice(0, 4);
      return doc.years.includes(year) ? doc : { ...doc, years: [...doc.years, year].sort() };
    }
    case 'PlacementEnded':
      return { ...doc, endDate: e.data.endDate };
    case 'FollowUpRecorded':
      return { ...doc, followUps: { ...doc.followUps, [String(e.data.milestone)]: { situation: e.data.situation, exitCategory: e.data.exitCategory, recordedOn: e.data.recordedOn, eventId: id } } };
    default:
      return doc;
  }
}

/** A year of a placement's months: a declaration sets the month, a correction replaces its figure and joins the events behind it. */
function evolveMonths(doc: BilanPlacementMonthsDoc | undefined, recorded: RecordedEvent): BilanPlacementMonthsDoc | undefined {
  const e = asDomainEvent(recorded);
  // only hours of a placement this read model knows reach a year document (keysOf)
  if (e.type !== 'HoursDeclared' && e.type !== 'HoursCorrected') return doc;
  const { month, hours } = e.data;
  const months = doc?.months ?? {};
  const eventIds = e.type === 'HoursCorrected' ? [...(months[month]?.eventIds ?? []), recorded.id] : [recorded.id];
  return { kind: 'placement-months', months: { ...months, [month]: { centi: toCentiHours(hours), eventIds } } };
}
