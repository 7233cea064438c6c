import { CentiHours, fromCentiHours } from '@clause-ledger/domain';
import type { BilanPlacement } from './placement-months';
import { Figure, centiHoursOf, hoursFigure } from './figures';

/** A placement's hundredths of an hour and the events that set them, as of one version of its document. */
interface Contribution {
  readonly doc: BilanPlacement;
  readonly centi: CentiHours;
  readonly ids: readonly string[];
}

/** A group's hours, with what they were summed from: the next computation starts from here. */
export interface GroupState {
  readonly centi: CentiHours;
  readonly figure: Figure;
  readonly members: ReadonlyMap<string, Contribution>;
  /** Every event id of the members, sorted, repeated ones included. */
  readonly sorted: readonly string[];
}

/** role: what the group is in the bilan (a lot, the total, a contract type), so that the next computation finds it again. */
export type GroupHours = (placements: readonly BilanPlacement[], role: string) => { centi: CentiHours; figure: Figure };

/**
 * Hours of groups of placements, each distinct group summed and sorted once: in a one-lot market
 * the lot, the total, a contract type and a modality are often the same placements, and sorting
 * the ids of 180,000 declarations is most of a large bilan's cost. Given the groups of a previous
 * computation (`kept`, updated here), a group merges in only the placements whose document changed
 * (a declaration: one placement), which gives the same figure as sorting everything again.
 * months: only the hours of these months (the role names them too: the kept sums are of those months).
 */
export function groupHours(kept = new Map<string, GroupState>(), months?: (month: string) => boolean): GroupHours {
  const known = new Map<string, GroupState>();
  return (placements, role) => {
    const key = placements.map((p) => p.placementId).join('\n');
    let state = known.get(key);
    if (!state) known.set(key, state = nextState(kept.get(role), placements, months));
    kept.set(role, state);
    return state;
  };
}

function nextState(previous: GroupState | undefined, placements: readonly BilanPlacement[], months?: (month: string) => boolean): GroupState {
  const members = new Map<string, Contribution>();
  const removed: string[] = [];
  const added: string[] = [];
  let centi = 0;
  for (const p of placements) {
    const before = previous?.members.get(p.placementId);
    const now = before?.doc === p ? before : contributionOf(p, months);
    if (now !== before) {
      if (before) for (const id of before.ids) removed.push(id);
      for (const id of now.ids) added.push(id);
    }
    if (members.has(p.placementId)) return fromScratch(placements, months);
    members.set(p.placementId, now);
    centi += now.centi;
  }
  if (previous) for (const [id, c] of previous.members) if (!members.has(id)) for (const eventId of c.ids) removed.push(eventId);
  // the same placements as before, none changed: the same figure, the same list (encoded once)
  if (previous && removed.length === 0 && added.length === 0 && members.size === previous.members.size) return previous;
  const sorted = !previous || removed.length + added.length > previous.sorted.length / 4
    ? [...members.values()].flatMap((c) => c.ids).sort()
    : merged(previous.sorted, removed.sort(), added.sort());
  return { centi, figure: { value: fromCentiHours(centi), eventIds: distinct(sorted) }, members, sorted };
}

function fromScratch(placements: readonly BilanPlacement[], months?: (month: string) => boolean): GroupState {
  const sum = centiHoursOf(placements, months);
  const sorted = [...sum.eventIds].sort();
  return { centi: sum.centi, figure: hoursFigure(sum), members: new Map(), sorted };
}

function contributionOf(doc: BilanPlacement, months?: (month: string) => boolean): Contribution {
  const { centi, eventIds } = centiHoursOf([doc], months);
  return { doc, centi, ids: eventIds };
}

/**
 * `sorted` without one occurrence of each id of `removed`, with `added` merged in; both sorted as
 * Array.prototype.sort does. Found by binary search and copied in slices: a few changed ids among
 * 184,000 cost a copy, not a comparison per id.
 */
function merged(sorted: readonly string[], removed: readonly string[], added: readonly string[]): string[] {
  const slices: (readonly string[])[] = [];
  let from = 0;
  let r = 0;
  let a = 0;
  while (r < removed.length || a < added.length) {
    if (a >= added.length || (r < removed.length && removed[r] <= added[a])) {
      const at = firstNotBefore(sorted, removed[r++], from);
      if (sorted[at] !== removed[r - 1]) continue;
      slices.push(sorted.slice(from, at));
      from = at + 1;
    } else {
      const at = firstNotBefore(sorted, added[a], from);
      slices.push(sorted.slice(from, at), [added[a++]]);
      from = at;
    }
  }
  slices.push(sorted.slice(from));
  return ([] as string[]).concat(...slices);
}

/** The first index from `from` on whose id is not before `id`. */
function firstNotBefore(sorted: readonly string[], id: string, from: number): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Each id once: the same array when no id repeats (the figure and the state share it; neither is changed afterwards). */
function distinct(sorted: readonly string[]): string[] {
  let repeated = false;
  for (let i = 1; i < sorted.length && !repeated; i++) repeated = sorted[i] === sorted[i - 1];
  if (!repeated) return sorted as string[];
  return sorted.filter((id, i) => i === 0 || sorted[i - 1] !== id);
}
