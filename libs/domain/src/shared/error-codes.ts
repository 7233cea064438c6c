/**
 * Every code a domain refusal carries, one catalogue per area: `notFound`, `conflict` and
 * `ruleBroken` accept only a code listed here with their kind, so a typo or a code thrown with the
 * wrong kind is a compile error, and a client can list them all (GET /errors). The codes' values
 * are part of the API: never rename one.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rule' | 'gone';

export interface ErrorCodeEntry {
  readonly kind: DomainErrorKind;
  /** What the refusal means, for a client developer (English, like the API). */
  readonly meaning: string;
}

const area = <const T extends Record<string, ErrorCodeEntry>>(codes: T): T => Object.freeze(codes);
const notFound = (meaning: string) => ({ kind: 'not_found', meaning }) as const;
const conflict = (meaning: string) => ({ kind: 'conflict', meaning }) as const;
const rule = (meaning: string) => ({ kind: 'rule', meaning }) as const;
const gone = (meaning: string) => ({ kind: 'gone', meaning }) as const;

/** Values any command may carry: dates, months, hours, amounts, percentages, reasons. */
export const ValueErrors = area({
  INVALID_DATE: rule('A date is not a calendar date written YYYY-MM-DD.'),
  INVALID_MONTH: rule('A month is not written YYYY-MM.'),
  INVALID_HOURS: rule('A number of hours is not a number.'),
  NEGATIVE_HOURS: rule('A number of hours is negative.'),
  TOO_MANY_DECIMALS: rule('Hours or a percentage have more than 2 decimals.'),
  INVALID_AMOUNT: rule('An amount is not a whole, non-negative number of euro cents (or is 0 where it must be positive).'),
  INVALID_PERCENT: rule('A percentage is not above 0 and at most 100.'),
  DATED_IN_FUTURE: rule('A date is after today: casework is recorded once it happened.'),
  REASON_REQUIRED: rule('A correction or a revocation needs a reason.'),
});

/** Every command goes through the command executor. */
export const CommandErrors = area({
  IDEMPOTENCY_KEY_REUSED: conflict('The Idempotency-Key was already used for a different request; use a new key for a new command.'),
});

export const MarketErrors = area({
  MARKET_NOT_FOUND: notFound('No market has this id.'),
  LOT_NOT_FOUND: notFound('The market has no lot with this id.'),
  MARKET_ALREADY_REGISTERED: conflict('A market with this id is already registered.'),
  NO_LOT: rule('A market needs at least one lot.'),
  DUPLICATE_LOT: rule('A lot id appears twice in the market.'),
  EXECUTION_PERIOD_REVERSED: rule('The execution end is before the execution start.'),
  INVALID_DEPARTMENT: rule('The department is not a French département code (50, 2A, 971...).'),
  CLAUSE_ALREADY_ACCEPTED: conflict('A company accepted the lot\'s clause: it can be neither accepted again nor redefined.'),
  NO_CLAUSE_TYPE: rule('A clause needs at least one clause type.'),
  DUPLICATE_CLAUSE_TYPE: rule('A clause lists a clause type twice.'),
  INVALID_TARGET: rule('A fixed target is not a whole number of hours above 0.'),
  NO_ESTIMATED_AMOUNT: rule('The lot has no estimated amount to compute a target from: use a fixed target.'),
  TARGET_BELOW_ONE_HOUR: rule('The computed target is below one hour.'),
  CLAUSE_NOT_DEFINED: rule('The lot has no clause to accept yet.'),
  COMMITMENT_BELOW_TARGET: rule('The company commits to fewer hours than the clause\'s target.'),
  LOT_RESERVED_TO_OTHER_COMPANIES: rule('The lot is reserved (SIAE, disability sector) and the company is not of that kind.'),
  MARKET_ALREADY_CLOSED: conflict('The market is already closed.'),
  EXECUTION_NOT_OVER: rule('The execution is not over: closing the market earlier needs an early-closure reason.'),
  QUALITATIVE_SUMMARY_REQUIRED: rule('Closing a market needs the facilitator\'s qualitative summary.'),
  MARKET_CLOSED: rule('The market is closed and its bilan issued: its clauses, placements and hours can no longer change.'),
});

export const CompanyErrors = area({
  COMPANY_NOT_FOUND: notFound('No company has this id (SIRET).'),
  COMPANY_ALREADY_REGISTERED: conflict('A company with this SIRET is already registered.'),
  INVALID_SIRET: rule('The SIRET is not 14 digits with a valid checksum.'),
  INVALID_POSTCODE: rule('The postcode is not a 5-digit French postcode.'),
});

export const BeneficiaryErrors = area({
  BENEFICIARY_ERASED: gone('The person\'s personal data was erased (GDPR): the identity can no longer be read, and the person can no longer be placed or validated.'),
  ERASURE_REASON_MISSING: rule('An erasure needs the reason it was asked for.'),
  BENEFICIARY_NOT_FOUND: notFound('No beneficiary has this id.'),
  BENEFICIARY_ALREADY_REGISTERED: conflict('A beneficiary with this id is already registered.'),
  BIRTH_DATE_IN_FUTURE: rule('The birth date is in the future.'),
  TOO_YOUNG_TO_WORK: rule('The beneficiary is under the legal working age (16).'),
  NO_CRITERION: rule('An eligibility needs at least one criterion.'),
  DUPLICATE_CRITERION: rule('An eligibility lists a criterion twice.'),
  CRITERION_DOES_NOT_APPLY: rule('A criterion does not apply to this beneficiary (age, residence or qualification).'),
  PRESCRIBER_OPINION_MISSING: rule('The PRESCRIBER_OPINION criterion needs the prescriber\'s opinion.'),
  NO_PROOF_KIND: rule('An eligibility must name the kinds of proof seen.'),
  VALIDATION_IN_FUTURE: rule('The eligibility is validated on a day after today.'),
  VALIDITY_REVERSED: rule('The eligibility ends before it was validated.'),
});

export const PlacementErrors = area({
  PLACEMENT_NOT_FOUND: notFound('No placement has this id.'),
  PLACEMENT_ALREADY_EXISTS: conflict('A placement with this id already exists.'),
  CLAUSE_NOT_ACCEPTED: rule('No company accepted the lot\'s clause yet: nobody can be placed on it.'),
  NOT_THE_LOT_COMPANY: rule('The company does not hold the lot.'),
  PLACEMENT_PERIOD_REVERSED: rule('The planned end is before the start.'),
  OUTSIDE_EXECUTION_PERIOD: rule('A start date or a month is outside the market\'s execution period.'),
  NOT_ELIGIBLE_AT_START: rule('The beneficiary has no eligibility valid on the placement\'s start date.'),
  HOURS_ALREADY_DECLARED: conflict('Hours are already declared for this month: send a correction to change them.'),
  FUTURE_MONTH: rule('The month has not started yet.'),
  OUTSIDE_PLACEMENT_PERIOD: rule('The month is outside the placement\'s period.'),
  ABOVE_MONTHLY_LEGAL_MAXIMUM: rule('The hours exceed the monthly legal maximum for one person.'),
  NOTHING_TO_CORRECT: rule('No hours were declared for this month: declare them first.'),
  CORRECTION_CHANGES_NOTHING: rule('The correction states the hours already recorded.'),
  PLACEMENT_ALREADY_ENDED: conflict('The placement has already ended.'),
  END_BEFORE_START: rule('The end date is before the placement started.'),
  END_IN_FUTURE: rule('The end date is after today: record the end once it happened.'),
  HOURS_AFTER_END: rule('Hours are declared after the end date: correct them to 0 first.'),
  PLACEMENT_NOT_ENDED: rule('Follow-ups start once the placement has ended.'),
  FOLLOW_UP_NOT_DUE: rule('The follow-up is not due yet (6 or 12 months after the end).'),
  FOLLOW_UP_ALREADY_RECORDED: conflict('This follow-up is already recorded.'),
});

export const AlertErrors = area({
  ALERT_NOT_FOUND: notFound('No alert rule could raise an alert with this id on this market.'),
  ALERT_ALREADY_ACKNOWLEDGED: conflict('The alert is already acknowledged.'),
  CLOCK_DATE_IN_PAST: conflict('The clock already ticked past this date: ticks only move forward (the alerts were evaluated at the later date).'),
  TICK_IN_FUTURE: rule('The clock cannot tick a day that has not come.'),
});

export const BadgeErrors = area({
  BADGE_NOT_FOUND: notFound('No badge has this id.'),
  BADGE_ALREADY_AWARDED: conflict('The recipient already holds a badge for this market.'),
  BADGE_ALREADY_REVOKED: conflict('The badge is already revoked.'),
  MARKET_NOT_CLOSED: rule('A badge rewards a closed market whose bilan is issued.'),
  CLAUSE_NOT_FULFILLED: rule('A lot of the market did not reach its target.'),
  NOT_A_MARKET_COMPANY: rule('The company holds no lot of the market.'),
});

/** Partners, job offers and their candidates (casework around a market). */
export const JobOfferErrors = area({
  PARTNER_NOT_FOUND: notFound('No partner has this id.'),
  PARTNER_ALREADY_REGISTERED: conflict('A partner with this id is already registered.'),
  JOB_OFFER_NOT_FOUND: notFound('No job offer has this id.'),
  JOB_OFFER_ALREADY_PUBLISHED: conflict('A job offer with this id is already published.'),
  INVALID_ROME_CODE: rule('The ROME code is not a letter A to N followed by 4 digits (e.g. F1703).'),
  OFFER_EXPIRY_IN_PAST: rule('The offer\'s expiry date is before today.'),
  OFFER_FULL: conflict('Every position of the offer is filled: no further hire.'),
  OFFER_CLOSED: conflict('The offer is cancelled or expired.'),
  OFFER_NOT_EXPIRED: rule('The offer\'s expiry date has not come yet.'),
  ALREADY_SHARED: rule('The offer is already shared with every partner listed.'),
  OFFER_NOT_SHARED_WITH_PARTNER: rule('A partner proposes candidates only on offers shared with it.'),
  CANDIDATE_NOT_FOUND: notFound('The offer has no candidate with this id.'),
  CANDIDATE_ALREADY_PROPOSED: conflict('The candidate (or the beneficiary) is already on the offer.'),
  CANDIDACY_CLOSED: conflict('The candidate is already hired or not retained.'),
  CANDIDATE_ALREADY_PRESELECTED: conflict('The candidate is already preselected.'),
  CANDIDATE_NOT_PRESELECTED: rule('The candidate must be preselected (and still in the running) for this step.'),
  CANDIDATE_NOT_REGISTERED: rule('A hire needs the candidate linked to a registered beneficiary.'),
});

/** A beneficiary's journey: referent and follow-up contacts. */
export const JourneyErrors = area({
  NOT_THE_PERSONS_PLACEMENT: rule('The placement is not a contract of this beneficiary.'),
  CONTACT_IN_FUTURE: rule('The contact date is after today.'),
  CONTACT_BEFORE_CONTRACT: rule('The contact date is before the contract started.'),
});

/** Organisations (facilitators, buyers, companies, auditors) and auditors' grants, managed by an admin. */
export const OrganisationErrors = area({
  ORGANISATION_NOT_FOUND: notFound('No organisation has this id.'),
  ORGANISATION_ALREADY_REGISTERED: conflict('An organisation with this id is already registered.'),
  COMPANY_ORGANISATION_NEEDS_SIRET: rule('A COMPANY organisation needs the valid SIRET of its establishment.'),
  SIRET_ONLY_FOR_COMPANIES: rule('Only a COMPANY organisation has a SIRET.'),
  NOT_AN_AUDITOR: rule('Only an AUDITOR organisation is granted an audit scope.'),
  MEMBER_NOT_FOUND: notFound('The organisation has no member with this id.'),
  MEMBER_ALREADY_LINKED: conflict('A member with this id is already linked.'),
  USER_ALREADY_LINKED: conflict('This user (issuer and subject or e-mail) is already linked to an organisation: remove that link first.'),
  MEMBER_NEEDS_SUBJECT_OR_EMAIL: rule('A member is named by its subject or by its e-mail claim, exactly one of the two.'),
  MEMBER_ROLE_NOT_OF_ORGANISATION_KIND: rule('A member\'s role is its organisation\'s kind (a BUYER organisation\'s members are BUYERs).'),
  SIGNING_KEY_UNCHANGED: rule('A rotation must put a new signing key in place.'),
});

/** Support cases (demandes d'accompagnement, Manche levels 1-3): from the request to the market it became. */
export const SupportCaseErrors = area({
  SUPPORT_CASE_NOT_FOUND: notFound('No support case has this id.'),
  CASE_LOT_NOT_FOUND: notFound('The support case has no lot with this id (describe the lots from the estimate first).'),
  SUPPORT_CASE_ALREADY_EXISTS: conflict('A support case with this id already exists.'),
  SUPPORT_CASE_CLOSED: conflict('The support case is closed: nothing more is recorded on it.'),
  SUPPORT_CASE_ALREADY_LINKED: conflict('The support case already became another market (or its proposals can no longer be answered).'),
  SUPPORT_LEVEL_UNCHANGED: conflict('The support case is already at this level.'),
  CASE_ACTION_ALREADY_LOGGED: conflict('An action with this id is already logged on the case.'),
  CASE_DOCUMENT_ALREADY_RECORDED: conflict('A document with this id is already recorded on the case.'),
  PROPOSAL_ALREADY_ADOPTED: conflict('The buyer adopted the proposal: the lot and its clause can no longer change.'),
  PROPOSAL_ALREADY_ANSWERED: conflict('The buyer already answered this proposal.'),
  INVALID_SUPPORT_LEVEL: rule('The level of support is 1, 2 or 3.'),
  LEVEL_CHANGE_REASON_REQUIRED: rule('Changing the level of support needs a reason.'),
  DATED_BEFORE_REQUEST: rule('Casework is dated on or after the request it answers.'),
  NO_PARTICIPANT: rule('An action needs at least one participant.'),
  NEXT_ACTION_BEFORE_ACTION: rule('The next planned action is dated before the action that plans it.'),
  INVALID_POSITIONS: rule('A number of positions is not a whole number above 0.'),
  NO_PROPOSAL: rule('No clause was proposed for this lot.'),
  DECLINE_REASON_REQUIRED: rule('A declined proposal needs the buyer\'s reason.'),
  NOT_AN_AWARD_CRITERION: rule('Offers are scored only for a lot whose proposal makes insertion an award criterion (R2152-7).'),
  EMPTY_GRID: rule('The award grid needs at least one sub-criterion.'),
  DUPLICATE_SUB_CRITERION: rule('A sub-criterion appears twice in the grid or in a bidder\'s scores.'),
  UNKNOWN_SUB_CRITERION: rule('A bidder is scored on a sub-criterion that is not in the published grid.'),
  INCOMPLETE_SCORING: rule('A bidder must be scored on every sub-criterion of the grid.'),
  INVALID_POINTS: rule('Points are a non-negative number with at most 2 decimals.'),
  POINTS_ABOVE_GRID: rule('A bidder\'s points are above the sub-criterion\'s maximum in the grid.'),
  NO_BIDDER: rule('An offer analysis needs at least one offer.'),
  NO_ADOPTED_PROPOSAL: rule('A market is registered from a case only once the buyer adopted at least one clause proposal.'),
  NO_CLAUSE_REASON_REQUIRED: rule('A case closed without a market needs a reason code from the list.'),
});

/** The facilitator organisation's own actions: company support (axis 2) and promotion of the clause (axis 4). */
export const FacilitatorActivityErrors = area({
  ACTION_ALREADY_LOGGED: conflict('An action with this id is already logged for the organisation.'),
  NO_COMPANY: rule('A company support action needs at least one company.'),
  NO_ATTENDEE: rule('A promotion action needs at least one kind of attendee.'),
  DUPLICATE_ATTENDEE_KIND: rule('A kind of attendee appears twice.'),
  INVALID_COUNT: rule('A number of attendees is not a whole number above 0.'),
});

/** An operator's repair of a stored event a projection could not fold. */
export const OperationsErrors = area({
  EVENT_NOT_FOUND: notFound('No stored event has this id.'),
  CORRECTION_OF_CORRECTION: rule('A correction cannot itself be corrected: correct the original event again.'),
  CORRECTED_DATA_NOT_AN_OBJECT: rule('The corrected payload must be a JSON object.'),
});

/** The whole domain catalogue: a code appears in exactly one area (a test checks it). */
export const DOMAIN_ERROR_AREAS = {
  values: ValueErrors, commands: CommandErrors, markets: MarketErrors, companies: CompanyErrors,
  beneficiaries: BeneficiaryErrors, placements: PlacementErrors, alerts: AlertErrors, badges: BadgeErrors, organisations: OrganisationErrors, supportCases: SupportCaseErrors, facilitatorActivity: FacilitatorActivityErrors,
  operations: OperationsErrors, jobOffers: JobOfferErrors, journeys: JourneyErrors,
} as const;

type Areas = typeof DOMAIN_ERROR_AREAS;
type Catalogue = { [A in keyof Areas]: Areas[A] }[keyof Areas];
type CodesOf<T> = T extends unknown ? keyof T & string : never;
type EntryOf<C extends string> = Catalogue extends infer T ? (T extends Record<C, infer E> ? E : never) : never;

export type DomainErrorCode = CodesOf<Catalogue>;
/** The codes a refusal of one kind may carry. */
export type DomainErrorCodeOf<K extends DomainErrorKind> = { [C in DomainErrorCode]: EntryOf<C> extends { kind: K } ? C : never }[DomainErrorCode];

export const DOMAIN_ERRORS: Readonly<Record<DomainErrorCode, ErrorCodeEntry>> = Object.freeze(
  Object.assign({}, ...Object.values(DOMAIN_ERROR_AREAS)) as Record<DomainErrorCode, ErrorCodeEntry>,
);
