import { DomainEvent, event } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aBeneficiaryRegistered, aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketClosed, aMarketRegistered, aPlacementEnded,
  anHoursCorrected, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { foldProjection, listByPrefix, recorded } from '../testing/fold';
import { BilanBeneficiaryDoc, BilanCompanyDoc, BilanDoc, BilanMarketDoc, BilanPlacementDoc, bilanProjection } from './bilan.projection';
import { BilanMemo } from './bilan-memo';
import { KeyFiguresScope, keyFigures } from './key-figures';
import { marketBilan, marketBilanSources } from './market-bilan';
import { placementsWithMonths } from './placement-months';

/**
 * A bilan (and key figures) computed from the previous computation's memo, documents folded one
 * event at a time as the runner does (an untouched document stays the same object), is the bilan
 * computed from scratch: same JSON, character for character, after each kind of change.
 */
const ref = (p: number) => ({ placementId: `p-${p}`, lotId: `lot-${1 + (p % 2)}`, beneficiaryId: `b-${p}` });
const months = Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}`);
const clause = (lotId: string) => [aClauseDefined({ lotId, targetHours: 5000 }), aClauseAccepted({ lotId, targetHours: 5000, committedHours: 5000 })];
const market: DomainEvent[] = [
  aCompanyRegistered(), aMarketRegistered(), ...clause('lot-1'), ...clause('lot-2'),
  ...Array.from({ length: 30 }, (_, p) => [
    aBeneficiaryRegistered({ beneficiaryId: `b-${p}`, sex: p % 3 ? 'F' : 'M', ageBand: p % 4 ? 'FROM_26_TO_49' : 'UNDER_26' }),
    aBeneficiaryPlaced({ ...ref(p), contractType: p % 5 ? 'FIXED_TERM_I' : 'PERMANENT', modality: p % 7 ? 'DIRECT_HIRE' : 'ETTI' }),
    ...months.slice(p % 6).map((month) => anHoursDeclared({ ...ref(p), month, hours: 35 + p / 4 })),
  ]).flat(),
];
const followUp = (p: number) => event('FollowUpRecorded', {
  ...ref(p), marketId: 'm-1', companyId: '73282932000074', milestone: 6, situation: 'PERMANENT_CONTRACT', exitCategory: 'DURABLE_EMPLOYMENT', recordedOn: '2026-11-02',
});
/** Each step: the events of one change, as they would arrive between two requests. */
const changes: [string, DomainEvent[]][] = [
  ['a declaration', [anHoursDeclared({ ...ref(3), month: '2026-01', hours: 7.25 })]],
  ['a correction', [anHoursCorrected({ ...ref(8), month: '2026-05', hours: 12.5 })]],
  ['a second correction of the same month', [anHoursCorrected({ ...ref(8), month: '2026-05', hours: 13 })]],
  ['a declaration in a new year (a document of its own)', [anHoursDeclared({ ...ref(5), month: '2027-01', hours: 9 })]],
  ['a correction in that year', [anHoursCorrected({ ...ref(5), month: '2027-01', previousHours: 9, hours: 4 })]],
  ['a placement ended', [aPlacementEnded(ref(11))]],
  ['a follow-up', [followUp(11)]],
  ['a new beneficiary placed, with hours', [aBeneficiaryRegistered({ beneficiaryId: 'b-30', sex: 'M' }), aBeneficiaryPlaced(ref(30)), anHoursDeclared({ ...ref(30), month: '2026-12', hours: 20 })]],
  ['many declarations at once', months.slice(0, 5).map((month) => anHoursDeclared({ ...ref(1), month, hours: 1 }))],
  ['nothing', []],
  ['the market closed', [aMarketClosed()]],
];

describe('a bilan computed from the previous computation', () => {
  const docs = new Map<string, BilanDoc | undefined>();
  let position = 0;
  const fold = (events: DomainEvent[]) => {
    foldProjection(bilanProjection, recorded(events, position), docs);
    position += events.length;
  };
  const bilanMemo = new BilanMemo();
  const yearMemo = new BilanMemo();
  const scope: KeyFiguresScope = { year: 2026, department: '50' };
  const bilanNow = (memo?: BilanMemo) => JSON.stringify(marketBilan(marketBilanSources('m-1', (key) => docs.get(key))!, memo));
  const figuresNow = (memo?: BilanMemo) => {
    const list = <D>(prefix: string) => listByPrefix(docs, prefix).map((d) => d.doc as D);
    return JSON.stringify(keyFigures(scope, {
      markets: list<BilanMarketDoc>('market:'), placements: placementsWithMonths(list<BilanPlacementDoc>('placement:'), (key) => docs.get(key)),
      beneficiaries: new Map(list<BilanBeneficiaryDoc>('beneficiary:').map((b) => [b.beneficiaryId, b])),
      companies: new Map(list<BilanCompanyDoc>('company:').map((c) => [c.companyId, c])),
    }, memo));
  };

  beforeAll(() => {
    fold(market);
    expect(bilanNow(bilanMemo)).toBe(bilanNow());
    expect(figuresNow(yearMemo)).toBe(figuresNow());
  });

  it.each(changes)('is the bilan computed from scratch after %s', (_, events) => {
    const before = bilanNow();
    fold(events);
    const fromScratch = bilanNow();
    expect(bilanNow(bilanMemo)).toBe(fromScratch);
    expect(figuresNow(yearMemo)).toBe(figuresNow());
    if (events.some((e) => e.type === 'HoursDeclared' || e.type === 'HoursCorrected')) expect(fromScratch).not.toBe(before);
  });

  it('keeps a figure no event changed as the same list, and gives a changed one a list of its own', () => {
    const sources = () => marketBilanSources('m-1', (key) => docs.get(key))!;
    const first = marketBilan(sources(), bilanMemo);
    expect(marketBilan(sources(), bilanMemo).totals.hoursDone.eventIds).toBe(first.totals.hoursDone.eventIds);
    fold([anHoursDeclared({ ...ref(4), month: '2026-01', hours: 3 })]);
    const next = marketBilan(sources(), bilanMemo);
    expect(next.totals.hoursDone.eventIds).not.toBe(first.totals.hoursDone.eventIds);
    expect(next.totals.hoursDone.eventIds).toEqual([...first.totals.hoursDone.eventIds, `evt-${position - 1}`].sort());
    expect(next.beneficiaries.women.eventIds).toBe(first.beneficiaries.women.eventIds);
  });
});
