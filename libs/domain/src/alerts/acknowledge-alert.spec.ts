import { Streams, context, given } from '../testing/given-when-then';
import { event } from '../shared/domain-event';
import { aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, aPlacementEnded } from '../testing/fixtures';
import { AcknowledgeAlert, acknowledgeAlert } from './acknowledge-alert';

const ctx = context('2026-06-15');
const cmd: AcknowledgeAlert = { marketId: 'm-1', alertId: 'BEHIND_PRO_RATA:lot-1', acknowledgedBy: 'C. Lefèvre' };
const acknowledge = (over: Partial<AcknowledgeAlert> = {}) => ({ alerts, market, placement }: Streams) => acknowledgeAlert({ ...cmd, ...over }, alerts, { market, placement }, ctx);
const acknowledged = (alertId: string, note?: string) =>
  event('AlertAcknowledged', { marketId: 'm-1', alertId, acknowledgedBy: 'C. Lefèvre', ...(note ? { note } : {}), acknowledgedOn: '2026-06-15' });
const held = [aMarketRegistered(), aClauseDefined(), aClauseAccepted()];
const placed = [...held, aBeneficiaryPlaced()];

describe('acknowledging an alert', () => {
  it('records who acknowledged it', () => {
    given(held).when(acknowledge()).then([acknowledged('BEHIND_PRO_RATA:lot-1')]);
  });
  it('keeps the facilitator\'s note', () => {
    given(held).when(acknowledge({ note: 'recrutement en cours avec la Mission locale' })).then([acknowledged('BEHIND_PRO_RATA:lot-1', 'recrutement en cours avec la Mission locale')]);
  });
  it('an alert is acknowledged once', () => {
    given([...held, acknowledged('BEHIND_PRO_RATA:lot-1')]).when(acknowledge()).thenRefuses({ kind: 'conflict', code: 'ALERT_ALREADY_ACKNOWLEDGED', field: 'alertId' });
  });
  it('each alert is acknowledged on its own, a condition that came back too', () => {
    given([...held, acknowledged('BEHIND_PRO_RATA:lot-1')]).when(acknowledge({ alertId: 'BEHIND_PRO_RATA:lot-1#2' })).then([acknowledged('BEHIND_PRO_RATA:lot-1#2')]);
  });
  it('an alert about a placement of the market is known from the placement\'s stream', () => {
    given(placed).when(acknowledge({ alertId: 'NO_HOURS_DECLARED:p-1:2026-04' })).then([acknowledged('NO_HOURS_DECLARED:p-1:2026-04')]);
    given(placed).when(acknowledge({ alertId: 'ELIGIBILITY_EXPIRING:p-1' })).then([acknowledged('ELIGIBILITY_EXPIRING:p-1')]);
    given([...placed, aPlacementEnded()]).when(acknowledge({ alertId: 'FOLLOW_UP_DUE:p-1:6' })).then([acknowledged('FOLLOW_UP_DUE:p-1:6')]);
  });
  it('of a market that does not exist is not found', () => {
    given().when(acknowledge()).thenRefuses({ kind: 'not_found', code: 'MARKET_NOT_FOUND', field: 'marketId' });
  });
  describe('an alert no rule could raise on this market is not found', () => {
    it.each([
      ['an id that names no rule', 'behind-pro-rata:lot-1', placed],
      ['a lot the market does not have', 'NO_PLACEMENT:lot-9', placed],
      ['a lot no company holds yet', 'NO_PLACEMENT:lot-2', placed],
      ['a first occurrence numbered #1', 'BEHIND_PRO_RATA:lot-1#1', placed],
      ['a placement that does not exist', 'ELIGIBILITY_EXPIRING:p-9', placed],
      ['a placement of another market', 'ELIGIBILITY_EXPIRING:p-1', [...held, aBeneficiaryPlaced({ marketId: 'm-2' })]],
      ['a month outside the placement', 'NO_HOURS_DECLARED:p-1:2027-01', placed],
      ['a follow-up of a placement still running', 'FOLLOW_UP_DUE:p-1:6', placed],
      ['a follow-up milestone no rule has', 'FOLLOW_UP_DUE:p-1:9', [...placed, aPlacementEnded()]],
    ])('%s (%s)', (_case, alertId, history) => {
      given(history).when(acknowledge({ alertId })).thenRefuses({ kind: 'not_found', code: 'ALERT_NOT_FOUND', field: 'alertId' });
    });
  });
});
