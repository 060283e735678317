// Sets of small integers (interned user ids) as growable bitsets: "which users were active on this day / in
// this week / with this assistant" for 100,000 users costs 12.5 KB per set, and unions and counts are word
// operations. Memory grows with the number of distinct keys, never with rows.

import { utf8Of } from './rowStream';

export class Bitset {
  private words: Uint32Array;

  constructor(bits = 1024) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(bits / 32)));
  }

  add(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) {
      const next = new Uint32Array(Math.max(w + 1, this.words.length * 2));
      next.set(this.words);
      this.words = next;
    }
    this.words[w] |= 1 << (i & 31);
  }

  /** The words (for sending a part's state to the main thread; structured-clone friendly). */
  toWords(): Uint32Array {
    return this.words;
  }

  /** Adds the members of `words` (a bitset from another part), each id mapped through `map`. */
  addMapped(words: Uint32Array, map: ArrayLike<number>): void {
    for (let w = 0; w < words.length; w++) {
      let word = words[w];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        this.add(map[w * 32 + bit]);
        word &= word - 1;
      }
    }
  }

  has(i: number): boolean {
    const w = i >>> 5;
    return w < this.words.length && (this.words[w] & (1 << (i & 31))) !== 0;
  }

  /** Adds every member of `other`. */
  or(other: Bitset): void {
    if (other.words.length > this.words.length) {
      const next = new Uint32Array(other.words.length);
      next.set(this.words);
      this.words = next;
    }
    const o = other.words;
    for (let w = 0; w < o.length; w++) this.words[w] |= o[w];
  }

  get size(): number {
    let n = 0;
    for (const word of this.words) n += popcount(word);
    return n;
  }

  /** Members, ascending. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        yield w * 32 + bit;
        word &= word - 1;
      }
    }
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Cells to dense ids 0, 1, 2, … (users, assistants, documents), each kept once. Cells come as byte strings
 * (rowStream.ts `byteStrings`): the key is the cell, `values` holds its text. Surrounding spaces and tabs are
 * not part of a name ("Default" and "Default  " are one assistant: some exports pad their last field); only
 * ASCII ones are trimmed, as other bytes may belong to a character.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  /** The keys (byte strings), by id: what another part's interner maps through `mapAll`. */
  readonly keys: string[] = [];
  /** The text of each, by id. */
  readonly values: string[] = [];

  id(raw: string): number {
    const value = trimAscii(raw);
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.keys.length;
      // A copy: a parser's substring would keep its whole chunk alive (perf-anchors.md).
      const own = value.length > 0 ? (' ' + value).slice(1) : value;
      this.ids.set(own, id);
      this.keys.push(own);
      this.values.push(utf8Of(own));
    }
    return id;
  }

  get size(): number {
    return this.keys.length;
  }

  /** This interner's id of each of `keys` (another part's), interning the new ones. */
  mapAll(keys: readonly string[]): Uint32Array {
    const map = new Uint32Array(keys.length);
    for (let i = 0; i < keys.length; i++) map[i] = this.id(keys[i]);
    return map;
  }
}

function trimAscii(s: string): string {
  const n = s.length;
  if (n === 0 || (s.charCodeAt(0) > 32 && s.charCodeAt(n - 1) > 32)) return s;
  let a = 0;
  let b = n;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 9)) b--;
  return s.slice(a, b);
}
