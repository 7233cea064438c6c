import { randomUUID } from 'node:crypto';
import { isSharedArrayBuffer } from 'node:util/types';
import { stringify } from 'csv-stringify/sync';
import { CSV_HEADER, CSV_OPTIONS, figureRows } from './bilan-csv';
import { EncodedList, ListFormat, encodeList } from './encoded-list';

/** Lists of event ids this long are written once and kept; shorter ones cost less than the bookkeeping. */
const KEPT_FROM = 512;
/** Renderings whose lists are kept to write the next rendering of the same thing from. */
const KEPT_RENDERINGS = 16;

const JSON_LIST: ListFormat = { open: '[', quote: '"', separator: ',', close: ']', general: (ids) => JSON.stringify(ids) };
const CSV_FIELD: ListFormat = { open: '', quote: '', separator: ' ', close: '', general: (ids) => stringify([[ids.join(' ')]], CSV_OPTIONS).slice(0, -1) };

/**
 * The bytes of a bilan or of key figures (JSON, or the figures CSV), the same as `JSON.stringify`
 * and `figuresCsv` give, with each long list of event ids written once per list (the bilan's memo
 * keeps unchanged figures as the same arrays), and a changed list written from its previous
 * version (the list at the same place in the last rendering of the same `rendering`): after a
 * declaration, one id is written. The bytes come in parts, the lists' parts shared (EncodedList):
 * nothing of the 30 MB is copied again.
 */
export class BilanBytes {
  private readonly written = { json: new WeakMap<readonly string[], EncodedList>(), csv: new WeakMap<readonly string[], EncodedList>() };
  private readonly renderings = new Map<string, EncodedList[]>();

  /** JSON.stringify(value) as UTF-8, in parts. rendering: what it is (a market's bilan, key figures of a scope). */
  jsonOf(value: unknown, rendering: string): Buffer[] {
    const lists = this.writer('json', JSON_LIST, rendering);
    const token = `\u0000${randomUUID()}:`;
    const written: Buffer[] = [];
    const skeleton = JSON.stringify(value, (key, v: unknown) => (key === 'eventIds' && isLongList(v) ? `${token}${written.push(lists(v)) - 1}` : v));
    const quoted = JSON.stringify(token).slice(0, -1);
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = skeleton.indexOf(quoted); at >= 0; at = skeleton.indexOf(quoted, from)) {
      const end = skeleton.indexOf('"', at + quoted.length);
      parts.push(Buffer.from(skeleton.slice(from, at)), written[Number(skeleton.slice(at + quoted.length, end))]);
      from = end + 1;
    }
    parts.push(Buffer.from(skeleton.slice(from)));
    return coalesced(parts);
  }

  /** figuresCsv(document) as UTF-8, in parts. */
  csvOf(document: object, rendering: string): Buffer[] {
    const lists = this.writer('csv', CSV_FIELD, rendering);
    const parts: Buffer[] = [Buffer.from(`\uFEFF${stringify([CSV_HEADER], CSV_OPTIONS)}`)];
    for (const row of figureRows(document)) {
      if (!isLongList(row.eventIds)) {
        parts.push(Buffer.from(stringify([[row.path, row.value, row.eventIds?.join(' ') ?? '']], CSV_OPTIONS)));
        continue;
      }
      // "path;value;" then the ids' field, as csv-stringify ends a record with an empty last field
      parts.push(Buffer.from(stringify([[row.path, row.value, '']], CSV_OPTIONS).slice(0, -1)), lists(row.eventIds), Buffer.from('\n'));
    }
    return coalesced(parts);
  }

  /** Writes the long lists of one rendering in order; the n-th is written from the n-th of the last rendering. */
  private writer(kind: 'json' | 'csv', format: ListFormat, rendering: string): (ids: readonly string[]) => Buffer {
    const key = `${kind} ${rendering}`;
    const previous = this.renderings.get(key) ?? [];
    const current: EncodedList[] = [];
    this.renderings.delete(key);
    this.renderings.set(key, current);
    for (const oldest of this.renderings.keys()) if (this.renderings.size > KEPT_RENDERINGS) this.renderings.delete(oldest);
    return (ids) => {
      let list = this.written[kind].get(ids);
      if (!list) this.written[kind].set(ids, list = encodeList(format, ids, previous[current.length]));
      current.push(list);
      return list.bytes;
    };
  }
}

/** The small parts between two lists as one buffer: a few large writes to the socket, not hundreds of small ones. */
function coalesced(parts: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let small: Buffer[] = [];
  for (const part of parts) {
    if (!isSharedArrayBuffer(part.buffer)) {
      small.push(part);
      continue;
    }
    if (small.length) out.push(Buffer.concat(small));
    small = [];
    out.push(part);
  }
  if (small.length) out.push(Buffer.concat(small));
  return out;
}

const isLongList = (v: unknown): v is string[] => Array.isArray(v) && v.length >= KEPT_FROM;
