import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { event } from '@clause-ledger/domain';
import { aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered } from '@clause-ledger/domain/testing/fixtures';
import { OutboxEntry, alertsProjection } from '@clause-ledger/projections';
import { foldProjection, marketAlertsIn, recorded } from '@clause-ledger/projections/testing/fold';
import { lastChangePerMarket, toMessage } from './read-model-messages';

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
const validAlerts = ajv.compile(JSON.parse(readFileSync(join(__dirname, '../schemas/alerts.v1.schema.json'), 'utf8')));

const docs = foldProjection(alertsProjection(), recorded([
  aMarketRegistered(), aClauseDefined(), aClauseAccepted(), aBeneficiaryPlaced({ startDate: '2026-01-05' }), event('ClockTicked', { date: '2026-05-20' }),
]));
const market = marketAlertsIn(docs, 'm-1')!;
const entry = (seq: number, key: string): OutboxEntry => ({ seq, projection: 'alerts', key, doc: docs.get(key), position: `${seq}/${seq}` });

describe('alerts on Kafka: one message per market, whichever of its documents changed', () => {
  it('a change of a placement\'s document publishes the whole market, keyed and named by the market', () => {
    const message = toMessage(entry(7, 'market:m-1/placement:p-1'), 'test', (id) => marketAlertsIn(docs, id))!;
    expect(message).toMatchObject({ topic: 'test.alerts.v1', key: 'm-1', messageId: 'alerts:market:m-1:7/7' });
    expect(validAlerts(message.value) || validAlerts.errors).toBe(true);
    expect(message.value!.alerts).toEqual(Object.values(market.alerts));
    expect(new Set(Object.values(market.alerts).map((a) => a.rule))).toEqual(new Set(['BEHIND_PRO_RATA', 'NO_HOURS_DECLARED']));
  });
  it('publishes a market once per batch, at its last change; routing indexes are not published', () => {
    const batch = [entry(1, 'market:m-1'), entry(2, 'market:m-1/placement:p-1'), entry(3, 'placements:m-1'), entry(4, 'market:m-2'), entry(5, 'market:m-1/placement:p-1')];
    expect(lastChangePerMarket(batch).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(toMessage(batch[2], 'test', (id) => marketAlertsIn(docs, id))).toBeUndefined();
  });
  it('a deleted market header is a tombstone', () => {
    expect(toMessage({ seq: 1, projection: 'alerts', key: 'market:m-1', doc: undefined, position: '1/1' }, 'test', (id) => marketAlertsIn(docs, id))!.value).toBeNull();
  });
});
