/**
 * How a list of event ids is written: a JSON array (`["a","b"]`) or the CSV's ids field (`a b`).
 * Written this way only when every id is plain (printable ASCII, none of `"`, `;`, `\`): then each id
 * is its own bytes between quotes, as JSON.stringify and csv-stringify would write it; otherwise
 * `general` writes the list as they would.
 */
export interface ListFormat {
  readonly open: string;
  readonly quote: string;
  readonly separator: string;
  readonly close: string;
  readonly general: (ids: readonly string[]) => string;
}

/**
 * A list written once, with where each id's bytes start (none when written by `general`: not reused
 * in part). Its bytes are shared memory, never changed once written: a worker hands them to the API's
 * thread without a copy, and renderings share them.
 */
export interface EncodedList {
  readonly ids: readonly string[];
  readonly bytes: Buffer;
  readonly starts?: Uint32Array;
}

const PLAIN = /^[\x20\x21\x23-\x3a\x3c-\x5b\x5d-\x7e]*$/;
/** PLAIN and the quote: a list joined with its quotes is plain when this matches and only its own quotes are there. */
const PLAIN_OR_QUOTE = /^[\x20-\x3a\x3c-\x5b\x5d-\x7e]*$/;
/** Past this many new ids, writing everything again is as quick. */
const REWRITTEN_FROM = 1 / 4;

/**
 * `ids` written in `format`, reusing the bytes of `previous` (the same figure at the last rendering)
 * for the runs of ids the two lists share: lists are sorted, so a declaration's new id is found by one
 * walk comparing (mostly identical) strings, and the rest is copied. Same bytes as writing it whole.
 */
export function encodeList(format: ListFormat, ids: readonly string[], previous?: EncodedList): EncodedList {
  if (!previous?.starts) return encodeWhole(format, ids);
  const pieces: Buffer[] = [Buffer.from(format.open)];
  const separator = Buffer.from(format.separator);
  const old = previous.ids;
  const end = (i: number) => previous.starts![i] + old[i].length + 2 * format.quote.length;
  let i = 0;
  let run = -1;
  let written = 0;
  const flush = () => {
    if (run >= 0) pieces.push(previous.bytes.subarray(previous.starts![run], end(i - 1)));
    run = -1;
  };
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j];
    while (i < old.length && old[i] !== id && old[i] < id) {
      flush();
      i++;
    }
    if (i < old.length && old[i] === id) {
      if (run < 0) {
        if (j > 0) pieces.push(separator);
        run = i;
      }
      i++;
      continue;
    }
    flush();
    if (typeof id !== 'string' || !PLAIN.test(id) || ++written > ids.length * REWRITTEN_FROM) return encodeWhole(format, ids);
    if (j > 0) pieces.push(separator);
    pieces.push(Buffer.from(`${format.quote}${id}${format.quote}`, 'latin1'));
  }
  flush();
  pieces.push(Buffer.from(format.close));
  return { ids, bytes: sharedCopyOf(pieces), starts: startsOf(format, ids) };
}

function encodeWhole(format: ListFormat, ids: readonly string[]): EncodedList {
  const { open, quote, separator, close } = format;
  const joined = ids.join(`${quote}${separator}${quote}`);
  const plain = ids.every((id) => typeof id === 'string') && PLAIN_OR_QUOTE.test(joined) && occurrences(joined, '"') === (quote ? 2 * (ids.length - 1) : 0);
  if (!plain) return { ids, bytes: sharedCopyOf([Buffer.from(format.general(ids))]) };
  const text = `${open}${quote}${joined}${quote}${close}`;
  const bytes = Buffer.from(new SharedArrayBuffer(text.length));
  bytes.write(text, 0, 'latin1');
  return { ids, bytes, starts: startsOf(format, ids) };
}

function sharedCopyOf(pieces: readonly Buffer[]): Buffer {
  const bytes = Buffer.from(new SharedArrayBuffer(pieces.reduce((n, p) => n + p.length, 0)));
  let at = 0;
  for (const piece of pieces) at += piece.copy(bytes, at);
  return bytes;
}

function occurrences(text: string, character: string): number {
  let count = 0;
  for (let at = text.indexOf(character); at >= 0; at = text.indexOf(character, at + 1)) count++;
  return count;
}

function startsOf({ open, quote, separator }: ListFormat, ids: readonly string[]): Uint32Array {
  const starts = new Uint32Array(ids.length);
  let at = open.length;
  for (let i = 0; i < ids.length; i++) {
    starts[i] = at;
    at += ids[i].length + 2 * quote.length + separator.length;
  }
  return starts;
}
