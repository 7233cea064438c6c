import { DomainEvent } from '../shared/domain-event';
import { BuyerKind, ClauseType, MarketKind } from '../shared/vocabulary';

export interface Buyer {
  readonly name: string;
  readonly kind: BuyerKind;
  /** Where alerts to the buyer are sent. */
  readonly contactEmail?: string;
}

export interface LotRegistration {
  readonly lotId: string;
  readonly title: string;
  readonly estimatedAmountCents: number;
}

export type MarketRegistered = DomainEvent<'MarketRegistered', {
  marketId: string;
  reference?: string;
  title: string;
  kind: MarketKind;
  buyer: Buyer;
  territory: string;
  /** Département code (50, 2A, 971...): a company is local when its postcode is in it. */
  department: string;
  /** The facilitator's organisation (OPCS) following the market. */
  facilitatorOrganisation: string;
  /** The registering facilitator's organisation id (from its sign-in, never the request body); absent on events before sign-in existed. */
  facilitatorOrganisationId?: string;
  /** The buyer's organisation id, when the buyer signs in to read its tracking, alerts and bilans. */
  buyerOrganisationId?: string;
  executionStart: string;
  executionEnd: string;
  lots: LotRegistration[];
  registeredOn: string;
}>;

/** How the target was set, kept with its inputs so a bilan can show the computation. */
export type TargetComputation =
  | {
      mode: 'COMPUTED';
      estimatedAmountCents: number;
      labourSharePercent: number;
      insertionRatePercent: number;
      hourlyCostCents: number;
      /** target = amount × labour share × rate ÷ hourly cost, rounded to the nearest whole hour */
      rounding: 'NEAREST_HOUR';
    }
  | { mode: 'FIXED'; hours: number; basis: 'WHOLE_MARKET' | 'PER_YEAR' | 'PER_ORDER'; note?: string };

export type ClauseDefined = DomainEvent<'ClauseDefined', {
  marketId: string;
  lotId: string;
  clauseTypes: ClauseType[];
  computation: TargetComputation;
  targetHours: number;
  penaltyPerMissingHourCents: number;
  definedOn: string;
}>;

export type ClauseAccepted = DomainEvent<'ClauseAccepted', {
  marketId: string;
  lotId: string;
  companyId: string;
  targetHours: number;
  committedHours: number;
  acceptedOn: string;
}>;

/** The facilitator's qualitative part of the bilan, written when the market is closed. */
export interface QualitativeAssessment {
  summary: string;
  difficulties?: string;
  perspectives?: string;
  writtenBy: string;
}

/** Execution is over: the bilan is issued on the figures as they stand, and hours can no longer change. */
export type MarketClosed = DomainEvent<'MarketClosed', {
  marketId: string;
  closedOn: string;
  /** Set when the market closes before its execution end (termination, early completion). */
  earlyClosureReason?: string;
  qualitative: QualitativeAssessment;
}>;

export type MarketEvent = MarketRegistered | ClauseDefined | ClauseAccepted | MarketClosed;
export const MARKET_EVENT_TYPES: ReadonlySet<string> = new Set(['MarketRegistered', 'ClauseDefined', 'ClauseAccepted', 'MarketClosed']);
