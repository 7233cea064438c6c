import { Streams, context, given } from '../testing/given-when-then';
import { event } from '../shared/domain-event';
import { AcknowledgeAlert, acknowledgeAlert } from './acknowledge-alert';

const ctx = context('2026-06-15');
const cmd: AcknowledgeAlert = { marketId: 'm-1', alertId: 'behind-pro-rata:lot-1', acknowledgedBy: 'C. Lefèvre' };
const acknowledge = (over: Partial<AcknowledgeAlert> = {}, known = true) => ({ alerts }: Streams) => acknowledgeAlert({ ...cmd, ...over }, alerts, known, ctx);
const acknowledged = (alertId: string, note?: string) =>
  event('AlertAcknowledged', { marketId: 'm-1', alertId, acknowledgedBy: 'C. Lefèvre', ...(note ? { note } : {}), acknowledgedOn: '2026-06-15' });

describe('acknowledging an alert', () => {
  it('records who acknowledged it', () => {
    given().when(acknowledge()).then([acknowledged('behind-pro-rata:lot-1')]);
  });
  it('keeps the facilitator\'s note', () => {
    given().when(acknowledge({ note: 'recrutement en cours avec la Mission locale' })).then([acknowledged('behind-pro-rata:lot-1', 'recrutement en cours avec la Mission locale')]);
  });
  it('an alert the market never raised is not found', () => {
    given().when(acknowledge({}, false)).thenRefuses({ kind: 'not_found', code: 'ALERT_NOT_FOUND', field: 'alertId' });
  });
  it('an alert is acknowledged once', () => {
    given([acknowledged('behind-pro-rata:lot-1')]).when(acknowledge()).thenRefuses({ kind: 'conflict', code: 'ALERT_ALREADY_ACKNOWLEDGED', field: 'alertId' });
  });
  it('each alert is acknowledged on its own', () => {
    given([acknowledged('behind-pro-rata:lot-1')]).when(acknowledge({ alertId: 'no-placement:lot-1' })).then([acknowledged('no-placement:lot-1')]);
  });
});
