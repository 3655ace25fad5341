/**
 * Offsets, positions and spans as plain data. Offsets are JS string indices
 * (UTF-16 code units), which is what web-tree-sitter reports as `startIndex`;
 * `character` is the UTF-16 column (the LSP default encoding). Lines are
 * split at `\n` only, as tree-sitter counts rows (`\r\n` works; a lone `\r`
 * does not start a line). UTF-8 byte offsets/columns are available for tools
 * such as clang that report bytes.
 */

export interface Position {
  /** Zero-based line. */
  line: number;
  /** Zero-based column in UTF-16 code units. */
  character: number;
}

/**
 * A range of the user's text as offsets. Positions are computed from offsets only
 * where they are needed (a LineIndex): spans are kept by the thousand in document
 * models, and two position objects each would more than double their memory.
 */
export interface Span {
  start: number;
  end: number;
}

export class LineIndex {
  private readonly starts: number[];
  private utf8Starts: number[] | undefined;

  /** `starts` is for `withChange` only: the line starts of `text`, already known. */
  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    starts = [0];
    let i = text.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  /**
   * The index of `newText`, which is this text with [start, end) replaced by
   * `inserted`: line starts up to `start` are kept, those after `end` move by
   * the change in length, and only `inserted` is searched for line breaks.
   */
  withChange(newText: string, start: number, end: number, inserted: string): LineIndex {
    const old = this.starts;
    const delta = inserted.length - (end - start);
    // old starts s <= start keep their line break (at s - 1 < start)
    let keep = this.lineAt(start) + 1;
    const out = old.slice(0, keep);
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) out.push(start + i + 1);
    // old starts s > end keep their line break (at s - 1 >= end); those in (start, end] lost theirs
    while (keep < old.length && old[keep] <= end) keep++;
    for (let l = keep; l < old.length; l++) out.push(old[l] + delta);
    return new LineIndex(newText, out);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    return this.starts[line];
  }

  /** End of the line's content (before `\r\n` / `\n`). */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > this.lineStart(line) && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }

  lineAt(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(o);
    return { line, character: o - this.starts[line] };
  }

  /** Offset of a line/character position, clamped to the line (and the text). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + Math.max(0, position.character), next));
  }

  /** UTF-8 byte offset of a UTF-16 offset. */
  utf8Offset(offset: number): number {
    const line = this.lineAt(offset);
    const starts = this.utf8LineStarts();
    return starts[line] + utf8Length(this.text, this.starts[line], Math.min(offset, this.text.length));
  }

  /** UTF-16 offset of a (line, UTF-8 byte column) pair, e.g. from a clang diagnostic. */
  offsetAtUtf8Column(line: number, byteColumn: number): number {
    const start = this.lineStart(line);
    const end = this.lineEnd(line);
    let bytes = 0;
    let i = start;
    while (i < end && bytes < byteColumn) {
      const c = this.text.codePointAt(i) ?? 0;
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i += c >= 0x10000 ? 2 : 1;
    }
    return i;
  }

  private utf8LineStarts(): number[] {
    if (!this.utf8Starts) {
      const out = [0];
      for (let l = 1; l < this.starts.length; l++) out.push(out[l - 1] + utf8Length(this.text, this.starts[l - 1], this.starts[l]));
      this.utf8Starts = out;
    }
    return this.utf8Starts;
  }
}

/** UTF-8 length of `text[from, to)`. */
export function utf8Length(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
