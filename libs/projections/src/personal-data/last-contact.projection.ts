import { RecordedEvent } from '@clause-ledger/event-store';
import { addMonths, lastDayOf } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';
import { asDomainEvent } from '@clause-ledger/domain';

/**
 * For the retention job and the subject-access export: per beneficiary, the date of the last event
 * concerning them (the CNIL counts retention from the last contact) and their placements. Ids and
 * dates only. Document key: beneficiary:<id>.
 */
export interface LastContactDoc {
  readonly beneficiaryId: string;
  readonly lastContactOn: string;
  readonly placementIds: readonly string[];
  readonly erasedOn?: string;
}

export const lastContactProjection: Projection<LastContactDoc> = {
  name: 'last-contact',
  version: 1,
  keysOf: (event) => {
    const e = asDomainEvent(event);
    return contactDateOf(e) || e.type === 'BeneficiaryErased' ? [`beneficiary:${(e.data as { beneficiaryId: string }).beneficiaryId}`] : [];
  },
  evolve: (doc, event) => evolveLastContact(doc, event),
};

/** The day an event shows the person was in contact: worked, placed, validated, followed up. */
function contactDateOf(e: ReturnType<typeof asDomainEvent>): string | undefined {
  switch (e.type) {
    case 'BeneficiaryRegistered': return e.data.registeredOn;
    case 'EligibilityValidated': return e.data.validatedOn;
    case 'BeneficiaryPlaced': return e.data.startDate > e.data.placedOn ? e.data.startDate : e.data.placedOn;
    case 'HoursDeclared': case 'HoursCorrected': return lastDayOf(e.data.month);
    case 'PlacementEnded': return e.data.endDate;
    case 'FollowUpRecorded': return e.data.recordedOn;
    default: return undefined;
  }
}

function evolveLastContact(doc: LastContactDoc | undefined, recorded: RecordedEvent): LastContactDoc | undefined {
  const e = asDomainEvent(recorded);
  const beneficiaryId = (e.data as { beneficiaryId: string }).beneficiaryId;
  const current: LastContactDoc = doc ?? { beneficiaryId, lastContactOn: '0000-01-01', placementIds: [] };
  if (e.type === 'BeneficiaryErased') return { ...current, erasedOn: e.data.erasedOn };
  const on = contactDateOf(e)!;
  return {
    ...current,
    lastContactOn: on > current.lastContactOn ? on : current.lastContactOn,
    placementIds: e.type === 'BeneficiaryPlaced' ? [...current.placementIds, e.data.placementId] : current.placementIds,
  };
}

export interface RetentionDue {
  readonly beneficiaryId: string;
  readonly lastContactOn: string;
  /** The day the retention period ended: the data should be erased (or anonymised) from then on. */
  readonly retentionEndedOn: string;
}

/** People not erased whose last contact is more than `retentionMonths` before `asOf`. */
export function retentionDue(docs: readonly LastContactDoc[], asOf: string, retentionMonths: number): RetentionDue[] {
  return docs
    .filter((d) => !d.erasedOn)
    .map((d) => ({ beneficiaryId: d.beneficiaryId, lastContactOn: d.lastContactOn, retentionEndedOn: addMonths(d.lastContactOn, retentionMonths) }))
    .filter((d) => d.retentionEndedOn < asOf)
    .sort((a, b) => (a.lastContactOn < b.lastContactOn ? -1 : a.lastContactOn > b.lastContactOn ? 1 : a.beneficiaryId < b.beneficiaryId ? -1 : 1));
}
