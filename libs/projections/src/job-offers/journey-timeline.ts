/** Document `timeline:<beneficiaryId>`: the person's way across offers, placements and markets, oldest first. */
export interface TimelineEntry {
  readonly date: string;
  readonly kind:
    | 'CANDIDATE_PROPOSED' | 'CANDIDATE_PRESELECTED' | 'CANDIDATE_INTERVIEWED' | 'CANDIDATE_NOT_RETAINED' | 'CANDIDATE_HIRED'
    | 'PLACED' | 'PLACEMENT_ENDED' | 'FOLLOW_UP' | 'REFERENT_ASSIGNED' | 'CONTACT';
  readonly offerId?: string;
  readonly placementId?: string;
  readonly marketId?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface TimelineDoc {
  readonly beneficiaryId: string;
  readonly referent: { readonly referentName: string; readonly partnerId: string } | null;
  readonly entries: readonly TimelineEntry[];
  readonly erasedOn?: string;
}

/** Entries stay in date order; the same day keeps the log's order, so a rebuild sorts the same way. */
export function withEntry(doc: TimelineDoc, entry: TimelineEntry): TimelineDoc {
  const at = doc.entries.findIndex((e) => e.date > entry.date);
  const entries = at < 0 ? [...doc.entries, entry] : [...doc.entries.slice(0, at), entry, ...doc.entries.slice(at)];
  return { ...doc, entries };
}

/** An erasure keeps dates and ids (the history stays whole) but drops the notes and the referent. */
export function erased(doc: TimelineDoc, erasedOn: string): TimelineDoc {
  return {
    ...doc, erasedOn, referent: null,
    entries: doc.entries.map((e) => (e.kind === 'CONTACT' ? { ...e, detail: { withWhom: e.detail?.withWhom } } : e.kind === 'REFERENT_ASSIGNED' ? { ...e, detail: {} } : e)),
  };
}
