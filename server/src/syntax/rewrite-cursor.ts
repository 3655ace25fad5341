/**
 * Token-level plumbing for the BPF macro rewrite: balanced groups, argument
 * splitting, and same-length edits collected for the final text.
 */
import type { MacroArg, MacroRecord, TextRange } from './macro-records.ts';
import { blankText, padded } from './rewrite-text.ts';
import type { Token } from './scanner.ts';
import type { Tokens } from './tokens.ts';

export interface RewriteResult {
  /** The text tree-sitter parses: same length, line breaks and non-ASCII characters as the input. */
  text: string;
  /** What was rewritten, sorted by start offset. */
  records: MacroRecord[];
}

/** When a partial run may stop (see `Rewriter.run`). */
export interface StopRule {
  minIndex: number;
  at(i: number): boolean;
}

/** The outcome of a run over part of the tokens (see `rewriteTokens`). */
export interface PartialRewrite {
  /** Token index the run stopped at (`toks.length` at the end). */
  stoppedAt: number;
  /** Rewritten text of `src[toks[from].start, end)` for any `end` at or after the last macro read. */
  textOf(from: number, to: number): string;
  /** Records of the macros handled in the run, sorted. */
  records: MacroRecord[];
  reads: RewriteReads;
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Group {
  close: number;
  /** A `;` directly inside the parentheses (not inside braces). */
  topSemicolon: boolean;
  braces: boolean;
}

/** A macro argument as a token index range; `comma` is the comma after it (-1 for the last). */
export interface ArgTokens {
  from: number;
  to: number;
  comma: number;
}

export interface MacroBase {
  macro: string;
  range: TextRange;
  nameRange: TextRange;
}

/**
 * Where the rewrite looked: for each macro name it handled, the offset of the
 * name and the end of the last token it read (Infinity when it read up to the
 * end of the text, whose absence of further tokens then mattered). Starts are
 * increasing. An edit outside every [start, end) leaves those decisions alone.
 */
export interface RewriteReads {
  starts: number[];
  ends: number[];
}

export class TokenCursor {
  protected readonly edits: Edit[] = [];
  protected readonly records: MacroRecord[] = [];
  readonly reads: RewriteReads = { starts: [], ends: [] };
  /** Highest token index read by the macro being handled (toks.length: ran off the end). */
  protected reach = 0;

  constructor(
    protected readonly src: string,
    protected readonly toks: Tokens,
  ) {}

  /** The text of token `i`. */
  protected text(i: number): string {
    return this.src.slice(this.toks.start(i), this.toks.end(i));
  }

  /** Token `i` as an object (a new one each time: for macro handling, not the per-token loop). */
  protected tok(i: number): Token {
    return { kind: this.toks.kind(i)!, start: this.toks.start(i), end: this.toks.end(i) };
  }

  protected tokenText(t: Token): string {
    return this.src.slice(t.start, t.end);
  }

  protected isPunct(i: number, ch: string): boolean {
    if (i > this.reach) this.reach = i;
    return this.toks.kind(i) === 'punct' && this.src[this.toks.start(i)] === ch;
  }

  protected isMemberName(i: number): boolean {
    if (this.isPunct(i - 1, '.')) return true;
    return this.isPunct(i - 1, '>') && this.isPunct(i - 2, '-') && this.toks.end(i - 2) === this.toks.start(i - 1);
  }

  /** Matching `)` for the `(` at token `open`, or undefined (unbalanced, or a directive inside). */
  protected group(open: number): Group | undefined {
    const { toks, src } = this;
    let depth = 0;
    let braceDepth = 0;
    let topSemicolon = false;
    let braces = false;
    for (let j = open; j < toks.length; j++) {
      const kind = toks.kind(j);
      if (j > this.reach) this.reach = j;
      if (kind === 'directive') return undefined;
      if (kind !== 'punct') continue;
      const c = src[toks.start(j)];
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') {
        depth--;
        if (depth === 0) return c === ')' ? { close: j, topSemicolon, braces } : undefined;
      } else if (c === '{') {
        braces = true;
        braceDepth++;
      } else if (c === '}') {
        braceDepth--;
        if (braceDepth < 0) return undefined;
      } else if (c === ';' && braceDepth === 0) topSemicolon = true;
    }
    this.reach = toks.length;
    return undefined;
  }

  /** Arguments between `open` and `close` split at top-level commas, as token index ranges. */
  protected args(open: number, close: number): ArgTokens[] {
    const out: ArgTokens[] = [];
    let depth = 0;
    let from = open + 1;
    for (let j = open + 1; j < close; j++) {
      if (this.toks.kind(j) !== 'punct') continue;
      const c = this.src[this.toks.start(j)];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === ',' && depth === 0) {
        out.push({ from, to: j, comma: j });
        from = j + 1;
      }
    }
    out.push({ from, to: close, comma: -1 });
    return out;
  }

  protected argOf(a: { from: number; to: number }, open: number): MacroArg {
    const { toks } = this;
    if (a.from >= a.to) {
      const at = a.from >= 1 && a.from - 1 < toks.length ? toks.end(a.from - 1) : toks.end(open);
      return { text: '', range: { start: at, end: at } };
    }
    const start = toks.start(a.from);
    const end = toks.end(a.to - 1);
    return { text: this.src.slice(start, end), range: { start, end } };
  }

  protected blank(start: number, end: number): void {
    if (end > start) this.edits.push({ start, end, text: blankText(this.src.slice(start, end)) });
  }

  protected put(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text: padded(text, this.src.slice(start, end)) });
  }

  protected base(i: number, close: number): MacroBase {
    const { toks } = this;
    return { macro: this.text(i), range: { start: toks.start(i), end: toks.end(close) }, nameRange: { start: toks.start(i), end: toks.end(i) } };
  }

  /** Notes what the macro at token `i` read; `this.reach` was reset to `i` before handling it. */
  protected noteRead(i: number): void {
    this.reads.starts.push(this.toks.start(i));
    this.reads.ends.push(this.reach >= this.toks.length ? Infinity : this.toks.end(this.reach));
  }

  /** The rewritten text of `src[from, to)`; every edit must lie inside it. */
  textOf(from: number, to: number): string {
    const edits = this.edits.sort((a, b) => a.start - b.start);
    const parts: string[] = [];
    let last = from;
    for (const e of edits) {
      if (e.start < last) continue; // overlapping edits cannot happen by construction; be safe
      parts.push(this.src.slice(last, e.start), e.text);
      last = e.end;
    }
    parts.push(this.src.slice(last, to));
    return parts.join('');
  }

  sortedRecords(): MacroRecord[] {
    return this.records.sort((a, b) => a.range.start - b.range.start);
  }

  result(): RewriteResult {
    return { text: this.textOf(0, this.src.length), records: this.sortedRecords() };
  }
}
