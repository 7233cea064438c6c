/** A fact the domain recorded: a past-tense type, a schema version and a plain-JSON payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly version: number;
  readonly data: Data;
}

export function event<Type extends string, Data>(type: Type, data: Data, version = 1): DomainEvent<Type, Data> {
  return { type, version, data };
}

/** What a command handler needs from the world that is not in the command: time and policy. */
export interface DecisionContext {
  /** Today, as an ISO date (YYYY-MM-DD), in the facilitator's time zone (Europe/Paris). */
  readonly today: string;
  readonly policy: DomainPolicy;
}

export interface DomainPolicy {
  /**
   * Most hours one person may be declared for in a month on one placement. French law caps work
   * at 48 h in a week, so 48 h × 52 / 12 ≈ 208 h a month is the default ceiling.
   */
  readonly monthlyLegalMaximumHours: number;
  /** How long an eligibility validation lasts when the facilitator gives no end date (a diagnosis: 6 months). */
  readonly eligibilityValidityMonths: number;
}

export const DEFAULT_POLICY: DomainPolicy = Object.freeze({ monthlyLegalMaximumHours: 208, eligibilityValidityMonths: 6 });
