import type { BilanBeneficiaryDoc } from './bilan.projection';
import { ProfileBreakdown, ProfilePlacement, profileOf } from './figures';
import type { GroupState } from './group-hours';

/**
 * What the bilan of one market keeps from one computation to the next (a worker keeps it between
 * requests), so that a change costs what it touches: the hours of each group of placements (see
 * groupHours) and the beneficiaries' profile, unchanged by a declaration. Given to marketBilan with
 * documents that stay the same objects while unchanged; the bilan is the same as without it.
 */
export class BilanMemo {
  readonly hours = new Map<string, GroupState>();
  private profile?: { readonly fingerprint: string; readonly docs: readonly (BilanBeneficiaryDoc | undefined)[]; readonly result: ProfileBreakdown };

  /** profileOf, computed again only when what it reads changed: a placement's fields it reads, or a beneficiary's document. */
  profileOf(placements: readonly ProfilePlacement[], beneficiaries: ReadonlyMap<string, BilanBeneficiaryDoc>): ProfileBreakdown {
    const fingerprint = JSON.stringify(placements.map((p): unknown[] => [p.beneficiaryId, p.startDate, p.criteria, p.placedEventId]));
    const docs = placements.map((p) => beneficiaries.get(p.beneficiaryId));
    const kept = this.profile;
    if (kept?.fingerprint === fingerprint && kept.docs.every((doc, i) => doc === docs[i])) return kept.result;
    this.profile = { fingerprint, docs, result: profileOf(placements, beneficiaries) };
    return this.profile.result;
  }
}
