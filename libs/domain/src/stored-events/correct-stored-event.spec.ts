import { DomainError } from '../shared/domain-error';
import { correctStoredEvent } from './correct-stored-event';

const original = { id: 'e-1', type: 'MarketRegistered', data: { marketId: 'm-1' }, metadata: { schemaVersion: 1 } };
const cmd = { correctedEventId: 'e-1', correctedData: { marketId: 'm-1', buyer: { name: 'Ville', kind: 'COMMUNE' } }, reason: 'buyer missing' };
const refusal = (f: () => unknown) => { try { f(); } catch (e) { return e as DomainError; } throw new Error('not refused'); };

describe('correcting a stored event', () => {
  it('records the whole corrected payload, the original untouched', () => {
    expect(correctStoredEvent(cmd, original)).toEqual([{ type: 'StoredEventCorrected', version: 1, data: cmd }]);
    expect(original.data).toEqual({ marketId: 'm-1' });
  });
  it('refuses an event id the log does not hold', () => {
    expect(refusal(() => correctStoredEvent(cmd, undefined))).toMatchObject({ kind: 'not_found', code: 'EVENT_NOT_FOUND', field: 'correctedEventId' });
  });
  it('refuses a payload that is not an object', () => {
    for (const correctedData of [[], 'x', null, 3]) {
      expect(refusal(() => correctStoredEvent({ ...cmd, correctedData }, original))).toMatchObject({ kind: 'rule', code: 'CORRECTED_DATA_NOT_AN_OBJECT' });
    }
  });
  it('refuses to correct a correction', () => {
    expect(refusal(() => correctStoredEvent(cmd, { ...original, type: 'StoredEventCorrected' }))).toMatchObject({ code: 'CORRECTION_OF_CORRECTION' });
  });
});
