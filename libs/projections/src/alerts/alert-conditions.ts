import {
  addDays as addDaysToDate, addMonths, centiOfWholeHours, elapsedShare, firstDayOf, fromCentiHours, isBelowPercentOf, lastDayOf, monthOf, percentOf, proRataCenti, remainingCenti,
} from '@clause-ledger/domain';
import { AlertRule, AlertRulesConfig, AlertSeverity } from './alert-rules';
import type { AlertLot, AlertPlacement } from './alerts-documents';
import { frenchDate, frenchMonth, h, percent } from './french';

/** A condition that holds at a date; the projection turns it into an alert (raised once). */
export interface Condition {
  readonly key: string;
  readonly rule: AlertRule;
  readonly severity: AlertSeverity;
  readonly subject: Record<string, string>;
  readonly figures: Record<string, number | string>;
  readonly message: string;
}

/** The market facts every condition reads: its dates, its closing, its title (for the messages). */
export interface MarketContext {
  readonly title: string;
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly closedOn?: string;
}

/** What holds of the market's lots (a few per market, cheap to evaluate on every event). */
export function lotConditions(doc: MarketContext & { readonly lots: Record<string, AlertLot> }, today: string, config: AlertRulesConfig): Condition[] {
  if (!executing(doc, today)) return [];
  return Object.values(doc.lots).filter((lot) => lot.companyId)
    .flatMap((lot) => [...behindProRata(doc, lot, today, config), ...endingWithHoursMissing(doc, lot, today, config), ...noPlacement(doc, lot, today, config)]);
}

/** What holds of one placement, its missing declarations first: it depends on that placement's facts and the market's dates only. */
export function placementConditions(doc: MarketContext, p: AlertPlacement, today: string, config: AlertRulesConfig): { declarations: Condition[]; followUps: Condition[] } {
  return { declarations: declarationConditions(doc, p, today, config), followUps: followUpsDue(doc, p, today) };
}

const executing = (doc: MarketContext, today: string) => !doc.closedOn && today >= doc.executionStart;

function declarationConditions(doc: MarketContext, p: AlertPlacement, today: string, config: AlertRulesConfig): Condition[] {
  return executing(doc, today) ? [...missingDeclarations(doc, p, today, config), ...eligibilityExpiring(doc, p, today, config)] : [];
}

/** The last complete month that is past its grace period. */
const lastClosedMonth = (today: string, config: AlertRulesConfig) => monthOf(addMonths(firstDayOf(monthOf(addDays(today, -config.missingDeclaration.graceDays))), -1));

/**
 * The rules ask the same few date sums for every event of a market (its start plus the grace days, today
 * minus the grace days): remembered, not recomputed through Date each time.
 */
const dateSums = new Map<string, string>();
function addDays(date: string, days: number): string {
  const key = `${date}|${days}`;
  let sum = dateSums.get(key);
  if (sum === undefined) {
    if (dateSums.size >= 10_000) dateSums.clear();
    sum = addDaysToDate(date, days);
    dateSums.set(key, sum);
  }
  return sum;
}

const lotName = (doc: MarketContext, lot: AlertLot) => `marché « ${doc.title} », lot ${lot.lotId} « ${lot.title} »`;

function behindProRata(doc: MarketContext, lot: AlertLot, today: string, config: AlertRulesConfig): Condition[] {
  const { warningPercent, criticalPercent, graceDays } = config.behindProRata;
  if (lot.targetHours <= 0 || today < addDays(doc.executionStart, graceDays)) return [];
  const expectedCenti = proRataCenti(centiOfWholeHours(lot.targetHours), elapsedShare(doc.executionStart, doc.executionEnd, today));
  if (expectedCenti === 0 || !isBelowPercentOf(lot.centiHoursDone, expectedCenti, warningPercent)) return [];
  const ratio = percentOf(lot.centiHoursDone, expectedCenti);
  const severity: AlertSeverity = isBelowPercentOf(lot.centiHoursDone, expectedCenti, criticalPercent) ? 'CRITICAL' : 'WARNING';
  return [{
    key: `BEHIND_PRO_RATA:${lot.lotId}`,
    rule: 'BEHIND_PRO_RATA',
    severity,
    subject: { lotId: lot.lotId, companyId: lot.companyId! },
    figures: { targetHours: lot.targetHours, hoursDone: fromCentiHours(lot.centiHoursDone), proRataExpectedHours: fromCentiHours(expectedCenti), percentOfExpected: ratio, thresholdPercent: warningPercent },
    message: `Au ${frenchDate(today)}, ${lotName(doc, lot)} : ${h(fromCentiHours(lot.centiHoursDone))} d'insertion réalisées sur un objectif de ${h(lot.targetHours)}, `
      + `alors que ${h(fromCentiHours(expectedCenti))} étaient attendues au prorata du temps d'exécution écoulé (${percent(ratio)} de l'attendu). `
      + `Nous vous proposons de faire le point avec l'entreprise titulaire (SIRET ${lot.companyId}) sur la mise en œuvre de la clause.`,
  }];
}

function endingWithHoursMissing(doc: MarketContext, lot: AlertLot, today: string, config: AlertRulesConfig): Condition[] {
  if (lot.targetHours <= 0 || today < addDays(doc.executionEnd, -config.endingSoon.daysBeforeEnd)) return [];
  const missingCenti = remainingCenti(centiOfWholeHours(lot.targetHours), lot.centiHoursDone);
  if (missingCenti === 0) return [];
  return [{
    key: `ENDING_WITH_HOURS_MISSING:${lot.lotId}`,
    rule: 'ENDING_WITH_HOURS_MISSING',
    severity: today > doc.executionEnd ? 'CRITICAL' : 'WARNING',
    subject: { lotId: lot.lotId, companyId: lot.companyId! },
    figures: { targetHours: lot.targetHours, hoursDone: fromCentiHours(lot.centiHoursDone), missingHours: fromCentiHours(missingCenti), executionEnd: doc.executionEnd },
    message: `L'exécution du ${lotName(doc, lot)} s'achève le ${frenchDate(doc.executionEnd)} et il manque encore ${h(fromCentiHours(missingCenti))} `
      + `d'insertion pour atteindre l'objectif de ${h(lot.targetHours)} (${h(fromCentiHours(lot.centiHoursDone))} réalisées). `
      + `Des heures non réalisées peuvent donner lieu aux pénalités prévues au CCAP.`,
  }];
}

function noPlacement(doc: MarketContext, lot: AlertLot, today: string, config: AlertRulesConfig): Condition[] {
  if (lot.placements > 0) return [];
  const from = lot.acceptedOn && lot.acceptedOn > doc.executionStart ? lot.acceptedOn : doc.executionStart;
  const due = addDays(from, config.noPlacement.weeksAfterStart * 7);
  if (today < due) return [];
  return [{
    key: `NO_PLACEMENT:${lot.lotId}`,
    rule: 'NO_PLACEMENT',
    severity: 'WARNING',
    subject: { lotId: lot.lotId, companyId: lot.companyId! },
    figures: { weeksSinceStart: Math.floor((Date.parse(today) - Date.parse(from)) / (7 * 86_400_000)), since: from },
    message: `Depuis le ${frenchDate(from)}, l'entreprise titulaire du ${lotName(doc, lot)} (SIRET ${lot.companyId}) n'a positionné aucun bénéficiaire. `
      + `Le facilitateur peut l'accompagner dans le recrutement de personnes éligibles.`,
  }];
}

/** The months whose hours must be declared by `today`: the whole months of the placement within the execution period, up to the last closed one. */
function declarationMonths(doc: MarketContext, p: AlertPlacement, today: string, config: AlertRulesConfig): { from: string; to: string } {
  const from = [firstWholeMonthFrom(p.startDate), firstWholeMonthFrom(doc.executionStart)].sort()[1];
  const to = [lastWholeMonthUpTo(p.endDate ?? p.plannedEndDate), lastWholeMonthUpTo(doc.executionEnd), lastClosedMonth(today, config)].sort()[0];
  return { from, to };
}

/**
 * Whether declaring `month` changes what holds of the placement (`p` as it was before): only a
 * month that was missing does. Most declarations come before their month is closed, and change nothing.
 */
export function declarationChangesConditions(doc: MarketContext, p: AlertPlacement, month: string, today: string, config: AlertRulesConfig): boolean {
  if (month > lastClosedMonth(today, config) || !executing(doc, today) || p.declaredMonths.includes(month)) return false;
  const { from, to } = declarationMonths(doc, p, today, config);
  return from <= month && month <= to;
}

function missingDeclarations(doc: MarketContext, p: AlertPlacement, today: string, config: AlertRulesConfig): Condition[] {
  const { from, to } = declarationMonths(doc, p, today, config);
  const declared = new Set(p.declaredMonths);
  const out: Condition[] = [];
  for (let month = from; month <= to; month = nextMonth(month)) {
    if (declared.has(month)) continue;
    out.push({
      key: `NO_HOURS_DECLARED:${p.placementId}:${month}`,
      rule: 'NO_HOURS_DECLARED',
      severity: 'WARNING',
      subject: { placementId: p.placementId, lotId: p.lotId, companyId: p.companyId, month },
      figures: { month },
      message: `Aucune heure n'a été déclarée pour ${frenchMonth(month)} sur une mise à disposition active du marché « ${doc.title} » (lot ${p.lotId}, entreprise SIRET ${p.companyId}). `
        + `Le relevé mensuel d'heures est attendu pour suivre l'exécution de la clause.`,
    });
  }
  return out;
}

const firstWholeMonthFrom = (date: string) => (firstDayOf(monthOf(date)) === date ? monthOf(date) : nextMonth(monthOf(date)));
const lastWholeMonthUpTo = (date: string) => (lastDayOf(monthOf(date)) === date ? monthOf(date) : previousMonth(monthOf(date)));

/** Month arithmetic on "YYYY-MM" without going through dates (it runs for every month of every placement). */
function nextMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function previousMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

function eligibilityExpiring(doc: MarketContext, p: AlertPlacement, today: string, config: AlertRulesConfig): Condition[] {
  const lastDay = p.endDate ?? p.plannedEndDate;
  if (p.eligibleUntil >= lastDay || today > lastDay || today < addDays(p.eligibleUntil, -config.eligibilityExpiring.daysBefore)) return [];
  return [{
    key: `ELIGIBILITY_EXPIRING:${p.placementId}`,
    rule: 'ELIGIBILITY_EXPIRING',
    severity: 'INFO',
    subject: { placementId: p.placementId, lotId: p.lotId, companyId: p.companyId },
    figures: { eligibleUntil: p.eligibleUntil, placementEnd: lastDay },
    message: `La validation d'éligibilité d'un bénéficiaire positionné sur le marché « ${doc.title} » (lot ${p.lotId}) prend fin le ${frenchDate(p.eligibleUntil)}, `
      + `avant la fin prévue de son contrat (${frenchDate(lastDay)}). Les heures déjà engagées restent comptabilisées ; le facilitateur prévoit le renouvellement du diagnostic.`,
  }];
}

function followUpsDue(doc: MarketContext, p: AlertPlacement, today: string): Condition[] {
  if (!p.endDate) return [];
  return ([6, 12] as const)
    .filter((milestone) => !p.followUps.includes(milestone) && today >= addMonths(p.endDate!, milestone))
    .map((milestone) => ({
      key: `FOLLOW_UP_DUE:${p.placementId}:${milestone}`,
      rule: 'FOLLOW_UP_DUE' as const,
      severity: 'INFO' as const,
      subject: { placementId: p.placementId, lotId: p.lotId, milestone: String(milestone) },
      figures: { contractEnd: p.endDate!, dueOn: addMonths(p.endDate!, milestone) },
      message: `Le suivi à ${milestone} mois d'un bénéficiaire du marché « ${doc.title} » (contrat terminé le ${frenchDate(p.endDate!)}) est à réaliser depuis le ${frenchDate(addMonths(p.endDate!, milestone))}.`,
    }));
}

/**
 * The first day after `today` on which placementConditions can give another answer for these facts
 * (undefined: never). Only the clock moves between two events, so a tick before that day would
 * reconcile the placement's alerts to what they are: it need not read the placement. A day given
 * too early only costs an evaluation that changes nothing; one too late would miss an alert.
 */
export function nextChangeOf(doc: MarketContext, p: AlertPlacement, today: string, config: AlertRulesConfig): string | undefined {
  const candidates: string[] = [];
  if (!doc.closedOn) {
    candidates.push(doc.executionStart);
    const missing = nextMissingMonth(doc, p, today, config);
    // a month is closed `graceDays` days into the next one (see lastClosedMonth)
    if (missing !== undefined) candidates.push(addDays(firstDayOf(nextMonth(missing)), config.missingDeclaration.graceDays));
    const lastDay = p.endDate ?? p.plannedEndDate;
    if (p.eligibleUntil < lastDay) candidates.push(addDays(p.eligibleUntil, -config.eligibilityExpiring.daysBefore), addDays(lastDay, 1));
  }
  if (p.endDate) for (const milestone of [6, 12]) if (!p.followUps.includes(milestone)) candidates.push(addMonths(p.endDate, milestone));
  let next: string | undefined;
  for (const day of candidates) if (day > today && (next === undefined || day < next)) next = day;
  return next;
}

/** The first month not declared that is not closed yet at `today` but will be, within the placement and the execution. */
function nextMissingMonth(doc: MarketContext, p: AlertPlacement, today: string, config: AlertRulesConfig): string | undefined {
  const from = [firstWholeMonthFrom(p.startDate), firstWholeMonthFrom(doc.executionStart), nextMonth(lastClosedMonth(today, config))].sort()[2];
  const to = [lastWholeMonthUpTo(p.endDate ?? p.plannedEndDate), lastWholeMonthUpTo(doc.executionEnd)].sort()[0];
  const declared = new Set(p.declaredMonths);
  for (let month = from; month <= to; month = nextMonth(month)) if (!declared.has(month)) return month;
  return undefined;
}
