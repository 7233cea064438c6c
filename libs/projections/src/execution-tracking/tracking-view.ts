import { daysBetween } from '@clause-ledger/domain';
import { LotTracking, MarketTrackingDoc } from './execution-tracking.projection';

export interface TrackingFigures {
  readonly targetHours: number;
  readonly hoursDone: number;
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
    ...figures([lot], elapsed),
  }));
  const companyIds = [...new Set(allLots.flatMap((lot) => (lot.companyId ? [lot.companyId] : [])))].sort();
  const companies = companyIds.map((companyId): CompanyTrackingView => {
    const held = allLots.filter((lot) => lot.companyId === companyId);
    return { companyId, lotIds: held.map((lot) => lot.lotId), ...figures(held, elapsed) };
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
    elapsedPercent: Math.round((elapsed.numerator * 1000) / elapsed.denominator) / 10,
    ...figures(allLots, elapsed),
    lots,
    companies,
  };
}

interface Share { numerator: number; denominator: number }

/** Days elapsed (inclusive) over the execution period's days, clamped to [0, 1]. */
export function elapsedShare(start: string, end: string, at: string): Share {
  const total = daysBetween(start, end) + 1;
  const elapsed = Math.min(Math.max(daysBetween(start, at) + 1, 0), total);
  return { numerator: elapsed, denominator: total };
}

function figures(lots: readonly LotTracking[], elapsed: Share): TrackingFigures {
  let centiTarget = 0;
  let centiDone = 0;
  let lastDeclaredMonth: string | null = null;
  const centiByBeneficiary = new Map<string, number>();
  for (const lot of lots) {
    centiTarget += (lot.targetHours ?? 0) * 100;
    centiDone += lot.centiHoursDone;
    if (lot.lastDeclaredMonth && (!lastDeclaredMonth || lot.lastDeclaredMonth > lastDeclaredMonth)) lastDeclaredMonth = lot.lastDeclaredMonth;
    for (const [beneficiaryId, centi] of Object.entries(lot.centiHoursByBeneficiary)) {
      centiByBeneficiary.set(beneficiaryId, (centiByBeneficiary.get(beneficiaryId) ?? 0) + centi);
    }
  }
  return {
    targetHours: centiTarget / 100,
    hoursDone: centiDone / 100,
    remainingHours: Math.max(centiTarget - centiDone, 0) / 100,
    percentDone: centiTarget === 0 ? 0 : Math.round((centiDone * 1000) / centiTarget) / 10,
    proRataExpectedHours: Math.round((centiTarget * elapsed.numerator) / elapsed.denominator) / 100,
    beneficiariesCounted: [...centiByBeneficiary.values()].filter((centi) => centi > 0).length,
    lastDeclaredMonth,
  };
}
