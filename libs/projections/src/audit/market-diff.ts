import { RecordedEvent, positionToString } from '@clause-ledger/event-store';
import { StoredEventReader } from '@clause-ledger/domain';
import { MarketFigures, MarketFold } from './market-as-of';

/** Every figure an auditor compares, flat: "market.hoursDone", "lot:lot-1.targetHours", "company:<siret>.hoursDone"... */
export function flatFigures({ tracking, bilan }: MarketFigures): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const put = (prefix: string, f: { targetHours: number; hoursDone: number; beneficiariesCounted: number }) => {
    out[`${prefix}.targetHours`] = f.targetHours;
    out[`${prefix}.hoursDone`] = f.hoursDone;
    out[`${prefix}.beneficiariesCounted`] = f.beneficiariesCounted;
  };
  put('market', tracking);
  tracking.lots.forEach((lot) => put(`lot:${lot.lotId}`, lot));
  tracking.companies.forEach((c) => put(`company:${c.companyId}`, c));
  out['market.missingHours'] = bilan.totals.missingHours;
  out['market.penaltyCents'] = bilan.totals.penaltyCents;
  bilan.lots.forEach((lot) => { out[`lot:${lot.lotId}.penaltyCents`] = lot.penaltyCents; });
  out['market.beneficiariesInBilan'] = bilan.beneficiaries.beneficiaries.value;
  return out;
}

export interface FigureChange {
  readonly figure: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly events: { eventId: string; type: string; position: string; recordedAt: string }[];
}

/**
 * The figures at both ends and, for each figure that moved, the events between them that moved it
 * (folded one by one: an event is named when the figure differs right before and right after it).
 */
export function marketDiff(marketId: string, events: readonly RecordedEvent[], reader: StoredEventReader, isBeforeOrAtFrom: (e: RecordedEvent) => boolean, date: string): FigureChange[] {
  const state = new MarketFold(marketId, reader);
  const values = () => { const f = state.figures(date); return f ? flatFigures(f) : {}; };
  let i = 0;
  for (; i < events.length && isBeforeOrAtFrom(events[i]); i++) state.apply(events[i]);
  const start = values();
  let previous = start;
  const moves = new Map<string, FigureChange['events']>();
  for (; i < events.length; i++) {
    const e = events[i];
    state.apply(e);
    const next = values();
    for (const name of new Set([...Object.keys(previous), ...Object.keys(next)])) {
      if ((previous[name] ?? null) === (next[name] ?? null)) continue;
      moves.set(name, [...(moves.get(name) ?? []), { eventId: e.id, type: e.type, position: positionToString(e.position), recordedAt: e.recordedAt }]);
    }
    previous = next;
  }
  return [...new Set([...Object.keys(start), ...Object.keys(previous)])].sort().map((figure) => ({
    figure, from: start[figure] ?? null, to: previous[figure] ?? null, events: moves.get(figure) ?? [],
  }));
}
