import { recorded } from '../testing/fold';
import { DomainEvent } from '@clause-ledger/domain';
import { aSealedIdentity, anHoursDeclared } from '@clause-ledger/domain/testing/fixtures';
import { SEALED_IDENTITY, historyPage, withoutIdentities } from './market-history';

describe('a market history', () => {
  it('shows a sealed identity as "identité chiffrée", never its ciphertext', () => {
    const shown = withoutIdentities({ beneficiaryId: 'b-1', identity: aSealedIdentity, list: [{ sealed: aSealedIdentity }] });
    expect(shown).toEqual({ beneficiaryId: 'b-1', identity: SEALED_IDENTITY, list: [{ sealed: SEALED_IDENTITY }] });
    expect(JSON.stringify(shown)).not.toContain(aSealedIdentity.ciphertext);
  });

  it('states a correction\'s previous figure and reason, filters by kind and pages after filtering', () => {
    const correction = { type: 'HoursCorrected', version: 1, data: { ...anHoursDeclared().data, previousHours: 140, hours: 120, reason: 'bulletin rectificatif', correctedOn: '2026-05-02' } } as DomainEvent;
    const events = recorded([anHoursDeclared(), correction, anHoursDeclared({ month: '2026-04' })]);
    const page = historyPage('m-1', events, { kinds: ['HoursCorrected'], page: 1, pageSize: 10 });
    expect(page.total).toBe(1);
    expect(page.entries[0]).toMatchObject({ eventId: 'evt-1', position: '1/1', correction: { month: '2026-03', previousHours: 140, hours: 120, reason: 'bulletin rectificatif' } });
    expect(historyPage('m-1', events, { page: 2, pageSize: 2 }).entries.map((e) => e.eventId)).toEqual(['evt-2']);
  });
});
