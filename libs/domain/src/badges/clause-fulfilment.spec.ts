import { DomainEvent } from '../shared/domain-event';
import { MarketEvent } from '../market/market-events';
import { MaybeMarket, evolveMarket } from '../market/market';
import { PlacementEvent } from '../placement/placement-events';
import { Placement, evolvePlacement } from '../placement/placement';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketClosed, aMarketRegistered, anHoursCorrected, anHoursDeclared,
} from '../testing/fixtures';
import { clauseFulfilment, fulfilmentTotals } from './clause-fulfilment';

const marketOf = (events: readonly DomainEvent[]): MaybeMarket => events.reduce<MaybeMarket>((m, e) => evolveMarket(m, e as MarketEvent), undefined);
const placementOf = (events: readonly DomainEvent[]): Placement =>
  events.reduce<Placement | undefined>((p, e) => evolvePlacement(p, e as PlacementEvent), undefined)!;

const accepted = [aMarketRegistered(), aClauseDefined(), aClauseAccepted()];
const p1 = placementOf([aBeneficiaryPlaced(), anHoursDeclared({ month: '2026-03', hours: 140 }), anHoursDeclared({ month: '2026-04', hours: 151.67 })]);

describe('how far a market fulfilled its clause, from its streams', () => {
  it('gives each lot its target, the hours of its placements and the company holding it', () => {
    expect(clauseFulfilment(marketOf(accepted), [p1])).toEqual({
      closed: false,
      lots: [{ lotId: 'lot-1', targetHours: 833, hoursDone: 291.67, companyId: '73282932000074' }, { lotId: 'lot-2', targetHours: 0, hoursDone: 0 }],
    });
  });
  it('is closed from the moment the market stream records the closure', () => {
    expect(clauseFulfilment(marketOf([...accepted, aMarketClosed()]), [p1])?.closed).toBe(true);
  });
  it('counts a corrected month at its corrected figure, once', () => {
    const corrected = placementOf([aBeneficiaryPlaced(), anHoursDeclared({ month: '2026-03', hours: 140 }), anHoursCorrected({ month: '2026-03', previousHours: 140, hours: 141.5 })]);
    expect(clauseFulfilment(marketOf(accepted), [corrected])?.lots[0].hoursDone).toBe(141.5);
  });
  it('sums in hundredths of an hour, without floating-point drift', () => {
    const tenths = placementOf([aBeneficiaryPlaced({ placementId: 'p-2' }), ...['2026-03', '2026-04', '2026-05'].map((month) => anHoursDeclared({ placementId: 'p-2', month, hours: 0.1 }))]);
    const fulfilment = clauseFulfilment(marketOf(accepted), [tenths])!;
    expect(fulfilment.lots[0].hoursDone).toBe(0.3);
    expect(fulfilmentTotals(fulfilment)).toEqual({ targetHours: 833, hoursDone: 0.3 });
  });
  it('ignores a placement of another market', () => {
    const elsewhere = placementOf([aBeneficiaryPlaced({ placementId: 'p-9', marketId: 'm-2' }), anHoursDeclared({ placementId: 'p-9', marketId: 'm-2', hours: 900 })]);
    expect(clauseFulfilment(marketOf(accepted), [elsewhere])?.lots[0].hoursDone).toBe(0);
  });
  it('of a market that does not exist is nothing', () => {
    expect(clauseFulfilment(undefined, [p1])).toBeUndefined();
  });
});
