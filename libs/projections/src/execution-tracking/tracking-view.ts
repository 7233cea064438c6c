import {
  ElapsedShare, centiOfWholeHours, elapsedPercent, elapsedShare, fromCentiHours, percentOf, proRataCenti, remainingCentiOfLots, sumOf,
} from '@clause-ledger/domain';
import { LotTracking, MarketTrackingDoc } from './execution-tracking.projection';

export interface TrackingFigures {
  readonly targetHours: number;
  readonly hoursDone: number;
  /** what the lots still owe, each on its own (hours beyond one lot's target do not fill another's gap) */
  readonly remainingHours: number;
  /** hours done ÷ target, in % with one decimal */
  readonly percentDone: number;
  /** hours expected by `at` if execution followed the elapsed share of the execution period */
  readonly proRataExpectedHours: number;
  readonly beneficiariesCounted: number;
  readonly lastDeclaredMonth: string | null;
}

export interface LotTrackingView extends TrackingFigures {
  readonly lotId: string;
  readonly title: string;
  readonly companyId: string | null;
  readonly committedHours: number | null;
}

export interface CompanyTrackingView extends TrackingFigures {
  readonly companyId: string;
  readonly lotIds: string[];
}

export interface MarketTrackingView extends TrackingFigures {
  readonly marketId: string;
  readonly title: string;
  readonly kind: string;
  readonly buyer: { name: string; kind: string };
  readonly territory: string;
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly at: string;
  /** share of the execution period elapsed at `at`, in % with one decimal */
  readonly elapsedPercent: number;
  readonly lots: LotTrackingView[];
  readonly companies: CompanyTrackingView[];
}

/** The tracking figures as of a date; every sum is done on integer hundredths of an hour. */
export function trackingAt(doc: MarketTrackingDoc, at: string): MarketTrackingView {
  const elapsed = elapsedShare(doc.executionStart, doc.executionEnd, at);
  const allLots = Object.values(doc.lots).sort((a, b) => a.lotId.localeCompare(b.lotId));
  const lots = allLots.map((lot): LotTrackingView => ({
    lotId: lot.lotId,
    title: lot.title,
    companyId: lot.companyId ?? null,
    committedHours: lot.committedHours ?? null,
    ...figures(doc, [lot], elapsed),
  }));
  const companyIds = [...new Set(allLots.flatMap((lot) => (lot.companyId ? [lot.companyId] : [])))].sort();
  const companies = companyIds.map((companyId): CompanyTrackingView => {
    const held = allLots.filter((lot) => lot.companyId === companyId);
    return { companyId, lotIds: held.map((lot) => lot.lotId), ...figures(doc, held, elapsed) };
  });
  return {
    marketId: doc.marketId,
    title: doc.title,
    kind: doc.kind,
    buyer: doc.buyer,
    territory: doc.territory,
    executionStart: doc.executionStart,
    executionEnd: doc.executionEnd,
    at,
    elapsedPercent: elapsedPercent(elapsed),
    ...figures(doc, allLots, elapsed),
    lots,
    companies,
  };
}

function figures(doc: MarketTrackingDoc, lots: readonly LotTracking[], elapsed: ElapsedShare): TrackingFigures {
  const obligations = lots.map((lot) => ({ targetCenti: centiOfWholeHours(lot.targetHours ?? 0), doneCenti: lot.centiHoursDone }));
  const centiTarget = sumOf(obligations.map((o) => o.targetCenti));
  const centiDone = sumOf(obligations.map((o) => o.doneCenti));
  // hours on a lot never go below zero: a beneficiary counts for these lots when it has hours on one of them
  const lotIds = new Set(lots.map((lot) => lot.lotId));
  const beneficiariesCounted = Object.entries(doc.beneficiariesByLots)
    .filter(([withHours]) => withHours.split(',').some((lotId) => lotIds.has(lotId)))
    .reduce((n, [, count]) => n + count, 0);
  const months = lots.flatMap((lot) => (lot.lastDeclaredMonth ? [lot.lastDeclaredMonth] : [])).sort();
  return {
    targetHours: fromCentiHours(centiTarget),
    hoursDone: fromCentiHours(centiDone),
    remainingHours: fromCentiHours(remainingCentiOfLots(obligations)),
    percentDone: percentOf(centiDone, centiTarget),
    proRataExpectedHours: fromCentiHours(proRataCenti(centiTarget, elapsed)),
    beneficiariesCounted,
    lastDeclaredMonth: months.at(-1) ?? null,
  };
}
