import {
  AgeBand, CANDIDATE_STAGES, CandidateSource, CandidateStage, ContractType, NotRetainedReason, OfferStatus, daysBetween, shareInHundredthsOfPercent,
} from '@clause-ledger/domain';

/** One candidate as the board and the figures count them: non-identifying attributes only. */
export interface BoardCandidate {
  readonly stage: CandidateStage;
  readonly source: CandidateSource;
  readonly qpvResident: boolean;
  readonly sex: 'F' | 'M';
  readonly ageBand: AgeBand;
  readonly beneficiaryId: string | null;
  readonly preselected: boolean;
  readonly proposedOn: string;
  readonly hiredOn: string | null;
  readonly notRetainedReason: NotRetainedReason | null;
  /** The events the key figures cite for this candidacy (identified, hired). */
  readonly proposedEventId: string;
  readonly hiredEventId: string | null;
}

/** Document `offer:<offerId>` of the job-offers projection. */
export interface OfferBoardDoc {
  readonly offerId: string;
  readonly marketId: string;
  readonly lotId: string;
  readonly companyId: string;
  readonly jobTitle: string;
  readonly romeCode: string;
  readonly contractType: ContractType;
  readonly weeklyHours: number;
  readonly positions: number;
  readonly startDate: string;
  readonly place: string;
  readonly status: OfferStatus;
  readonly publishedOn: string;
  readonly expiresOn: string;
  readonly sharedWith: readonly string[];
  readonly candidates: Readonly<Record<string, BoardCandidate>>;
  readonly filledOn: string | null;
  readonly closedOn: string | null;
}

export type StageCounts = Record<CandidateStage, number>;

export function stageCounts(doc: OfferBoardDoc): StageCounts {
  const counts = Object.fromEntries(CANDIDATE_STAGES.map((s) => [s, 0])) as StageCounts;
  for (const c of Object.values(doc.candidates)) counts[c.stage] += 1;
  return counts;
}

/** An offer as the board shows it on a day: candidates per stage, days open, days it took to fill. */
export function boardEntry(doc: OfferBoardDoc, asOf: string) {
  const { candidates: _c, ...offer } = doc;
  const end = doc.closedOn ?? doc.filledOn ?? asOf;
  return {
    ...offer,
    candidatesByStage: stageCounts(doc),
    hired: stageCounts(doc).HIRED,
    daysOpen: Math.max(daysBetween(doc.publishedOn, end < doc.publishedOn ? doc.publishedOn : end), 0),
    daysToFill: doc.filledOn ? daysBetween(doc.publishedOn, doc.filledOn) : null,
  };
}
export type BoardEntry = ReturnType<typeof boardEntry>;

export interface SourcingGroup {
  readonly count: number;
  /** Shares in hundredths of a percent (2500 is 25 %). */
  readonly qpvResidentsShare: number;
  readonly womenShare: number;
  readonly under26Share: number;
}

function group(candidates: readonly BoardCandidate[]): SourcingGroup {
  const count = candidates.length;
  const share = (keep: (c: BoardCandidate) => boolean) => shareInHundredthsOfPercent(candidates.filter(keep).length, count);
  return { count, qpvResidentsShare: share((c) => c.qpvResident), womenShare: share((c) => c.sex === 'F'), under26Share: share((c) => c.ageBand === 'UNDER_26') };
}

/** Who the offers reach (the seed's goal: QPV residents, women, young people), at each step. */
export function sourcingFigures(docs: readonly OfferBoardDoc[]) {
  const all = docs.flatMap((d) => Object.values(d.candidates));
  return {
    offers: docs.length,
    candidates: group(all),
    preselected: group(all.filter((c) => c.preselected)),
    hired: group(all.filter((c) => c.stage === 'HIRED')),
  };
}
export type SourcingFigures = ReturnType<typeof sourcingFigures>;
