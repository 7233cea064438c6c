import { DomainEvent } from '../shared/domain-event';
import { Buyer, TargetComputation } from '../market/market-events';
import {
  CaseActionKind, CaseDocumentKind, ClauseType, ContactChannel, MarketKind, NoClauseReason, ParticipantKind, SupportLevel,
} from '../shared/vocabulary';

/** The buyer's person to talk to (a professional contact, not a beneficiary). */
export interface CaseContact {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

export interface CaseProject {
  title: string;
  territory: string;
  /** Département code, as for a market. */
  department: string;
  marketKind: MarketKind;
  estimatedAmountCents: number;
  /** Expected publication of the tender, YYYY-MM. */
  expectedPublication: string;
}

/** A buyer asks the facilitator for help (demande d'accompagnement). */
export type SupportRequested = DomainEvent<'SupportRequested', {
  caseId: string;
  /** The owner: the facilitator organisation of whoever took the request (from its sign-in). */
  facilitatorOrganisationId: string;
  /** Its name, as the buyer knows it. */
  facilitatorOrganisation: string;
  buyer: Buyer;
  contact: CaseContact;
  project: CaseProject;
  channel: ContactChannel;
  requestedOn: string;
}>;

/** The level of service agreed with the buyer, first set or changed later (with the reason). */
export type SupportLevelAgreed = DomainEvent<'SupportLevelAgreed', {
  caseId: string;
  level: SupportLevel;
  previousLevel?: SupportLevel;
  reason?: string;
  agreedOn: string;
}>;

export interface Participant {
  kind: ParticipantKind;
  /** An organisation or a role; never a beneficiary's name. */
  label: string;
}

export type CaseActionLogged = DomainEvent<'CaseActionLogged', {
  caseId: string;
  actionId: string;
  kind: CaseActionKind;
  date: string;
  channel: ContactChannel;
  participants: Participant[];
  summary: string;
  /** The next step planned, shown in the facilitator's caseload. */
  nextAction?: { date: string; summary: string };
}>;

export type CaseDocumentRecorded = DomainEvent<'CaseDocumentRecorded', {
  caseId: string;
  documentId: string;
  direction: 'RECEIVED' | 'SENT';
  kind: CaseDocumentKind;
  title: string;
  date: string;
}>;

/** The tender's lots, from the estimate per lot (the market's lots once it is registered). */
export interface CaseLot {
  lotId: string;
  title: string;
  estimatedAmountCents: number;
}

export type CaseLotsDescribed = DomainEvent<'CaseLotsDescribed', {
  caseId: string;
  lots: CaseLot[];
  describedOn: string;
}>;

export interface JobGenerated {
  /** France Travail's job classification, e.g. F1703 maçonnerie. */
  romeCode: string;
  title: string;
  positions: number;
}

/** Analyse d'opportunité: can local and QPV jobseekers really take the jobs this lot generates? */
export type OpportunityAnalysed = DomainEvent<'OpportunityAnalysed', {
  caseId: string;
  lotId: string;
  jobsGenerated: JobGenerated[];
  localJobseekersCanFill: boolean;
  qpvJobseekersCanFill: boolean;
  recommendedClauseTypes: ClauseType[];
  reason: string;
  analysedOn: string;
}>;

/** Proposition de clause: computed with the same target function as a market's clause. */
export type ClauseProposed = DomainEvent<'ClauseProposed', {
  caseId: string;
  lotId: string;
  clauseTypes: ClauseType[];
  computation: TargetComputation;
  targetHours: number;
  penaltyPerMissingHourCents: number;
  proposedOn: string;
}>;

export type ClauseProposalAnswered = DomainEvent<'ClauseProposalAnswered', {
  caseId: string;
  lotId: string;
  adopted: boolean;
  reason?: string;
  answeredOn: string;
}>;

export interface AwardCriterionGrid {
  /** Weight of the insertion criterion in the award, in percent. */
  weightPercent: number;
  /** The published sub-criteria and their maximum points. */
  subCriteria: { code: string; label: string; maxPoints: number }[];
}

export interface BidderScore {
  bidder: string;
  siret?: string;
  insertionOffer: string;
  offeredHours?: number;
  scores: { code: string; points: number }[];
  totalPoints: number;
}

/** Analyse des offres for an award-criterion market: scores kept with the published grid. */
export type OffersScored = DomainEvent<'OffersScored', {
  caseId: string;
  lotId: string;
  grid: AwardCriterionGrid;
  bidders: BidderScore[];
  scoredOn: string;
}>;

/** The case became this market (registered from its adopted proposals). */
export type SupportCaseLinkedToMarket = DomainEvent<'SupportCaseLinkedToMarket', {
  caseId: string;
  marketId: string;
  linkedOn: string;
}>;

export type SupportCaseClosed = DomainEvent<'SupportCaseClosed', {
  caseId: string;
  outcome: 'NO_CLAUSE' | 'COMPLETED';
  reasonCode?: NoClauseReason;
  reason: string;
  closedOn: string;
}>;

export type SupportCaseEvent =
  | SupportRequested | SupportLevelAgreed | CaseActionLogged | CaseDocumentRecorded | CaseLotsDescribed | OpportunityAnalysed
  | ClauseProposed | ClauseProposalAnswered | OffersScored | SupportCaseLinkedToMarket | SupportCaseClosed;

export const SUPPORT_CASE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'SupportRequested', 'SupportLevelAgreed', 'CaseActionLogged', 'CaseDocumentRecorded', 'CaseLotsDescribed', 'OpportunityAnalysed',
  'ClauseProposed', 'ClauseProposalAnswered', 'OffersScored', 'SupportCaseLinkedToMarket', 'SupportCaseClosed',
]);
