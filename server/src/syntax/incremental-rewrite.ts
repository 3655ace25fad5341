/**
 * The BPF macro rewrite kept up to date under edits without redoing the whole
 * text.
 *
 * The rewrite is a pass over tokens in which each macro name decides what to
 * do from the tokens around it: two tokens back (is it a member name?) and
 * forward up to its closing parenthesis, or as far as the search for one
 * went. The full rewrite remembers, per macro, that stretch of text (its
 * "read", see `RewriteReads`). For a change:
 *
 * 1. Restart: the last old token that ends before the change (with a
 *    character to spare), moved back while some earlier macro's read covers
 *    it. It is tokenized again; the tokens before it never looked past its
 *    first character, and the macros before it read nothing from it on, so
 *    everything before it is kept as it was.
 * 2. Tokens: the new text is tokenized from there until a token after the
 *    inserted text equals an old token moved by the length change; the
 *    tokenizer's state after a token depends only on the token, so from there
 *    on the old tokens (moved) are the new ones.
 * 3. Rewrite: the pass is re-run from the restart token until a token, two
 *    past the reused ones, that no macro of the new run read up to and no old
 *    macro before it read past either. After it, both passes see the same
 *    tokens in the same state and decide alike.
 * 4. Splice: records and reads inside the window are replaced by the new run's,
 *    those after it move by the length change; the rewritten text likewise.
 *
 * A read that reaches the end of the text (an unclosed `SEC(`) makes the
 * window run to the end; if the pass throws, the whole text is redone.
 */
import type { MacroRecord } from './macro-records.ts';
import { shiftRecord } from './macro-records.ts';
import { detachStrings } from './strings.ts';
import { rewriteTokens, rewriteWithReads, type RewriteReads } from './rewrite.ts';
import { tokenizeFrom } from './scanner.ts';
import type { Tokens } from './tokens.ts';
import { applyChange, type ResolvedChange } from './text-change.ts';

/** What one change did to the rewrite: outside [start, end) (new offsets) nothing but positions moved. */
export interface RewriteWindow {
  start: number;
  end: number;
  /** The old rewrite of the window with the change applied as typed (what the edited tree holds). */
  before: string;
  /** The new rewrite of the window. */
  after: string;
}

export class IncrementalRewrite {
  private _text: string;
  private _rewritten: string;
  private _records: MacroRecord[];
  private tokens: Tokens;
  /** Undefined when the last full rewrite failed: then every change redoes the whole text. */
  private reads: RewriteReads | undefined;
  /** Running maximum of `reads.ends` (computed when needed). */
  private maxEnds: Float64Array | undefined;
  /** How often the windowed path threw and the whole text was redone (tests expect 0). */
  failures = 0;

  constructor(text: string) {
    const r = rewriteWithReads(text);
    this._text = text;
    this._rewritten = r.text;
    this._records = r.records;
    detachStrings(this._records); // records outlive this version of the text
    this.tokens = r.tokens;
    this.reads = r.reads;
  }

  get text(): string {
    return this._text;
  }

  get rewritten(): string {
    return this._rewritten;
  }

  /** Sorted by start. A new array after every change; records are never modified. */
  get records(): MacroRecord[] {
    return this._records;
  }

  /** Applies one change (offsets into the current text) and says where the rewrite may differ. */
  apply(c: ResolvedChange): RewriteWindow {
    const newText = applyChange(this._text, c);
    if (this.reads) {
      try {
        return this.applyWindowed(c, newText);
      } catch {
        // a bug in the windowed path must not leave a wrong rewrite: redo everything
        this.failures++;
      }
    }
    const before = applyChange(this._rewritten, c);
    const r = rewriteWithReads(newText);
    this._text = newText;
    this._rewritten = r.text;
    this._records = r.records;
    detachStrings(this._records);
    this.tokens = r.tokens;
    this.reads = r.reads;
    this.maxEnds = undefined;
    return { start: 0, end: newText.length, before, after: r.text };
  }

  private applyWindowed(c: ResolvedChange, newText: string): RewriteWindow {
    const reads = this.reads!;
    const toks = this.tokens;
    const delta = c.text.length - (c.end - c.start);
    const insertedEnd = c.start + c.text.length;

    // 1. restart token (old and new indices agree before the change)
    let r = lastIndex(toks.length, (k) => toks.end(k) < c.start);
    if (r >= 0) r = this.cleanRestart(r);
    const from = r >= 0 ? toks.start(r) : 0;
    const lineStart = r >= 0 ? toks.kind(r) === 'directive' : true;
    if (r < 0) r = 0;

    // 2. tokens until they agree with the old ones again
    let j = lastIndex(toks.length, (k) => toks.start(k) < c.end) + 1;
    const win = tokenizeFrom(newText, from, lineStart, (kind, start, end) => {
      if (start < insertedEnd) return false;
      const at = start - delta;
      while (j < toks.length && toks.start(j) < at) j++;
      return j < toks.length && toks.start(j) === at && toks.end(j) === end - delta && toks.kind(j) === kind;
    });
    const reused = win.stopped ? j : toks.length;
    // the list is changed in place: the tokens after the window move by delta
    toks.splice(r, reused, win.tokens, delta);
    const firstReused = r + win.tokens.length;

    // 3. re-run the pass until both passes agree
    const maxEnds = this.runningMaxEnds();
    const run = rewriteTokens(newText, toks, r, {
      minIndex: firstReused + 2,
      at: (q) => coveringRead(reads, maxEnds, toks.start(q) - delta) < 0,
    });
    const end = run.stoppedAt < toks.length ? toks.start(run.stoppedAt) : newText.length;
    const oldEnd = end - delta;

    // 4. splice records, reads and text
    const after = run.textOf(from, end);
    const old = this._rewritten;
    const before = old.slice(from, c.start) + c.text + old.slice(c.end, oldEnd);
    detachStrings(run.records);
    this._records = spliceShifted(this._records, (x) => x.range.start, from, oldEnd, run.records, delta, shiftRecord);
    this.reads = spliceReads(reads, from, oldEnd, run.reads, delta);
    this.maxEnds = undefined;
    this._rewritten = old.slice(0, from) + after + old.slice(oldEnd);
    this._text = newText;
    return { start: from, end, before, after };
  }

  /** Moves the restart token back until no earlier macro's read reaches it. */
  private cleanRestart(r: number): number {
    const reads = this.reads!;
    const maxEnds = this.runningMaxEnds();
    for (;;) {
      const k = coveringRead(reads, maxEnds, this.tokens.start(r));
      if (k < 0) return r;
      const at = reads.starts[k];
      r = lastIndex(this.tokens.length, (t) => this.tokens.start(t) <= at);
    }
  }

  private runningMaxEnds(): Float64Array {
    if (!this.maxEnds) {
      const ends = this.reads!.ends;
      const m = new Float64Array(ends.length);
      let max = -Infinity;
      for (let k = 0; k < ends.length; k++) {
        if (ends[k] > max) max = ends[k];
        m[k] = max;
      }
      this.maxEnds = m;
    }
    return this.maxEnds;
  }
}

/** Largest index in [0, n) for which `ok` holds (`ok` true on a prefix), or -1. */
function lastIndex(n: number, ok: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The first read that starts before offset `x` and ends after it (so `x`
 * lies inside what that macro looked at), or -1.
 */
function coveringRead(reads: RewriteReads, maxEnds: Float64Array, x: number): number {
  const before = lastIndex(reads.starts.length, (k) => reads.starts[k] < x);
  if (before < 0 || maxEnds[before] <= x) return -1;
  // maxEnds is non-decreasing: the first index above x is a read ending after x
  return lastIndex(before + 1, (k) => maxEnds[k] <= x) + 1;
}

/** Replaces the items whose key lies in [from, oldEnd) (old offsets) by `items`, moving later ones by `delta`. */
function spliceShifted<T>(a: readonly T[], key: (x: T) => number, from: number, oldEnd: number, items: T[], delta: number, shift: (x: T, d: number) => T): T[] {
  const lo = lastIndex(a.length, (k) => key(a[k]) < from) + 1;
  const hi = lastIndex(a.length, (k) => key(a[k]) < oldEnd) + 1;
  const out = a.slice(0, lo);
  for (const x of items) out.push(x);
  for (let k = hi; k < a.length; k++) out.push(delta === 0 ? a[k] : shift(a[k], delta));
  return out;
}

function spliceReads(old: RewriteReads, from: number, oldEnd: number, fresh: RewriteReads, delta: number): RewriteReads {
  const lo = lastIndex(old.starts.length, (k) => old.starts[k] < from) + 1;
  const hi = lastIndex(old.starts.length, (k) => old.starts[k] < oldEnd) + 1;
  const starts = old.starts.slice(0, lo).concat(fresh.starts);
  const ends = old.ends.slice(0, lo).concat(fresh.ends);
  for (let k = hi; k < old.starts.length; k++) {
    starts.push(old.starts[k] + delta);
    ends.push(old.ends[k] + delta);
  }
  return { starts, ends };
}
