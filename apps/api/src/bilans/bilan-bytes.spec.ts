import { BilanBytes } from './bilan-bytes';
import { figuresCsv } from './bilan-csv';

/**
 * The bytes sent are JSON.stringify's and figuresCsv's, whether the lists of ids are written whole,
 * reused, or written from the previous rendering's lists (ids added, removed, repeated, lists that
 * are not sorted, ids JSON escapes or CSV quotes).
 */
describe('the bytes of a bilan', () => {
  /** A deterministic sequence, so that a failure can be replayed. */
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const anId = () => `e-${Math.floor(random() * 1e9).toString(36)}-${Math.floor(random() * 1e6)}`;
  const sortedIds = (n: number) => Array.from({ length: n }, anId).sort();

  const documentOf = (hours: string[], women: string[], extra: unknown = null) => ({
    marketId: 'm-1', title: 'Réhabilitation « Les Pâquerettes »; lot 1',
    lots: [{ lotId: 'lot-1', hoursDone: { value: 1234.5, eventIds: hours }, target: { value: 10, eventIds: ['e-1'] } }],
    totals: { hoursDone: { value: 1234.5, eventIds: hours }, completionPercent: 12.3 },
    beneficiaries: { women: { value: 3, eventIds: women } },
    extra,
  });
  const expectSameBytes = (bytes: BilanBytes, document: object) => {
    expect(Buffer.concat(bytes.jsonOf(document, 'm-1')).equals(Buffer.from(JSON.stringify(document)))).toBe(true);
    expect(Buffer.concat(bytes.csvOf(document, 'm-1')).equals(Buffer.from(figuresCsv(document)))).toBe(true);
  };

  it('are those of JSON.stringify and figuresCsv after ids are added, removed and repeated, rendering after rendering', () => {
    const bytes = new BilanBytes();
    let hours = sortedIds(3000);
    const women = sortedIds(600);
    expectSameBytes(bytes, documentOf(hours, women));
    for (let change = 0; change < 30; change++) {
      const next = hours.filter(() => random() > 0.002);
      const added = Array.from({ length: Math.floor(random() * 5) }, anId);
      // a repeated id, now and then, as an event counted twice would be
      if (change % 7 === 3) added.push(next[Math.floor(random() * next.length)]);
      hours = [...next, ...added].sort();
      expectSameBytes(bytes, documentOf(hours, women));
    }
    // the first and the last ids changed
    expectSameBytes(bytes, documentOf(['a-first', ...hours.slice(1, -1), 'z-last'], women));
  });

  it('are those of JSON.stringify and figuresCsv for ids that need escaping or quoting, and lists that are not sorted', () => {
    const bytes = new BilanBytes();
    const hours = sortedIds(1000);
    expectSameBytes(bytes, documentOf(hours, sortedIds(600)));
    for (const odd of ['with "quotes"', 'back\\slash', 'semi;colon', 'line\nbreak', 'accentué', 'emoji 😀', '\ud800 lone', 'tab\there']) {
      expectSameBytes(bytes, documentOf([...hours.slice(0, 500), odd, ...hours.slice(500)], sortedIds(600)));
      expectSameBytes(bytes, documentOf(hours, sortedIds(600)));
    }
    expectSameBytes(bytes, documentOf([...hours].reverse(), [...hours].sort(() => random() - 0.5)));
    expectSameBytes(bytes, documentOf(hours, [...sortedIds(599), 42 as unknown as string]));
  });

  it('copies the part of a list the previous rendering wrote: a list of 100,000 ids with one more is not written whole again', () => {
    const bytes = new BilanBytes();
    const hours = sortedIds(100_000);
    bytes.jsonOf(documentOf(hours, []), 'm-1');
    const joins = jest.spyOn(Array.prototype, 'join');
    try {
      const next = [...hours, 'z-new'].sort();
      expect(Buffer.concat(bytes.jsonOf(documentOf(next, []), 'm-1')).equals(Buffer.from(JSON.stringify(documentOf(next, []))))).toBe(true);
      expect(joins.mock.contexts.some((list) => (list as unknown[]).length > 10_000)).toBe(false);
    } finally {
      joins.mockRestore();
    }
  });
});
