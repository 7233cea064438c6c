import { addDays, addMonths } from '@clause-ledger/domain';
import { MarketContext, nextChangeOf, placementConditions } from './alert-conditions';
import { DEFAULT_ALERT_RULES } from './alert-rules';
import type { AlertPlacement } from './alerts-documents';

/** A small deterministic generator (mulberry32): the same cases on every run. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, day: (from: string, span: number) => addDays(from, int(span)), chance: (p: number) => next() < p };
}

const config = DEFAULT_ALERT_RULES;
const evaluation = (market: MarketContext, p: AlertPlacement, today: string) => {
  const { declarations, followUps } = placementConditions(market, p, today, config);
  return JSON.stringify([...declarations, ...followUps]);
};

function aCase(g: ReturnType<typeof generator>): { market: MarketContext; placement: AlertPlacement; today: string } {
  const executionStart = g.day('2026-01-01', 200);
  const market: MarketContext = {
    title: 'Réhabilitation', executionStart, executionEnd: g.day(addMonths(executionStart, 6), 700),
    ...(g.chance(0.2) ? { closedOn: g.day(executionStart, 900) } : {}),
  };
  const startDate = g.day(addDays(executionStart, -60), 400);
  const plannedEndDate = g.day(addMonths(startDate, 2), 600);
  const endDate = g.chance(0.4) ? g.day(startDate, 700) : undefined;
  const months = Array.from({ length: 30 }, (_, i) => addMonths(startDate, i - 1).slice(0, 7));
  const placement: AlertPlacement = {
    placementId: 'p-1', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: 'b-1', startDate, plannedEndDate,
    ...(endDate ? { endDate } : {}),
    eligibleUntil: g.day(addDays(startDate, -30), 700),
    declaredMonths: months.filter(() => g.chance(0.7)),
    followUps: [6, 12].filter(() => g.chance(0.3)),
  };
  return { market, placement, today: g.day(addDays(executionStart, -100), 1_200) };
}

describe('nextChangeOf: the first day the clock can change a placement\'s alerts', () => {
  it('no day before it changes what holds, and on it something does, for 400 generated placements', () => {
    const g = generator(13);
    let changedOnTheDay = 0;
    let never = 0;
    for (let n = 0; n < 400; n++) {
      const { market, placement, today } = aCase(g);
      const next = nextChangeOf(market, placement, today, config);
      const now = evaluation(market, placement, today);
      const horizon = next ?? addDays(today, 1_500);
      for (let day = addDays(today, 1); day < horizon; day = addDays(day, 1)) {
        const then = evaluation(market, placement, day);
        if (then !== now) expect({ n, day, conditions: then }).toEqual({ n, day, conditions: now });
      }
      if (next === undefined) never++;
      else if (evaluation(market, placement, next) !== now) changedOnTheDay++;
    }
    // mostly exact, not merely early (early is only an evaluation that changes nothing)
    expect(changedOnTheDay).toBeGreaterThan(150);
    expect(never).toBeGreaterThan(10);
  });

  it('a month declared in advance does not make the placement due when it closes', () => {
    const market: MarketContext = { title: 'M', executionStart: '2026-01-01', executionEnd: '2027-12-31' };
    const p: AlertPlacement = {
      placementId: 'p-1', lotId: 'lot-1', companyId: 'c', beneficiaryId: 'b-1', startDate: '2026-01-01', plannedEndDate: '2026-12-31',
      eligibleUntil: '2027-12-31', declaredMonths: ['2026-01', '2026-02', '2026-03'], followUps: [],
    };
    // January is closed on 11 February; February and March are declared: April closes on 11 May
    expect(nextChangeOf(market, p, '2026-02-20', config)).toBe('2026-05-11');
    expect(nextChangeOf(market, { ...p, endDate: '2026-03-31' }, '2026-02-20', config)).toBe('2026-09-30');
    expect(nextChangeOf({ ...market, closedOn: '2026-02-01' }, p, '2026-02-20', config)).toBeUndefined();
  });
});
