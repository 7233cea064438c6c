/** The shared vocabulary of DOMAIN.md (clause types, modalities, contracts, criteria...). */

export const MARKET_KINDS = ['WORKS', 'SERVICES', 'SUPPLIES', 'INTELLECTUAL_SERVICES'] as const;
export type MarketKind = (typeof MARKET_KINDS)[number];

export const BUYER_KINDS = [
  'COMMUNE', 'EPCI', 'DEPARTEMENT', 'REGION', 'STATE', 'SOCIAL_LANDLORD', 'HOSPITAL', 'PUBLIC_ESTABLISHMENT', 'OTHER',
] as const;
export type BuyerKind = (typeof BUYER_KINDS)[number];

/** Code de la commande publique, 2019 reform. */
export const CLAUSE_TYPES = [
  'EXECUTION', // L2112-2, CCAG 2021 art. 16.1
  'AWARD_CRITERION', // R2152-7
  'RESERVED_DISABILITY', // L2113-12
  'RESERVED_SIAE', // L2113-13
  'RESERVED_ESS', // L2113-15
  'INSERTION_MARKET', // R2123-1
] as const;
export type ClauseType = (typeof CLAUSE_TYPES)[number];

/** How insertion hours count. */
export const MODALITIES = [
  'DIRECT_HIRE', 'ETTI', 'AI', 'GEIQ', 'ETT', 'SIAE_SUBCONTRACT', 'SIAE_COCONTRACT', 'DISABILITY_SUBCONTRACT', 'TRAINING',
] as const;
export type Modality = (typeof MODALITIES)[number];

export const CONTRACT_TYPES = [
  'PERMANENT', 'FIXED_TERM', 'FIXED_TERM_I', 'APPRENTICESHIP', 'PROFESSIONAL_TRAINING', 'TEMPORARY', 'OTHER',
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const COMPANY_KINDS = ['ACI', 'AI', 'EA', 'EATT', 'EI', 'EITI', 'ETTI', 'GEIQ', 'ESAT', 'OPCS', 'ORDINARY'] as const;
export type CompanyKind = (typeof COMPANY_KINDS)[number];
export const SIAE_KINDS: readonly CompanyKind[] = ['AI', 'ACI', 'EI', 'EITI', 'ETTI'];
export const DISABILITY_KINDS: readonly CompanyKind[] = ['EA', 'EATT', 'ESAT'];

export const ELIGIBILITY_CRITERIA = [
  'RSA', 'AAH', 'ASS', 'DELD', 'DETLD', 'JEUNE', 'SENIOR', 'TH', 'QPV', 'PLIE', 'SIAE_PATH', 'ASE', 'REF_DA',
  'DETENTION_MJ', 'CAP_BEP',
  // a person in difficulty accepted on the reasoned opinion of France Travail, a Mission locale, Cap emploi or the MDPH
  'PRESCRIBER_OPINION',
] as const;
export type EligibilityCriterion = (typeof ELIGIBILITY_CRITERIA)[number];

/** Kinds of proof the facilitator saw; the proof itself is never stored. */
export const PROOF_KINDS = [
  'CAF_CERTIFICATE', 'FRANCE_TRAVAIL_CERTIFICATE', 'MDPH_DECISION', 'ID_DOCUMENT', 'ADDRESS_PROOF', 'PRESCRIBER_FORM',
  'SIAE_PASS', 'DIPLOMA_STATEMENT', 'OTHER',
] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];

export const SEXES = ['F', 'M'] as const;
export type Sex = (typeof SEXES)[number];

/** French qualification levels (nomenclature 2019): 3 = CAP/BEP ... 8 = doctorate; NONE below 3. */
export const QUALIFICATION_LEVELS = ['NONE', '3', '4', '5', '6', '7', '8'] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];

export const HOURS_SOURCES = ['PAYSLIP', 'TIMESHEET', 'INVOICE', 'STRUCTURE_STATEMENT', 'TRAINING_CERTIFICATE'] as const;
export type HoursSource = (typeof HOURS_SOURCES)[number];

/** A person's situation at the 6- and 12-month follow-up after the contract (les-emplois vocabulary). */
export const FOLLOW_UP_SITUATIONS = [
  'PERMANENT_CONTRACT', 'FIXED_TERM_6M_OR_MORE', 'TEMPORARY_6M_OR_MORE', 'BUSINESS_CREATION', // emploi durable
  'FIXED_TERM_UNDER_6M', 'TEMPORARY_UNDER_6M', 'SUBSIDISED_CONTRACT', // emploi de transition
  'QUALIFYING_TRAINING', 'OTHER_SIAE', // sortie positive
  'JOBSEEKER', 'INACTIVE', 'UNKNOWN', 'OTHER', // autres sorties
] as const;
export type FollowUpSituation = (typeof FOLLOW_UP_SITUATIONS)[number];

export type ExitCategory = 'DURABLE_EMPLOYMENT' | 'TRANSITION_EMPLOYMENT' | 'POSITIVE_EXIT' | 'OTHER_EXIT';

export function exitCategoryOf(situation: FollowUpSituation): ExitCategory {
  switch (situation) {
    case 'PERMANENT_CONTRACT': case 'FIXED_TERM_6M_OR_MORE': case 'TEMPORARY_6M_OR_MORE': case 'BUSINESS_CREATION':
      return 'DURABLE_EMPLOYMENT';
    case 'FIXED_TERM_UNDER_6M': case 'TEMPORARY_UNDER_6M': case 'SUBSIDISED_CONTRACT':
      return 'TRANSITION_EMPLOYMENT';
    case 'QUALIFYING_TRAINING': case 'OTHER_SIAE':
      return 'POSITIVE_EXIT';
    default:
      return 'OTHER_EXIT';
  }
}

/** Sorties dynamiques = emploi durable + emploi de transition + sortie positive. */
export const isDynamicExit = (category: ExitCategory): boolean => category !== 'OTHER_EXIT';

export const FOLLOW_UP_MILESTONES = [6, 12] as const;
export type FollowUpMilestone = (typeof FOLLOW_UP_MILESTONES)[number];

export const PLACEMENT_END_REASONS = ['CONTRACT_COMPLETED', 'RESIGNATION', 'DISMISSAL', 'TRIAL_PERIOD_ENDED', 'OTHER'] as const;
export type PlacementEndReason = (typeof PLACEMENT_END_REASONS)[number];

/** Metropolitan départements 01-95 (with Corsica's 2A and 2B) and overseas 971-976. */
export function isDepartmentCode(code: string): boolean {
  return /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/.test(code) && code !== '20';
}

/** The département of a French postcode (Corsica: 200xx-201xx -> 2A, 202xx-206xx -> 2B; overseas: 3 digits). */
export function departmentOfPostcode(postcode: string): string {
  if (postcode.startsWith('97')) return postcode.slice(0, 3);
  if (postcode.startsWith('20')) return Number(postcode) < 20200 ? '2A' : '2B';
  return postcode.slice(0, 2);
}

/** Manche's service levels: 1 first advice, 2 drafting the tender, 3 execution follow-up (1 and 2 are free). */
export const SUPPORT_LEVELS = [1, 2, 3] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

export const CONTACT_CHANNELS = ['PHONE', 'EMAIL', 'MEETING', 'VIDEO_CALL', 'POST', 'WEB_FORM'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** What the facilitator did on a support case (seed 000's three levels, seed 001's axis 1). */
export const CASE_ACTION_KINDS = [
  'FIRST_CONTACT', 'FIRST_ADVICE', 'REGULATORY_INFORMATION', // level 1
  'TENDER_DOCUMENTS_REVIEW', 'WRITING_GUIDE_SENT', 'OFFER_ANALYSIS_SUPPORT', 'COMPANY_ANSWER_SUPPORT', // level 2
  'LAUNCH_MEETING', 'COMPANY_SUPPORT', 'BUYER_ALERT', 'EXECUTION_FOLLOW_UP', 'BILAN_MEETING', // level 3
  'OTHER',
] as const;
export type CaseActionKind = (typeof CASE_ACTION_KINDS)[number];

export const PARTICIPANT_KINDS = ['BUYER', 'COMPANY', 'FACILITATOR', 'EMPLOYMENT_PARTNER', 'SIAE', 'ELECTED_OFFICIAL', 'OTHER'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/** Documents of a tender (DCE) received, and what the facilitator sends back. */
export const CASE_DOCUMENT_KINDS = [
  'CCTP', 'CCAP', 'RC', 'ESTIMATE_PER_LOT', 'PLANNING', 'AE', // received
  'WRITING_GUIDE', 'CLAUSE_PROPOSAL', 'MODEL_CLAUSE', 'OFFER_ANALYSIS_GRID', // sent
  'OTHER',
] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

export const NO_CLAUSE_REASONS = [
  'NOT_LABOUR_INTENSIVE', 'NO_LOCAL_JOBSEEKERS', 'TOO_SHORT', 'BUYER_DECLINED', 'PROJECT_ABANDONED', 'OTHER',
] as const;
export type NoClauseReason = (typeof NO_CLAUSE_REASONS)[number];
