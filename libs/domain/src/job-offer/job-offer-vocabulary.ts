import { QualificationLevel } from '../shared/vocabulary';
import { AgeBand } from '../beneficiary/age-band';
import { ruleBroken } from '../shared/domain-error';

/** France Travail's ROME code: a letter for the domain, then 4 digits (F1703 maçonnerie, K2204 nettoyage). */
export const ROME_CODE_PATTERN = /^[A-N]\d{4}$/;

export function requireRomeCode(code: string): void {
  if (!ROME_CODE_PATTERN.test(code)) throw ruleBroken('INVALID_ROME_CODE', `romeCode ${code} is not a ROME code (a letter A to N then 4 digits, e.g. F1703)`, 'romeCode');
}

export interface OfferRequirements {
  readonly drivingLicence: boolean;
  readonly vehicle: boolean;
  /** The lowest qualification level asked for (NONE: open to people without qualification). */
  readonly qualificationLevel: QualificationLevel;
  readonly physicalWork: boolean;
}

/** The steps of a candidacy, in order; NOT_RETAINED ends it at any step before the hire. */
export const CANDIDATE_STAGES = ['PROPOSED', 'PRESELECTED', 'INTERVIEWED', 'HIRED', 'NOT_RETAINED'] as const;
export type CandidateStage = (typeof CANDIDATE_STAGES)[number];

export const NOT_RETAINED_REASONS = ['NOT_ELIGIBLE', 'NOT_AVAILABLE', 'MOBILITY', 'DECLINED_BY_COMPANY', 'DECLINED_BY_CANDIDATE'] as const;
export type NotRetainedReason = (typeof NOT_RETAINED_REASONS)[number];

/** Who brought the candidate: a partner's counsellor, or the facilitator's own outreach (repérage). */
export type CandidateSource = { readonly by: 'PARTNER'; readonly partnerId: string } | { readonly by: 'FACILITATOR' };

/** Non-identifying attributes only: what the sourcing figures count, never who the person is. */
export interface CandidateProfile {
  readonly qpvResident: boolean;
  readonly sex: 'F' | 'M';
  readonly ageBand: AgeBand;
}

export const OFFER_STATUSES = ['OPEN', 'FILLED', 'CANCELLED', 'EXPIRED'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
