import { isIsoMonth } from '../shared/dates';

/** The rules that raise alerts on a market (evaluated by the alerts read model on every clock tick). */
export type AlertRule = 'BEHIND_PRO_RATA' | 'NO_HOURS_DECLARED' | 'ENDING_WITH_HOURS_MISSING' | 'NO_PLACEMENT' | 'ELIGIBILITY_EXPIRING' | 'FOLLOW_UP_DUE';

/** What an alert is about: a lot its company holds, or one placement of the market. */
export type AlertSubject =
  | { readonly rule: 'BEHIND_PRO_RATA' | 'ENDING_WITH_HOURS_MISSING' | 'NO_PLACEMENT'; readonly lotId: string }
  | { readonly rule: 'NO_HOURS_DECLARED'; readonly placementId: string; readonly month: string }
  | { readonly rule: 'ELIGIBILITY_EXPIRING'; readonly placementId: string }
  | { readonly rule: 'FOLLOW_UP_DUE'; readonly placementId: string; readonly milestone: 6 | 12 };

const LOT_RULES: ReadonlySet<string> = new Set(['BEHIND_PRO_RATA', 'ENDING_WITH_HOURS_MISSING', 'NO_PLACEMENT']);

/**
 * An alert's id states its rule and its subject (`BEHIND_PRO_RATA:lot-1`,
 * `NO_HOURS_DECLARED:p-1:2026-04`, `FOLLOW_UP_DUE:p-1:6`), and `#n` when the same condition holds
 * for the n-th time. Because the id says what the alert is about, a decision can check it against
 * the streams instead of asking a read model that may lag.
 */
export function parseAlertId(alertId: string): { subject: AlertSubject; occurrence: number } | undefined {
  const match = /^([A-Z_]+):(.+?)(?:#([1-9]\d*))?$/.exec(alertId);
  if (!match) return undefined;
  const [, rule, about, nth] = match;
  const occurrence = nth ? Number(nth) : 1;
  if (occurrence === 1 && nth) return undefined; // the first occurrence carries no suffix
  const subject = subjectOf(rule, about);
  return subject && { subject, occurrence };
}

function subjectOf(rule: string, about: string): AlertSubject | undefined {
  if (LOT_RULES.has(rule)) return { rule: rule as 'NO_PLACEMENT', lotId: about };
  if (rule === 'ELIGIBILITY_EXPIRING') return { rule, placementId: about };
  const split = about.lastIndexOf(':');
  if (split <= 0) return undefined;
  const [placementId, last] = [about.slice(0, split), about.slice(split + 1)];
  if (rule === 'NO_HOURS_DECLARED' && isIsoMonth(last)) return { rule, placementId, month: last };
  if (rule === 'FOLLOW_UP_DUE' && (last === '6' || last === '12')) return { rule, placementId, milestone: Number(last) as 6 | 12 };
  return undefined;
}

/** The placement an alert is about, when it is about one (its stream is read to decide on the alert). */
export function placementOfAlert(alertId: string): string | undefined {
  const subject = parseAlertId(alertId)?.subject;
  return subject && 'placementId' in subject ? subject.placementId : undefined;
}
