import { DomainEvent } from '@clause-ledger/domain';
import { aBeneficiaryPlaced, aBeneficiaryRegistered, aMarketRegistered, anHoursCorrected, anHoursDeclared } from '@clause-ledger/domain/testing/fixtures';
import { foldProjection, recorded } from '../testing/fold';
import { FoldBatch } from '../runner/fold-batch';
import { DocumentChange, ReadModelStore } from '../runner/read-model-store';
import { BilanDoc, BilanPlacementDoc, bilanProjection } from './bilan.projection';
import { marketBilan, marketBilanSources } from './market-bilan';
import { monthsOf, withMonths } from './placement-months';

/**
 * A placement's months live in one document per year (placement-months:<marketId>:<placementId>:<YYYY>): a declaration
 * writes its year's document, not the placement's document nor the other years'.
 */
const declared = (month: string, hours: number) => anHoursDeclared({ month, hours });
const history: DomainEvent[] = [aMarketRegistered(), aBeneficiaryPlaced({ plannedEndDate: '2028-06-30' }), declared('2026-11', 100), declared('2026-12', 120), declared('2027-01', 90)];

/** The documents the runner would write for `event` after the history (what FoldBatch gives it to commit). */
function writtenBy(event: DomainEvent): DocumentChange[] {
  const docs = foldProjection(bilanProjection, recorded(history));
  const batch = new FoldBatch<BilanDoc>(bilanProjection, (e) => e, (key) => docs.get(key), new Map());
  expect(batch.fold(recorded([event], history.length)[0])).toBe(true);
  return batch.changes();
}

const placementIn = (docs: ReadonlyMap<string, BilanDoc | undefined>) => withMonths(docs.get('placement:p-1') as BilanPlacementDoc, (key) => docs.get(key));

describe('bilan projection: a placement\'s months, one document per year', () => {
  const hoursIn = (events: DomainEvent[], marketId: string) => {
    const docs = foldProjection(bilanProjection, recorded(events));
    return marketBilan(marketBilanSources(marketId, (key) => docs.get(key))!).totals.hoursDone;
  };

  it('files hours under the placement\'s market, not under the market the hours event names (a payload without it, or another one)', () => {
    const { marketId: _gone, ...withoutMarket } = anHoursDeclared({ month: '2026-03', hours: 140 }).data;
    const events: DomainEvent[] = [
      aMarketRegistered(), aBeneficiaryPlaced(), { type: 'HoursDeclared', version: 1, data: withoutMarket } as DomainEvent,
      anHoursDeclared({ marketId: 'm-2', month: '2026-04', hours: 100 }),
    ];
    expect(hoursIn(events, 'm-1')).toEqual({ value: 240, eventIds: ['evt-2', 'evt-3'] });
    expect([...foldProjection(bilanProjection, recorded(events)).keys()].filter((k) => k.startsWith('placement-months:'))).toEqual(['placement-months:m-1:p-1:2026']);
  });

  it('keeps markets apart whatever their ids hold (an operator\'s correction is not held to the API\'s id rules)', () => {
    const events: DomainEvent[] = [
      aMarketRegistered({ marketId: 'a' }), aMarketRegistered({ marketId: 'a:b' }),
      aBeneficiaryPlaced({ marketId: 'a', placementId: 'b:c' }), aBeneficiaryPlaced({ marketId: 'a:b', placementId: 'c' }),
      anHoursDeclared({ marketId: 'a', placementId: 'b:c', month: '2026-03', hours: 100 }), anHoursDeclared({ marketId: 'a:b', placementId: 'c', month: '2026-04', hours: 1 }),
    ];
    expect(hoursIn(events, 'a').value).toBe(100);
    expect(hoursIn(events, 'a:b').value).toBe(1);
  });

  it('parks hours without a month as blocking their placement (not as an event that blocks nothing)', () => {
    const docs = foldProjection(bilanProjection, recorded(history));
    const batch = new FoldBatch<BilanDoc>(bilanProjection, (e) => e, (key) => docs.get(key), new Map());
    const { month: _gone, ...withoutMonth } = anHoursDeclared().data;
    expect(batch.fold(recorded([{ type: 'HoursDeclared', version: 1, data: withoutMonth } as DomainEvent], history.length)[0])).toBe(false);
    expect(batch.parked[0].keys).toEqual(['placement:p-1']);
  });

  it('a declaration writes its year\'s document only: that year\'s months, not the placement\'s document nor another year\'s', () => {
    const written = writtenBy(declared('2027-02', 80));
    expect(written).toEqual([{ key: 'placement-months:m-1:p-1:2027', doc: { kind: 'placement-months', months: { '2027-01': expect.anything(), '2027-02': { centi: 8000, eventIds: ['evt-5'] } } } }]);
  });

  it('the first declaration of a year writes that year\'s document and lists the year in the placement\'s', () => {
    const written = writtenBy(declared('2028-01', 70));
    expect(written.map((w) => w.key)).toEqual(['placement:p-1', 'placement-months:m-1:p-1:2028']);
    expect((written[0].doc as BilanPlacementDoc).years).toEqual(['2026', '2027', '2028']);
    expect(written[1].doc).toEqual({ kind: 'placement-months', months: { '2028-01': { centi: 7000, eventIds: ['evt-5'] } } });
  });

  it('a correction replaces its month\'s figure in its year\'s document and joins the events behind it', () => {
    const written = writtenBy(anHoursCorrected({ month: '2026-12', previousHours: 120, hours: 121.5 }));
    expect(written).toEqual([{ key: 'placement-months:m-1:p-1:2026', doc: { kind: 'placement-months', months: {
      '2026-11': { centi: 10000, eventIds: ['evt-2'] }, '2026-12': { centi: 12150, eventIds: ['evt-3', 'evt-5'] },
    } } }]);
  });

  it('hours of a placement the read model does not know write nothing', () => {
    expect(writtenBy(anHoursDeclared({ placementId: 'p-unknown', month: '2027-03' }))).toEqual([]);
  });

  it('reads a placement with the months of all its years', () => {
    expect(monthsOf(placementIn(foldProjection(bilanProjection, recorded(history))))).toEqual({
      '2026-11': { centi: 10000, eventIds: ['evt-2'] }, '2026-12': { centi: 12000, eventIds: ['evt-3'] }, '2027-01': { centi: 9000, eventIds: ['evt-4'] },
    });
  });

  it('gives the same placement while none of its documents changed, and a new one once a year of it did', () => {
    const docs = foldProjection(bilanProjection, recorded(history));
    const first = placementIn(docs);
    expect(placementIn(docs)).toBe(first);
    foldProjection(bilanProjection, recorded([declared('2026-10', 5)], history.length), docs);
    const next = placementIn(docs);
    expect(next).not.toBe(first);
    expect(monthsOf(next)['2026-10']).toEqual({ centi: 500, eventIds: [`evt-${history.length}`] });
  });

  it('live (one event a batch, documents read back from the store) equals a rebuild folding everything at once', () => {
    const events = recorded([
      ...history, declared('2027-02', 80), anHoursCorrected({ month: '2026-11', previousHours: 100, hours: 99 }), declared('2028-01', 70),
      anHoursCorrected({ month: '2027-02', previousHours: 80, hours: 81 }), anHoursCorrected({ month: '2027-02', previousHours: 81, hours: 82 }),
      aBeneficiaryPlaced({ placementId: 'p-2' }), anHoursDeclared({ placementId: 'p-2', month: '2027-12', hours: 10 }),
    ]);
    const live = ReadModelStore.open(':memory:');
    for (const event of events) {
      const batch = new FoldBatch<BilanDoc>(bilanProjection, (e) => e, (key) => live.get(bilanProjection.name, key), new Map());
      batch.fold(event);
      live.commit(bilanProjection.name, bilanProjection.version, batch.changes(), event.position);
    }
    const rebuilt = [...foldProjection(bilanProjection, events)].filter(([, doc]) => doc !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(live.list(bilanProjection.name).map((r) => [r.key, r.doc])).toEqual(rebuilt);
    expect(rebuilt.map(([key]) => key)).toContain('placement-months:m-1:p-1:2028');
    live.close();
  });

  it('a cold bilan reads its market\'s year documents in one range read, where no year document of a market whose id starts the same is', () => {
    const other = { marketId: 'm-10', placementId: 'p-10', beneficiaryId: 'b-10' };
    const docs = foldProjection(bilanProjection, recorded([
      ...history, aMarketRegistered({ marketId: 'm-10' }), aBeneficiaryRegistered({ beneficiaryId: 'b-10' }), aBeneficiaryPlaced(other),
      anHoursDeclared({ ...other, month: '2026-11', hours: 7 }),
    ]));
    const ranges: string[] = [];
    const readAhead = new Set<string>();
    const read = (key: string) => docs.get(key);
    const sources = marketBilanSources('m-1', read, {
      under: (prefix) => {
        ranges.push(prefix);
        for (const key of docs.keys()) if (key.startsWith(prefix)) readAhead.add(key);
      },
      keys: (keys) => keys.forEach((key) => readAhead.add(key)),
    })!;
    expect(ranges).toEqual(['placement-months:m-1:']);
    expect([...readAhead].sort()).toEqual(['beneficiary:b-1', 'placement-months:m-1:p-1:2026', 'placement-months:m-1:p-1:2027', 'placement:p-1']);
    expect(docs.has('placement-months:m-10:p-10:2026')).toBe(true);
    expect(JSON.stringify(marketBilan(sources))).toBe(JSON.stringify(marketBilan(marketBilanSources('m-1', read)!)));
  });
});
