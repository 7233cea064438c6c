import { randomUUID } from 'node:crypto';
import { EventData } from './event-store.port';
import { CHAIN_HASH_KEY } from './chain/event-chain';
import { appendSizeOf } from './append-size';

const json = (events: readonly EventData[]) => events.map((e) => ({ data: JSON.stringify(e.data ?? null), metadata: JSON.stringify(e.metadata ?? {}) }));
const event = (data: unknown, metadata?: Record<string, unknown>): EventData => ({ id: randomUUID(), type: 'HoursDeclared', data, ...(metadata === undefined ? {} : { metadata }) });

class WithToJson {
  constructor(readonly hidden: string) {}
  toJSON() {
    return { shown: this.hidden };
  }
}

describe('appendSizeOf', () => {
  it('counts data, metadata with the chained hash, and two bytes per unit of the type', () => {
    const e = event({ a: 'é' }, { actor: 'x' });
    const expected = Buffer.byteLength('{"a":"é"}') + Buffer.byteLength(JSON.stringify({ actor: 'x', [CHAIN_HASH_KEY]: '0'.repeat(64) })) + 'HoursDeclared'.length * 2;
    expect(appendSizeOf([e])).toBe(expected);
  });

  it('from the JSON already written, gives the same size as serialising again, whatever the metadata', () => {
    const metadatas: (Record<string, unknown> | undefined)[] = [
      undefined, null as unknown as undefined, {}, { actor: 'x' }, { 'é': 'ü', n: 1, nested: { b: [1, null, 'x'], a: true } }, { 2: 'numeric keys first', 1: 'one', z: 'z' },
      { [CHAIN_HASH_KEY]: 'already there', actor: 'x' }, { skipped: undefined }, { skipped: undefined, kept: 1 },
      Object.assign(Object.create(null) as Record<string, unknown>, { nullProto: true }),
      new WithToJson('secret') as unknown as Record<string, unknown>,
      { toJSON: () => ({ replaced: true }) },
    ];
    const datas: unknown[] = [undefined, null, '', 'é', 0, [1, { x: undefined }], { a: { b: 'c' } }];
    for (const metadata of metadatas) {
      for (const data of datas) {
        const events = [event(data, metadata), event({ second: true }, metadata)];
        expect({ metadata, data, size: appendSizeOf(events, json(events)) }).toEqual({ metadata, data, size: appendSizeOf(events) });
      }
    }
  });
});
