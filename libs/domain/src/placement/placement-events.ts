import { DomainEvent } from '../shared/domain-event';
import {
  ContractType, EligibilityCriterion, ExitCategory, FollowUpMilestone, FollowUpSituation, HoursSource, Modality, PlacementEndReason,
} from '../shared/vocabulary';

/** Who the hours are for and on which obligation: repeated on every hours event so each one stands alone for an auditor. */
export interface PlacementRef {
  placementId: string;
  marketId: string;
  lotId: string;
  companyId: string;
  beneficiaryId: string;
}

export type BeneficiaryPlaced = DomainEvent<'BeneficiaryPlaced', PlacementRef & {
  modality: Modality;
  contractType: ContractType;
  startDate: string;
  plannedEndDate: string;
  /** The eligibility that made the person count, as validated when the placement started. */
  eligibility: { criteria: EligibilityCriterion[]; validatedOn: string; validUntil: string };
  placedOn: string;
}>;

export type HoursDeclared = DomainEvent<'HoursDeclared', PlacementRef & {
  month: string;
  hours: number;
  source: HoursSource;
  modality: Modality;
  declaredOn: string;
}>;

/** A correction never edits the declaration: it states the new figure and why. */
export type HoursCorrected = DomainEvent<'HoursCorrected', PlacementRef & {
  month: string;
  previousHours: number;
  hours: number;
  source: HoursSource;
  reason: string;
  correctedOn: string;
}>;

export type PlacementEnded = DomainEvent<'PlacementEnded', PlacementRef & {
  endDate: string;
  reason: PlacementEndReason;
  endedOn: string;
}>;

/** Where the person stands 6 or 12 months after the contract ended. */
export type FollowUpRecorded = DomainEvent<'FollowUpRecorded', PlacementRef & {
  milestone: FollowUpMilestone;
  situation: FollowUpSituation;
  exitCategory: ExitCategory;
  recordedOn: string;
}>;

export type PlacementEvent = BeneficiaryPlaced | HoursDeclared | HoursCorrected | PlacementEnded | FollowUpRecorded;
export const PLACEMENT_EVENT_TYPES: ReadonlySet<string> = new Set(['BeneficiaryPlaced', 'HoursDeclared', 'HoursCorrected', 'PlacementEnded', 'FollowUpRecorded']);
