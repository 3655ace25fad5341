/**
 * A list of tokens as three parallel typed arrays: 9 bytes a token instead of a
 * 48-byte object. The incremental rewrite keeps the tokens of the whole text
 * between edits (tens of thousands on a large file), so their size is part of
 * the server's resident memory. Read them by index: `kind(i)`, `start(i)`, `end(i)`.
 */
import type { Token, TokenKind } from './scanner.ts';

const KINDS: readonly TokenKind[] = ['ident', 'number', 'string', 'char', 'punct', 'directive'];
const CODE: Record<TokenKind, number> = { ident: 0, number: 1, string: 2, char: 3, punct: 4, directive: 5 };

export class Tokens {
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private count = 0;

  constructor(capacity = 64) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** The kind of token `i`, or undefined when there is no such token. */
  kind(i: number): TokenKind | undefined {
    return i >= 0 && i < this.count ? KINDS[this.kinds[i]] : undefined;
  }

  /** Start offset of token `i` (which must exist). */
  start(i: number): number {
    return this.starts[i];
  }

  /** End offset of token `i` (which must exist). */
  end(i: number): number {
    return this.ends[i];
  }

  push(kind: TokenKind, start: number, end: number): void {
    if (this.count === this.starts.length) this.reserve(this.count * 2);
    this.kinds[this.count] = CODE[kind];
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /**
   * Replaces tokens [from, to) by all of `items`, in place, and moves the
   * tokens after them by `delta` characters.
   */
  splice(from: number, to: number, items: Tokens, delta: number): void {
    const tail = this.count - to;
    const at = from + items.count;
    const length = at + tail;
    if (length > this.starts.length) this.reserve(Math.max(length, this.starts.length * 2));
    if (at !== to) {
      this.kinds.copyWithin(at, to, this.count);
      this.starts.copyWithin(at, to, this.count);
      this.ends.copyWithin(at, to, this.count);
    }
    if (delta !== 0) {
      for (let k = at; k < length; k++) {
        this.starts[k] += delta;
        this.ends[k] += delta;
      }
    }
    this.kinds.set(items.kinds.subarray(0, items.count), from);
    this.starts.set(items.starts.subarray(0, items.count), from);
    this.ends.set(items.ends.subarray(0, items.count), from);
    this.count = length;
  }

  /** The tokens as objects (for short texts). */
  toArray(): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < this.count; i++) out.push({ kind: KINDS[this.kinds[i]], start: this.starts[i], end: this.ends[i] });
    return out;
  }

  private reserve(capacity: number): void {
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.kinds = grow(this.kinds, (n) => new Uint8Array(n));
    this.starts = grow(this.starts, (n) => new Int32Array(n));
    this.ends = grow(this.ends, (n) => new Int32Array(n));
  }
}
