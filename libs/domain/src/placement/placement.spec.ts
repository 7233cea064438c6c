import { fold } from '../testing/given-when-then';
import { aBeneficiaryPlaced, aPlacementEnded, anHoursCorrected, anHoursDeclared } from '../testing/fixtures';
import { evolvePlacement, placementLastDay } from './placement';

describe('a placement\'s state', () => {
  it('holds the current hours of each month, corrections included', () => {
    const { placement } = fold([aBeneficiaryPlaced(), anHoursDeclared(), anHoursDeclared({ month: '2026-04', hours: 150 }), anHoursCorrected()]);
    expect(placement?.hoursByMonth).toEqual({ '2026-03': 141.5, '2026-04': 150 });
  });
  it('counts hours up to the planned end while it runs', () => {
    expect(placementLastDay(fold([aBeneficiaryPlaced()]).placement!)).toBe('2026-12-18');
  });
  it('counts hours up to the actual end once ended', () => {
    expect(placementLastDay(fold([aBeneficiaryPlaced(), aPlacementEnded()]).placement!)).toBe('2026-04-30');
  });
  it('hours for a placement never recorded are a broken history, not a refusal', () => {
    expect(() => evolvePlacement(undefined, anHoursDeclared())).toThrow('HoursDeclared for unknown placement p-1');
  });
});
