import {
  aBeneficiaryPlaced, aBeneficiaryRegistered, anEligibilityValidated, anErasure, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { foldProjection, recorded } from '../testing/fold';
import { LastContactDoc, lastContactProjection, retentionDue } from './last-contact.projection';

const docsAfter = (events: Parameters<typeof recorded>[0]) => [...foldProjection(lastContactProjection, recorded(events)).values()] as LastContactDoc[];

describe('last contact of each beneficiary', () => {
  it('is the latest date an event shows: registration, validation, placement start, the last day of a month of hours', () => {
    expect(docsAfter([aBeneficiaryRegistered(), anEligibilityValidated(), aBeneficiaryPlaced(), anHoursDeclared({ month: '2026-04' })]))
      .toEqual([{ beneficiaryId: 'b-1', lastContactOn: '2026-04-30', placementIds: [aBeneficiaryPlaced().data.placementId] }]);
  });
  it('does not move back when an older month is declared late', () => {
    const [doc] = docsAfter([aBeneficiaryRegistered(), aBeneficiaryPlaced(), anHoursDeclared({ month: '2026-05' }), anHoursDeclared({ month: '2026-03' })]);
    expect(doc.lastContactOn).toBe('2026-05-31');
  });
  it('keeps the erasure date and the dates, no personal data', () => {
    const [doc] = docsAfter([aBeneficiaryRegistered(), anErasure()]);
    expect(doc).toEqual({ beneficiaryId: 'b-1', lastContactOn: '2026-02-01', placementIds: [], erasedOn: '2026-09-01' });
  });
});

describe('people due for erasure', () => {
  const doc = (beneficiaryId: string, lastContactOn: string, erasedOn?: string): LastContactDoc => ({ beneficiaryId, lastContactOn, placementIds: [], ...(erasedOn ? { erasedOn } : {}) });
  it('are those whose last contact is more than the retention period ago, oldest first', () => {
    const docs = [doc('recent', '2024-06-16'), doc('old', '2023-01-10'), doc('just', '2024-06-14'), doc('edge', '2024-06-15')];
    expect(retentionDue(docs, '2026-06-15', 24)).toEqual([
      { beneficiaryId: 'old', lastContactOn: '2023-01-10', retentionEndedOn: '2025-01-10' },
      { beneficiaryId: 'just', lastContactOn: '2024-06-14', retentionEndedOn: '2026-06-14' },
    ]);
  });
  it('leave out people already erased', () => {
    expect(retentionDue([doc('gone', '2020-01-01', '2026-01-01')], '2026-06-15', 24)).toEqual([]);
  });
});
