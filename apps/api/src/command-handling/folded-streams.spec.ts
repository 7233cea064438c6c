import { FoldedStreams } from './folded-streams';

const evolve = () => undefined;
const folded = (revision: bigint, state: unknown = { revision }) => ({ evolve, state, revision, keys: new Map() });

describe('folded streams kept between commands', () => {
  it('forgets the least recently used stream first', () => {
    const kept = new FoldedStreams(2);
    kept.put('a', folded(0n));
    kept.put('b', folded(0n));
    kept.get('a', evolve);
    kept.put('c', folded(0n));
    expect([kept.get('a', evolve), kept.get('b', evolve), kept.get('c', evolve)].map((f) => f?.revision)).toEqual([0n, undefined, 0n]);
  });

  it('never moves a stream back to an older revision (a slower concurrent reader)', () => {
    const kept = new FoldedStreams(10);
    kept.put('a', folded(5n));
    kept.put('a', folded(3n));
    expect(kept.get('a', evolve)?.revision).toBe(5n);
  });

  it('gives nothing for a fold by another evolve function', () => {
    const kept = new FoldedStreams(10);
    kept.put('a', folded(1n));
    expect(kept.get('a', () => 'other')).toBeUndefined();
  });

  it('forgets everything on clear (a correction changes what events mean)', () => {
    const kept = new FoldedStreams(10);
    kept.put('a', folded(1n));
    kept.clear();
    expect(kept.get('a', evolve)).toBeUndefined();
  });
});
