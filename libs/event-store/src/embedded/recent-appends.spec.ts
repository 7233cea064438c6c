import { RecordedEvent } from '../event-store.port';
import { at } from './log-writer';
import { RecentAppends } from './recent-appends';

const event = (position: number): RecordedEvent => ({
  id: `id-${position}`, streamId: 's', revision: BigInt(position), position: at(BigInt(position)), type: 'T', data: {}, metadata: {}, recordedAt: '',
});
const positions = (events: readonly RecordedEvent[] | undefined) => events?.map((e) => Number(e.position.commit));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => event(from + i));

describe('RecentAppends', () => {
  it('serves a read that starts inside its run, up to maxCount, and leaves the others to the file', () => {
    const recent = new RecentAppends(100);
    recent.add(range(5, 9));
    expect(positions(recent.after(4n, 10))).toEqual([5, 6, 7, 8, 9]);
    expect(positions(recent.after(6n, 2))).toEqual([7, 8]);
    expect(recent.after(3n, 10)).toBeUndefined(); // position 4 is not held: the file has it
    expect(recent.after(9n, 10)).toBeUndefined(); // nothing after the run
  });

  it('starts the run again at a gap (another process wrote in between): what came before the gap is never served past it', () => {
    const recent = new RecentAppends(100);
    recent.add(range(1, 3));
    recent.add(range(6, 7));
    expect(recent.after(0n, 10)).toBeUndefined();
    expect(recent.after(2n, 10)).toBeUndefined();
    expect(positions(recent.after(5n, 10))).toEqual([6, 7]);
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const recent = new RecentAppends(3);
    recent.add(range(1, 5));
    expect(recent.size).toBe(3);
    expect(recent.after(1n, 10)).toBeUndefined();
    expect(positions(recent.after(2n, 10))).toEqual([3, 4, 5]);
  });

  it('forgets what every reader is past, and a run emptied that way starts again at the next add', () => {
    const recent = new RecentAppends(100);
    recent.add(range(1, 4));
    recent.forgetUpTo(2n);
    expect(recent.size).toBe(2);
    expect(recent.after(1n, 10)).toBeUndefined();
    expect(positions(recent.after(2n, 10))).toEqual([3, 4]);
    recent.forgetUpTo(0n); // before the run: nothing to forget
    expect(recent.size).toBe(2);
    recent.forgetUpTo(9n);
    expect(recent.size).toBe(0);
    recent.add(range(12, 13));
    expect(positions(recent.after(11n, 10))).toEqual([12, 13]);
  });
});
