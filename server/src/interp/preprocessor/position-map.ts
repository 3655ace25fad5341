/**
 * Maps offsets in the preprocessed text back to the user's files: one entry
 * per output token (where it was written, or for tokens a macro produced, the
 * macro invocation in the user's text).
 */

export interface SourceFile {
  path: string;
  text: string;
  /** One of our built-in headers (not the user's text). */
  builtin: boolean;
}

export interface SourcePos {
  file: number;
  offset: number;
}

export interface SourceSpan {
  file: number;
  start: number;
  end: number;
}

export class PositionMap {
  private outStart: number[] = [];
  private outEnd: number[] = [];
  private file: number[] = [];
  private srcStart: number[] = [];
  private srcEnd: number[] = [];

  add(outStart: number, outEnd: number, file: number, start: number, end: number): void {
    this.outStart.push(outStart);
    this.outEnd.push(outEnd);
    this.file.push(file);
    this.srcStart.push(start);
    this.srcEnd.push(end);
  }

  get size(): number {
    return this.outStart.length;
  }

  /** Index of the last token starting at or before `off` (or 0). */
  private indexAt(off: number): number {
    const a = this.outStart;
    let lo = 0;
    let hi = a.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The source span for the output range [start, end). */
  span(start: number, end: number): SourceSpan | undefined {
    const i = this.indexAt(start);
    if (i < 0) return undefined;
    const j = Math.max(i, this.indexAt(Math.max(start, end - 1)));
    const file = this.file[i];
    let s = this.srcStart[i];
    let e = this.srcEnd[i];
    for (let k = i + 1; k <= j; k++) {
      if (this.file[k] !== file) continue;
      if (this.srcStart[k] < s) s = this.srcStart[k];
      if (this.srcEnd[k] > e) e = this.srcEnd[k];
    }
    // a range that starts inside an expansion and runs on in plain text: keep the start token's file
    return { file, start: s, end: e };
  }

  /** Where the output offset comes from. */
  pos(off: number): SourcePos | undefined {
    const i = this.indexAt(off);
    if (i < 0) return undefined;
    return { file: this.file[i], offset: this.srcStart[i] };
  }
}

/** Line/character (0-based, UTF-16) of offsets in one text. */
export class LineStarts {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(off: number): { line: number; character: number } {
    const a = this.starts;
    let lo = 0;
    let hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: off - a[lo] };
  }
}
