import { BilanDoc, BilanPlacementDoc, HoursByMonth, placementMonthsKey } from './bilan.projection';

/** A placement with all its months, as the bilan and the key figures read it. */
export interface BilanPlacement extends BilanPlacementDoc {
  /**
   * Each year's months, in year order: the year documents' own objects, not merged into one (a cold
   * bilan of a big market spent more time merging and walking the merged objects than reading them).
   */
  readonly monthsByYear: readonly HoursByMonth[];
}

/** All the placement's months in one object (the years' months in year order). */
export const monthsOf = (placement: BilanPlacement): HoursByMonth => Object.assign({}, ...placement.monthsByYear);

/**
 * The last placement put together from each placement document, with the year documents it was
 * put together from: while none of them changes, the same object is given again, which is how the
 * bilan's memo (groupHours, BilanMemo) recognises a placement no declaration touched.
 */
const assembled = new WeakMap<BilanPlacementDoc, { readonly keys: readonly string[]; readonly years: readonly (BilanDoc | undefined)[]; readonly placement: BilanPlacement }>();

/** The placement with the months of its year documents, read by key. */
export function withMonths(doc: BilanPlacementDoc, read: (key: string) => BilanDoc | undefined): BilanPlacement {
  const kept = assembled.get(doc);
  // a bilan after a declaration looks at every year of every placement of the market: no key built again
  const keys = kept?.keys ?? doc.years.map((year) => placementMonthsKey(doc.marketId, doc.placementId, year));
  const years = keys.map((key) => read(key));
  if (kept && kept.years.every((y, i) => y === years[i])) return kept.placement;
  const monthsByYear = years.flatMap((y) => (y?.kind === 'placement-months' ? [y.months] : []));
  const placement = { ...doc, monthsByYear };
  assembled.set(doc, { keys, years, placement });
  return placement;
}

export const placementsWithMonths = (docs: readonly BilanPlacementDoc[], read: (key: string) => BilanDoc | undefined): BilanPlacement[] => docs.map((doc) => withMonths(doc, read));
