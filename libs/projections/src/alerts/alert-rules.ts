/** The alert rules' settings; every threshold a facilitator may want to tune lives here. */
export interface AlertRulesConfig {
  /** Hours done below `warningPercent` % of the pro-rata expected (critical below `criticalPercent` %), after a grace period from the execution start. */
  readonly behindProRata: { readonly warningPercent: number; readonly criticalPercent: number; readonly graceDays: number };
  /** An active placement with no declaration for a whole past month, `graceDays` into the next month. */
  readonly missingDeclaration: { readonly graceDays: number };
  /** Execution ends within `daysBeforeEnd` days and the target is not reached. */
  readonly endingSoon: { readonly daysBeforeEnd: number };
  /** A lot's company has no placement `weeksAfterStart` weeks after execution start (or acceptance, if later). */
  readonly noPlacement: { readonly weeksAfterStart: number };
  /** A placed beneficiary's eligibility ends before the placement does, within `daysBefore` days. */
  readonly eligibilityExpiring: { readonly daysBefore: number };
}

export const DEFAULT_ALERT_RULES: AlertRulesConfig = Object.freeze({
  behindProRata: { warningPercent: 80, criticalPercent: 50, graceDays: 60 },
  missingDeclaration: { graceDays: 10 },
  endingSoon: { daysBeforeEnd: 60 },
  noPlacement: { weeksAfterStart: 6 },
  eligibilityExpiring: { daysBefore: 30 },
});

/** The rules themselves are named by the domain, whose alert ids state them. */
export type { AlertRule } from '@clause-ledger/domain';
export type AlertSeverity = 'INFO' | 'WARNING' | 'CRITICAL';
