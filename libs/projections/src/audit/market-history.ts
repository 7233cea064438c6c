import { RecordedEvent, positionToString } from '@clause-ledger/event-store';
import { asDomainEvent } from '@clause-ledger/domain';

/** Shown in place of a sealed identity: a history never opens one, nor shows its ciphertext. */
export const SEALED_IDENTITY = 'identité chiffrée';

export interface HistoryEntry {
  readonly position: string;
  readonly streamId: string;
  readonly revision: string;
  readonly eventId: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: { userId?: string; organisationId?: string; role?: string } | null;
  readonly commandType: string | null;
  readonly commandId: string | null;
  readonly idempotencyKey: string | null;
  /** For an HoursCorrected: the figure it replaced and why. */
  readonly correction?: { month: string; previousHours: number; hours: number; reason: string };
  readonly data: unknown;
}

export interface HistoryQuery {
  readonly kinds?: readonly string[];
  /** ISO instants or dates, inclusive, compared with recordedAt */
  readonly from?: string;
  readonly to?: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface HistoryPage {
  readonly marketId: string;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly entries: HistoryEntry[];
}

export function historyEntry(recorded: RecordedEvent): HistoryEntry {
  const event = asDomainEvent(recorded);
  const meta = recorded.metadata;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    position: positionToString(recorded.position),
    streamId: recorded.streamId,
    revision: recorded.revision.toString(),
    eventId: recorded.id,
    type: event.type,
    recordedAt: recorded.recordedAt,
    actor: (meta.actor as HistoryEntry['actor']) ?? null,
    commandType: text(meta.commandType),
    commandId: text(meta.commandId),
    idempotencyKey: text(meta.idempotencyKey),
    ...(event.type === 'HoursCorrected'
      ? { correction: { month: event.data.month, previousHours: event.data.previousHours, hours: event.data.hours, reason: event.data.reason } }
      : {}),
    data: withoutIdentities(event.data),
  };
}

/** A sealed identity (anything carrying a ciphertext) becomes the words "identité chiffrée". */
export function withoutIdentities(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIdentities);
  if (value === null || typeof value !== 'object') return value;
  if ('ciphertext' in value) return SEALED_IDENTITY;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIdentities(v)]));
}

/** Filters by kind (event type) and period (recordedAt, bounds included), then pages. */
export function historyPage(marketId: string, events: readonly RecordedEvent[], query: HistoryQuery): HistoryPage {
  const { to } = query;
  const kept = events.filter((e) =>
    (!query.kinds?.length || query.kinds.includes(e.type)) && (!query.from || e.recordedAt >= query.from) && (!to || e.recordedAt <= to));
  const start = (query.page - 1) * query.pageSize;
  return { marketId, total: kept.length, page: query.page, pageSize: query.pageSize, entries: kept.slice(start, start + query.pageSize).map(historyEntry) };
}
