import { daysBetween } from '@clause-ledger/domain';
import { MarketTrackingDoc, PlacementTracking } from './execution-tracking.projection';

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
  const lots = Object.values(doc.lots)
    .sort((a, b) => a.lotId.localeCompare(b.lotId))
    .map((lot): LotTrackingView => ({
      lotId: lot.lotId,
      title: lot.title,
      companyId: lot.companyId ?? null,
      committedHours: lot.committedHours ?? null,
      ...figures(lot.targetHours ?? 0, Object.values(lot.placements), elapsed),
    }));
  const byCompany = new Map<string, { lotIds: string[]; target: number; placements: PlacementTracking[] }>();
  for (const lot of Object.values(doc.lots)) {
    if (!lot.companyId) continue;
    const entry = byCompany.get(lot.companyId) ?? { lotIds: [], target: 0, placements: [] };
    entry.lotIds.push(lot.lotId);
    entry.target += lot.targetHours ?? 0;
    entry.placements.push(...Object.values(lot.placements));
    byCompany.set(lot.companyId, entry);
  }
  const companies = [...byCompany]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([companyId, c]): CompanyTrackingView => ({ companyId, lotIds: c.lotIds.sort(), ...figures(c.target, c.placements, elapsed) }));
  const marketTarget = Object.values(doc.lots).reduce((sum, lot) => sum + (lot.targetHours ?? 0), 0);
  const allPlacements = Object.values(doc.lots).flatMap((lot) => Object.values(lot.placements));
  return {
    marketId: doc.marketId,
    title: doc.title,
    kind: doc.kind,
    buyer: doc.buyer,
    territory: doc.territory,
    executionStart: doc.executionStart,
    executionEnd: doc.executionEnd,
    at,
    elapsedPercent: Math.round(elapsed.numerator * 1000 / elapsed.denominator) / 10,
    ...figures(marketTarget, allPlacements, elapsed),
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

function figures(targetHours: number, placements: readonly PlacementTracking[], elapsed: Share): TrackingFigures {
  let centiDone = 0;
  let lastDeclaredMonth: string | null = null;
  const beneficiaries = new Set<string>();
  for (const p of placements) {
    for (const [month, centi] of Object.entries(p.centiHoursByMonth)) {
      centiDone += centi;
      if (!lastDeclaredMonth || month > lastDeclaredMonth) lastDeclaredMonth = month;
    }
    if (Object.values(p.centiHoursByMonth).some((centi) => centi > 0)) beneficiaries.add(p.beneficiaryId);
  }
  const centiTarget = targetHours * 100;
  return {
    targetHours,
    hoursDone: centiDone / 100,
    remainingHours: Math.max(centiTarget - centiDone, 0) / 100,
    percentDone: centiTarget === 0 ? 0 : Math.round((centiDone * 1000) / centiTarget) / 10,
    proRataExpectedHours: Math.round((centiTarget * elapsed.numerator) / elapsed.denominator) / 100,
    beneficiariesCounted: beneficiaries.size,
    lastDeclaredMonth,
  };
}
