import { EventRow, RecentAppends } from './recent-appends';

const row = (position: number, data = '{}'): EventRow => [BigInt(position), 's', BigInt(position), `id-${position}`, 'T', data, '{}', '', 'h', 'd'];
const positions = (rows: readonly EventRow[] | undefined) => rows?.map((r) => Number(r[0]));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => row(from + i));
const roomy = { events: 100, chars: 1_000_000 };

describe('RecentAppends', () => {
  it('serves a read that starts inside its run, up to maxCount, and leaves the others to the file', () => {
    const recent = new RecentAppends(roomy);
    recent.add(range(5, 9));
    expect(positions(recent.after(4n, 10))).toEqual([5, 6, 7, 8, 9]);
    expect(positions(recent.after(6n, 2))).toEqual([7, 8]);
    expect(recent.after(3n, 10)).toBeUndefined(); // position 4 is not held: the file has it
    expect(recent.after(9n, 10)).toBeUndefined(); // nothing after the run
  });

  it('starts the run again at a gap (another process wrote in between): what came before the gap is never served past it', () => {
    const recent = new RecentAppends(roomy);
    recent.add(range(1, 3));
    recent.add(range(6, 7));
    expect(recent.after(0n, 10)).toBeUndefined();
    expect(recent.after(2n, 10)).toBeUndefined();
    expect(positions(recent.after(5n, 10))).toEqual([6, 7]);
  });

  it('keeps at most its number of events, dropping the oldest', () => {
    const recent = new RecentAppends({ events: 3, chars: 1_000_000 });
    recent.add(range(1, 5));
    expect(recent.size).toBe(3);
    expect(recent.after(1n, 10)).toBeUndefined();
    expect(positions(recent.after(2n, 10))).toEqual([3, 4, 5]);
  });

  it('keeps at most its characters of data and metadata, dropping the oldest; a row bigger than that is not kept', () => {
    const recent = new RecentAppends({ events: 100, chars: 30 });
    recent.add([row(1, 'x'.repeat(10)), row(2, 'x'.repeat(10)), row(3, 'x'.repeat(10))]); // 12 characters each with '{}'
    expect(positions(recent.after(1n, 10))).toEqual([2, 3]);
    expect(recent.after(0n, 10)).toBeUndefined();
    recent.add([row(4, 'x'.repeat(40))]);
    expect(recent.size).toBe(0);
    expect(recent.after(3n, 10)).toBeUndefined();
  });

  it('forgets what every reader is past, and a run emptied that way starts again at the next add', () => {
    const recent = new RecentAppends(roomy);
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

  it('serves the right rows through many adds and forgets (the forgotten rows are removed in batches)', () => {
    const recent = new RecentAppends({ events: 5_000, chars: 10_000_000 });
    let next = 1;
    for (let round = 0; round < 400; round++) {
      recent.add(range(next, next + 9));
      next += 10;
      recent.forgetUpTo(BigInt(next - 4)); // a reader three rows behind
      expect(positions(recent.after(BigInt(next - 4), 10))).toEqual([next - 3, next - 2, next - 1]);
    }
    expect(recent.size).toBe(3);
  });
});
