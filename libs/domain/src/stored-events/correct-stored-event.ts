import { notFound, ruleBroken } from '../shared/domain-error';
import { StoredEventCorrected, storedEventCorrected } from './event-correction';
import { StoredEvent } from './stored-event-reader';

export interface CorrectStoredEvent {
  readonly correctedEventId: string;
  readonly correctedType?: string;
  readonly correctedData: unknown;
  readonly reason: string;
}

/** An operator corrects an event a reader cannot fold; `original` is the stored event, if it exists. */
export function correctStoredEvent(cmd: CorrectStoredEvent, original: StoredEvent | undefined): StoredEventCorrected[] {
  if (!original) throw notFound('EVENT_NOT_FOUND', `no stored event has the id ${cmd.correctedEventId}`, 'correctedEventId');
  if (original.type === 'StoredEventCorrected') {
    throw ruleBroken('CORRECTION_OF_CORRECTION', 'a correction is not corrected: correct the original event again (the latest correction wins)', 'correctedEventId');
  }
  const data = cmd.correctedData;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw ruleBroken('CORRECTED_DATA_NOT_AN_OBJECT', 'correctedData must be a JSON object: the whole payload the event should have carried', 'correctedData');
  }
  return [storedEventCorrected({
    correctedEventId: cmd.correctedEventId,
    ...(cmd.correctedType ? { correctedType: cmd.correctedType } : {}),
    correctedData: data as Record<string, unknown>,
    reason: cmd.reason,
  })];
}
