import { StoredEventReader, asDomainEvent } from './stored-event-reader';
import { storedEventCorrected } from './event-correction';
import { upcast, upcasterRegistry } from './upcasters';

/** A realistic change: HoursDeclared v1 carried hours as a number; suppose v2 carries hundredths of an hour. */
const hoursInCenti = upcasterRegistry([
  { type: 'HoursDeclared', fromVersion: 1, toVersion: 2, upcast: (d) => { const { hours, ...rest } = d as { hours: number }; return { ...rest, centiHours: Math.round(hours * 100) }; } },
  { type: 'HoursDeclared', fromVersion: 2, toVersion: 3, upcast: (d) => ({ ...(d as object), unit: 'centi-hour' }) },
]);

const stored = (over: Partial<{ id: string; type: string; data: unknown; metadata: Record<string, unknown> }> = {}) => ({
  id: 'evt-1', type: 'HoursDeclared', data: { placementId: 'p-1', hours: 35.5 }, metadata: { schemaVersion: 1 }, ...over,
});

describe('reading a stored event', () => {
  it('upcasts an old payload through every version to the current one', () => {
    const read = new StoredEventReader(hoursInCenti).read(stored());
    expect(read.data).toEqual({ placementId: 'p-1', centiHours: 3550, unit: 'centi-hour' });
    expect(read.metadata.schemaVersion).toBe(3);
  });

  it('leaves an event already at the current version as it is, so reading twice changes nothing', () => {
    const reader = new StoredEventReader(hoursInCenti);
    const once = reader.read(stored());
    expect(reader.read(once)).toEqual(once);
    expect(upcast(hoursInCenti, 'HoursDeclared', 3, { a: 1 })).toEqual({ version: 3, data: { a: 1 } });
  });

  it('refuses two upcasters from the same version, and one that goes backwards', () => {
    const u = { type: 'X', fromVersion: 1, toVersion: 2, upcast: (d: unknown) => d };
    expect(() => upcasterRegistry([u, u])).toThrow('two upcasters for X v1');
    expect(() => upcasterRegistry([{ ...u, toVersion: 1 }])).toThrow('later version');
  });

  it('folds the corrected payload and type once the correction is known, the original left as it was', () => {
    const reader = new StoredEventReader();
    const original = stored({ type: 'MarketRegistred', data: { marketId: 'm-1' } });
    const correction = storedEventCorrected({ correctedEventId: 'evt-1', correctedType: 'MarketRegistered', correctedData: { marketId: 'm-1', buyer: { name: 'Ville', kind: 'COMMUNE' } }, reason: 'buyer missing' });
    expect(reader.read(original)).toBe(original);
    expect(reader.learn({ id: 'evt-9', ...correction })).toEqual(correction.data);
    expect(reader.domainEvent(original)).toEqual({ type: 'MarketRegistered', version: 1, data: correction.data.correctedData });
    expect(original.data).toEqual({ marketId: 'm-1' });
    expect(reader.isCorrected('evt-1')).toBe(true);
  });

  it('learns nothing from an event that is not a correction', () => {
    const reader = new StoredEventReader();
    expect(reader.learn(stored())).toBeUndefined();
    expect(asDomainEvent(stored())).toEqual({ type: 'HoursDeclared', version: 1, data: { placementId: 'p-1', hours: 35.5 } });
  });
});
