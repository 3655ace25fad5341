/**
 * Token-level plumbing for the BPF macro rewrite: balanced groups, argument
 * splitting, and same-length edits collected for the final text.
 */
import type { MacroArg, MacroRecord, TextRange } from './macro-records.ts';
import { blankText, padded } from './rewrite-text.ts';
import type { Token } from './scanner.ts';

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
    protected readonly toks: Token[],
  ) {}

  protected text(t: Token): string {
    return this.src.slice(t.start, t.end);
  }

  protected isPunct(i: number, ch: string): boolean {
    if (i > this.reach) this.reach = i;
    const t = this.toks[i];
    return t !== undefined && t.kind === 'punct' && this.src[t.start] === ch;
  }

  protected isMemberName(i: number): boolean {
    if (this.isPunct(i - 1, '.')) return true;
    return this.isPunct(i - 1, '>') && this.isPunct(i - 2, '-') && this.toks[i - 2].end === this.toks[i - 1].start;
  }

  /** Matching `)` for the `(` at token `open`, or undefined (unbalanced, or a directive inside). */
  protected group(open: number): Group | undefined {
    const { toks, src } = this;
    let depth = 0;
    let braceDepth = 0;
    let topSemicolon = false;
    let braces = false;
    for (let j = open; j < toks.length; j++) {
      const t = toks[j];
      if (j > this.reach) this.reach = j;
      if (t.kind === 'directive') return undefined;
      if (t.kind !== 'punct') continue;
      const c = src[t.start];
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
      const t = this.toks[j];
      if (t.kind !== 'punct') continue;
      const c = this.src[t.start];
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
      const at = toks[a.from - 1]?.end ?? toks[open].end;
      return { text: '', range: { start: at, end: at } };
    }
    const start = toks[a.from].start;
    const end = toks[a.to - 1].end;
    return { text: this.src.slice(start, end), range: { start, end } };
  }

  protected blank(start: number, end: number): void {
    if (end > start) this.edits.push({ start, end, text: blankText(this.src.slice(start, end)) });
  }

  protected put(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text: padded(text, this.src.slice(start, end)) });
  }

  protected base(i: number, close: number): MacroBase {
    const t = this.toks[i];
    return { macro: this.text(t), range: { start: t.start, end: this.toks[close].end }, nameRange: { start: t.start, end: t.end } };
  }

  /** Notes what the macro at token `i` read; `this.reach` was reset to `i` before handling it. */
  protected noteRead(i: number): void {
    this.reads.starts.push(this.toks[i].start);
    this.reads.ends.push(this.reach >= this.toks.length ? Infinity : this.toks[this.reach].end);
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
