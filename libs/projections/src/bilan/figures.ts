import { CentiHours, fromCentiHours } from '@clause-ledger/domain';
import type { BilanBeneficiaryDoc, BilanPlacementDoc } from './bilan.projection';
import type { BilanPlacement } from './placement-months';

/** A figure of a bilan and the events it is computed from. */
export interface Figure {
  readonly value: number;
  readonly eventIds: string[];
}

export const figure = (value: number, eventIds: Iterable<string>): Figure => ({ value, eventIds: sortedOnce([...eventIds]) });

/** Sorted, each id once: sorting first and skipping neighbours is cheaper than a Set of 180,000 ids. */
function sortedOnce(ids: string[]): string[] {
  ids.sort();
  let kept = 0;
  for (const id of ids) if (kept === 0 || ids[kept - 1] !== id) ids[kept++] = id;
  ids.length = kept;
  return ids;
}

/** Hundredths of an hour of placements (optionally only some months), with the events that set them. */
export function centiHoursOf(placements: readonly BilanPlacement[], months?: (month: string) => boolean): { centi: CentiHours; eventIds: string[] } {
  let centi = 0;
  const eventIds: string[] = [];
  for (const p of placements) {
    for (const ofYear of p.monthsByYear) {
      for (const month in ofYear) {
        if (months && !months(month)) continue;
        const m = ofYear[month];
        centi += m.centi;
        for (const id of m.eventIds) eventIds.push(id);
      }
    }
  }
  return { centi, eventIds };
}

/** Hours of placements (optionally only some months) as a figure, summed on integer hundredths. */
export const hoursOf = (placements: readonly BilanPlacement[], months?: (month: string) => boolean): Figure => hoursFigure(centiHoursOf(placements, months));

export const hoursFigure = (sum: { centi: CentiHours; eventIds: Iterable<string> }): Figure => figure(fromCentiHours(sum.centi), sum.eventIds);

export interface ProfileBreakdown {
  readonly beneficiaries: Figure;
  readonly women: Figure;
  readonly men: Figure;
  readonly under26: Figure;
  readonly from26to49: Figure;
  readonly from50: Figure;
  readonly withoutQualification: Figure;
  readonly under26OrWithoutQualification: Figure;
  readonly rsa: Figure;
  readonly rqth: Figure;
  readonly qpv: Figure;
  readonly byQualificationLevel: Record<string, Figure>;
  readonly byCriterion: Record<string, Figure>;
}

/** What profileOf reads of a placement: nothing else (BilanMemo compares these to reuse a profile). */
export type ProfilePlacement = Pick<BilanPlacementDoc, 'beneficiaryId' | 'startDate' | 'criteria' | 'placedEventId'>;

/**
 * Who benefited: each beneficiary counted once, in the age band of their registration and with
 * the criteria validated for it; the events are the registration and the placements.
 */
export function profileOf(placements: readonly ProfilePlacement[], beneficiaries: ReadonlyMap<string, BilanBeneficiaryDoc>): ProfileBreakdown {
  const people = new Map<string, { doc?: BilanBeneficiaryDoc; firstStart: string; criteria: Set<string>; eventIds: string[] }>();
  for (const p of placements) {
    const person = people.get(p.beneficiaryId) ?? { doc: beneficiaries.get(p.beneficiaryId), firstStart: p.startDate, criteria: new Set<string>(), eventIds: [] };
    if (p.startDate < person.firstStart) person.firstStart = p.startDate;
    p.criteria.forEach((c) => person.criteria.add(c));
    person.eventIds.push(p.placedEventId, ...(person.doc ? [person.doc.eventId] : []));
    people.set(p.beneficiaryId, person);
  }
  const count = (keep: (person: { doc?: BilanBeneficiaryDoc; firstStart: string; criteria: Set<string> }) => boolean) => {
    const kept = [...people.values()].filter(keep);
    return figure(kept.length, kept.flatMap((k) => k.eventIds));
  };
  const band = (p: { doc?: BilanBeneficiaryDoc }) => p.doc?.ageBand;
  const levels = [...new Set([...people.values()].map((p) => p.doc?.qualificationLevel ?? 'UNKNOWN'))].sort();
  const criteria = [...new Set([...people.values()].flatMap((p) => [...p.criteria]))].sort();
  return {
    beneficiaries: count(() => true),
    women: count((p) => p.doc?.sex === 'F'),
    men: count((p) => p.doc?.sex === 'M'),
    under26: count((p) => band(p) === 'UNDER_26'),
    from26to49: count((p) => band(p) === 'FROM_26_TO_49'),
    from50: count((p) => band(p) === 'FROM_50'),
    withoutQualification: count((p) => p.doc?.qualificationLevel === 'NONE'),
    under26OrWithoutQualification: count((p) => band(p) === 'UNDER_26' || p.doc?.qualificationLevel === 'NONE'),
    rsa: count((p) => p.criteria.has('RSA')),
    rqth: count((p) => p.criteria.has('TH')),
    qpv: count((p) => p.doc?.qpvResident === true || p.criteria.has('QPV')),
    byQualificationLevel: Object.fromEntries(levels.map((level) => [level, count((p) => (p.doc?.qualificationLevel ?? 'UNKNOWN') === level)])),
    byCriterion: Object.fromEntries(criteria.map((c) => [c, count((p) => p.criteria.has(c))])),
  };
}

export interface ExitsBreakdown {
  readonly recorded: Figure;
  readonly durableEmployment: Figure;
  readonly transitionEmployment: Figure;
  readonly positiveExit: Figure;
  readonly dynamicExits: Figure;
  readonly otherExits: Figure;
}

export function exitsOf(placements: readonly BilanPlacementDoc[], milestone: '6' | '12', recordedIn?: (date: string) => boolean): ExitsBreakdown {
  const followUps = placements.flatMap((p) => (p.followUps[milestone] && (!recordedIn || recordedIn(p.followUps[milestone]!.recordedOn)) ? [p.followUps[milestone]!] : []));
  const count = (keep: (category: string) => boolean) => {
    const kept = followUps.filter((f) => keep(f.exitCategory));
    return figure(kept.length, kept.map((f) => f.eventId));
  };
  return {
    recorded: count(() => true),
    durableEmployment: count((c) => c === 'DURABLE_EMPLOYMENT'),
    transitionEmployment: count((c) => c === 'TRANSITION_EMPLOYMENT'),
    positiveExit: count((c) => c === 'POSITIVE_EXIT'),
    dynamicExits: count((c) => c !== 'OTHER_EXIT'),
    otherExits: count((c) => c === 'OTHER_EXIT'),
  };
}

/** Placements and hours per contract type or per modality. */
export function breakdownBy(
  placements: readonly BilanPlacement[], keyOf: (p: BilanPlacement) => string,
  hoursOfGroup: (group: readonly BilanPlacement[], key: string) => Figure = (group) => hoursOf(group),
): Record<string, { placements: Figure; hours: Figure }> {
  const keys = [...new Set(placements.map(keyOf))].sort();
  return Object.fromEntries(keys.map((key) => {
    const group = placements.filter((p) => keyOf(p) === key);
    return [key, { placements: figure(group.length, group.map((p) => p.placedEventId)), hours: hoursOfGroup(group, key) }];
  }));
}
