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

export const PLACEMENT_END_REASONS = ['CONTRACT_COMPLETED', 'RESIGNATION', 'DISMISSAL', 'TRIAL_PERIOD_ENDED', 'OTHER'] as const;
export type PlacementEndReason = (typeof PLACEMENT_END_REASONS)[number];
