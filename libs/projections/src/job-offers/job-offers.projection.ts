import { RecordedEvent } from '@clause-ledger/event-store';
import { ClauseLedgerEvent, PartnerRegistered, asDomainEvent } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';
import { BoardCandidate, OfferBoardDoc } from './offer-board';
import { TimelineDoc, TimelineEntry, erased, withEntry } from './journey-timeline';
import { CaseworkWatchDoc } from './casework-alerts';

/** What the casework alerts watch, one document per entry (a single document would grow with every placement ever made). */
export const WATCH_PREFIX = 'watch:';
const WATCH_TODAY = 'watch:today';
const watchedOfferKey = (offerId: string) => `watch:offer:${offerId}`;
const watchedPlacementKey = (placementId: string) => `watch:placement:${placementId}`;
type WatchedOffer = CaseworkWatchDoc['openOffers'][string];
type WatchedPlacement = CaseworkWatchDoc['activePlacements'][string];
type WatchDoc = { readonly today: string } | WatchedOffer | WatchedPlacement;
export type PartnerDoc = PartnerRegistered['data'];
export type JobOffersDoc = OfferBoardDoc | TimelineDoc | WatchDoc | PartnerDoc;

const offerKey = (offerId: string) => `offer:${offerId}`;
const timelineKey = (beneficiaryId: string) => `timeline:${beneficiaryId}`;
const CANDIDATE_STEPS = new Set(['CandidatePreselected', 'CandidateInterviewed', 'CandidateNotRetained']);
const OFFER_EVENTS = new Set(['JobOfferPublished', 'JobOfferShared', 'CandidateProposed', ...CANDIDATE_STEPS, 'CandidateHired', 'JobOfferFilled', 'JobOfferCancelled', 'JobOfferExpired']);

/**
 * Casework around offers: the partners (`partner:<id>`), the offer board (`offer:<id>`), each person's timeline
 * (`timeline:<beneficiaryId>`) and what the casework alerts watch (`watch`). A candidate's steps
 * reach the timeline through the offer document, which knows who the candidate is.
 */
export const jobOffersProjection: Projection<JobOffersDoc> = {
  name: 'job-offers',
  // 3: watched offers keep their expiry date (the daily expiry reads it)
  version: 3,
  keysOf: (recorded, read) => {
    const e = asDomainEvent(recorded);
    if (e.type === 'PartnerRegistered') return [`partner:${e.data.partnerId}`];
    const keys: string[] = [];
    if (OFFER_EVENTS.has(e.type)) keys.push(offerKey((e.data as { offerId: string }).offerId));
    const beneficiaryId = personOf(e, read);
    if (beneficiaryId) keys.push(timelineKey(beneficiaryId));
    const watched = watchKeyOf(e);
    if (watched) keys.push(watched);
    return keys;
  },
  evolve: (doc, recorded, key) => {
    const e = asDomainEvent(recorded);
    if (e.type === 'PartnerRegistered') return { ...e.data };
    if (key.startsWith(WATCH_PREFIX)) return evolveWatched(doc as WatchDoc | undefined, e);
    if (key.startsWith('offer:')) return evolveOffer(doc as OfferBoardDoc | undefined, e, recorded.id);
    return evolveTimeline(doc as TimelineDoc | undefined, e, key.slice('timeline:'.length));
  },
};

function personOf(e: ClauseLedgerEvent, read: (key: string) => unknown): string | null {
  switch (e.type) {
    case 'CandidateProposed': case 'CandidateHired': return e.data.beneficiaryId;
    case 'CandidatePreselected': case 'CandidateInterviewed': case 'CandidateNotRetained':
      return (read(offerKey(e.data.offerId)) as OfferBoardDoc | undefined)?.candidates[e.data.candidateId]?.beneficiaryId ?? null;
    case 'BeneficiaryPlaced': case 'PlacementEnded': case 'FollowUpRecorded': case 'ReferentAssigned': case 'FollowUpContactRecorded': case 'BeneficiaryErased':
      return e.data.beneficiaryId;
    default: return null;
  }
}

function evolveOffer(doc: OfferBoardDoc | undefined, e: ClauseLedgerEvent, eventId: string): OfferBoardDoc | undefined {
  if (e.type === 'JobOfferPublished') {
    const { publishedOn, requirements: _r, ...offer } = e.data;
    return { ...offer, status: 'OPEN', publishedOn, sharedWith: [], candidates: {}, filledOn: null, closedOn: null };
  }
  if (!doc) throw new Error(`${e.type} for a job offer never published`);
  const candidate = (id: string, change: Partial<BoardCandidate>): OfferBoardDoc => ({ ...doc, candidates: { ...doc.candidates, [id]: { ...doc.candidates[id], ...change } } });
  switch (e.type) {
    case 'JobOfferShared': return { ...doc, sharedWith: [...doc.sharedWith, ...e.data.partnerIds] };
    case 'CandidateProposed': {
      const { source, qpvResident, sex, ageBand, beneficiaryId, proposedOn } = e.data;
      return candidate(e.data.candidateId, { stage: 'PROPOSED', source, qpvResident, sex, ageBand, beneficiaryId, preselected: false, proposedOn, hiredOn: null, notRetainedReason: null, proposedEventId: eventId, hiredEventId: null });
    }
    case 'CandidatePreselected': return candidate(e.data.candidateId, { stage: 'PRESELECTED', preselected: true });
    case 'CandidateInterviewed': return candidate(e.data.candidateId, { stage: 'INTERVIEWED' });
    case 'CandidateNotRetained': return candidate(e.data.candidateId, { stage: 'NOT_RETAINED', notRetainedReason: e.data.reason });
    case 'CandidateHired': return candidate(e.data.candidateId, { stage: 'HIRED', beneficiaryId: e.data.beneficiaryId, hiredOn: e.data.hiredOn, hiredEventId: eventId });
    case 'JobOfferFilled': return { ...doc, status: 'FILLED', filledOn: e.data.filledOn };
    case 'JobOfferCancelled': return { ...doc, status: 'CANCELLED', closedOn: e.data.cancelledOn };
    case 'JobOfferExpired': return { ...doc, status: 'EXPIRED', closedOn: e.data.expiredOn };
    default: return doc;
  }
}

function timelineEntryOf(e: ClauseLedgerEvent): TimelineEntry | undefined {
  switch (e.type) {
    case 'CandidateProposed': return { date: e.data.proposedOn, kind: 'CANDIDATE_PROPOSED', offerId: e.data.offerId, detail: { source: e.data.source } };
    case 'CandidatePreselected': return { date: e.data.preselectedOn, kind: 'CANDIDATE_PRESELECTED', offerId: e.data.offerId };
    case 'CandidateInterviewed': return { date: e.data.interviewedOn, kind: 'CANDIDATE_INTERVIEWED', offerId: e.data.offerId };
    case 'CandidateNotRetained': return { date: e.data.decidedOn, kind: 'CANDIDATE_NOT_RETAINED', offerId: e.data.offerId, detail: { reason: e.data.reason } };
    case 'CandidateHired': return { date: e.data.hiredOn, kind: 'CANDIDATE_HIRED', offerId: e.data.offerId, placementId: e.data.placementId, marketId: e.data.marketId };
    case 'BeneficiaryPlaced': return {
      date: e.data.startDate, kind: 'PLACED', placementId: e.data.placementId, marketId: e.data.marketId,
      detail: { lotId: e.data.lotId, companyId: e.data.companyId, contractType: e.data.contractType, plannedEndDate: e.data.plannedEndDate },
    };
    case 'PlacementEnded': return { date: e.data.endDate, kind: 'PLACEMENT_ENDED', placementId: e.data.placementId, marketId: e.data.marketId, detail: { reason: e.data.reason } };
    case 'FollowUpRecorded': return { date: e.data.recordedOn, kind: 'FOLLOW_UP', placementId: e.data.placementId, marketId: e.data.marketId, detail: { milestone: e.data.milestone, situation: e.data.situation } };
    case 'ReferentAssigned': return { date: e.data.assignedOn, kind: 'REFERENT_ASSIGNED', detail: { referentName: e.data.referentName, partnerId: e.data.partnerId } };
    case 'FollowUpContactRecorded': return {
      date: e.data.contactDate, kind: 'CONTACT', placementId: e.data.placementId, marketId: e.data.marketId,
      detail: { withWhom: e.data.withWhom, note: e.data.note, trainingMobilised: e.data.trainingMobilised, barriers: e.data.barriers },
    };
    default: return undefined;
  }
}

function evolveTimeline(doc: TimelineDoc | undefined, e: ClauseLedgerEvent, beneficiaryId: string): TimelineDoc {
  const current: TimelineDoc = doc ?? { beneficiaryId, referent: null, entries: [] };
  if (e.type === 'BeneficiaryErased') return erased(current, e.data.erasedOn);
  const entry = timelineEntryOf(e);
  const next = entry ? withEntry(current, entry) : current;
  return e.type === 'ReferentAssigned' ? { ...next, referent: { referentName: e.data.referentName, partnerId: e.data.partnerId } } : next;
}

function watchKeyOf(e: ClauseLedgerEvent): string | null {
  switch (e.type) {
    case 'ClockTicked': return WATCH_TODAY;
    case 'JobOfferPublished': case 'CandidateProposed': case 'JobOfferFilled': case 'JobOfferCancelled': case 'JobOfferExpired': return watchedOfferKey(e.data.offerId);
    case 'BeneficiaryPlaced': case 'PlacementEnded': return watchedPlacementKey(e.data.placementId);
    case 'FollowUpContactRecorded': return e.data.placementId ? watchedPlacementKey(e.data.placementId) : null;
    default: return null;
  }
}

/** One watched entry: the clock's day, an open offer, an active placement (gone once closed or ended). */
function evolveWatched(doc: WatchDoc | undefined, e: ClauseLedgerEvent): WatchDoc | undefined {
  switch (e.type) {
    case 'ClockTicked': return { today: e.data.date };
    case 'JobOfferPublished': return { marketId: e.data.marketId, jobTitle: e.data.jobTitle, publishedOn: e.data.publishedOn, expiresOn: e.data.expiresOn, candidates: 0 };
    case 'CandidateProposed': {
      const offer = doc as WatchedOffer | undefined;
      return offer && { ...offer, candidates: offer.candidates + 1 };
    }
    case 'JobOfferFilled': case 'JobOfferCancelled': case 'JobOfferExpired': case 'PlacementEnded': return undefined;
    case 'BeneficiaryPlaced': return { marketId: e.data.marketId, beneficiaryId: e.data.beneficiaryId, startDate: e.data.startDate, lastContactOn: null };
    case 'FollowUpContactRecorded': {
      const p = doc as WatchedPlacement | undefined;
      if (!p || (p.lastContactOn && p.lastContactOn >= e.data.contactDate)) return p;
      return { ...p, lastContactOn: e.data.contactDate };
    }
    default: return doc;
  }
}

/** The watched entries put together, as the casework alerts read them (`list`: the documents under a key prefix, in key order). */
export function caseworkWatch(list: (prefix: string) => { key: string; doc: unknown }[]): CaseworkWatchDoc {
  const today = (list(WATCH_TODAY)[0]?.doc as { today: string } | undefined)?.today ?? null;
  const entries = <T>(prefix: string) => Object.fromEntries(list(prefix).map(({ key, doc }) => [key.slice(prefix.length), doc as T]));
  return { today, openOffers: entries<WatchedOffer>(watchedOfferKey('')), activePlacements: entries<WatchedPlacement>(watchedPlacementKey('')) };
}
