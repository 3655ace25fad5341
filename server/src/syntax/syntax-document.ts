/**
 * One C file: the user's text, its BPF-macro rewrite, the tree-sitter tree of
 * the rewrite and the record of what was rewritten. Edits update the old tree
 * (`tree.edit`) and re-parse from it.
 */
import { Edit, type Point, type Tree } from 'web-tree-sitter';
import { IncrementalRewrite } from './incremental-rewrite.ts';
import { LineIndex } from './line-index.ts';
import type { MacroRecord } from './macro-records.ts';
import type { SyntaxRuntime } from './parser.ts';
import { collectSyntaxErrors, type SyntaxErrorInfo } from './syntax-errors.ts';
import { resolveChange, type ResolvedChange, type TextChange } from './text-change.ts';

/** Differences closer than this are sent to tree-sitter as one edit. */
const MERGE_GAP = 32;

export class SyntaxDocument {
  private readonly rewrite: IncrementalRewrite;
  private _maxEnds: Int32Array | undefined;
  private _tree: Tree;
  private _lines: LineIndex;
  private _version = 0;
  private disposed = false;

  private constructor(
    /** The runtime that parsed this document (its queries work on `tree`). */
    readonly runtime: SyntaxRuntime,
    text: string,
  ) {
    this.rewrite = new IncrementalRewrite(text);
    this._lines = new LineIndex(text);
    this._tree = runtime.parse(this.rewrite.rewritten);
  }

  /** Parses `text`. Never throws on bad code. */
  static parse(runtime: SyntaxRuntime, text: string): SyntaxDocument {
    return new SyntaxDocument(runtime, text);
  }

  /** The user's text. */
  get text(): string {
    return this.rewrite.text;
  }

  /** The text tree-sitter parsed: same length and line breaks as `text`. */
  get rewrittenText(): string {
    return this.rewrite.rewritten;
  }

  /** What the rewrite replaced, sorted by offset. */
  get records(): readonly MacroRecord[] {
    return this.rewrite.records;
  }

  /** The current tree; owned by this document (do not delete it). */
  get tree(): Tree {
    if (this.disposed) throw new Error('SyntaxDocument used after dispose()');
    return this._tree;
  }

  get lines(): LineIndex {
    return this._lines;
  }

  /** Increases by one for every applyEdits() call that had changes. */
  get version(): number {
    return this._version;
  }

  /** Text of the user's document between two offsets. */
  slice(start: number, end: number): string {
    return this.rewrite.text.slice(start, end);
  }

  /** Records whose range overlaps [start, end), or that are empty and lie inside it. */
  recordsIn(start: number, end: number): MacroRecord[] {
    const recs = this.rewrite.records;
    const maxEnd = this.maxEnds();
    // first record whose running maximum end passes `start` (maxEnd is non-decreasing)
    let lo = 0;
    let hi = recs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (maxEnd[mid] <= start) lo = mid + 1;
      else hi = mid;
    }
    const out: MacroRecord[] = [];
    for (let i = lo; i < recs.length && recs[i].range.start < end; i++) {
      const r = recs[i].range;
      if (r.end > start || (r.start === r.end && r.start >= start)) out.push(recs[i]);
    }
    return out;
  }

  private maxEnds(): Int32Array {
    if (!this._maxEnds) {
      const m = new Int32Array(this.rewrite.records.length);
      let max = -1;
      this.rewrite.records.forEach((r, i) => {
        max = Math.max(max, r.range.end);
        m[i] = max;
      });
      this._maxEnds = m;
    }
    return this._maxEnds;
  }

  /**
   * Applies changes in order (each against the text the previous one left),
   * edits the tree and re-parses incrementally. For each change the rewrite
   * is redone only around it (see incremental-rewrite.ts); wherever the new
   * rewrite of that window differs from the old one with the change typed in
   * (a macro appeared, vanished or changed), that difference is sent to
   * tree-sitter as a further same-length edit, so the new tree equals a fresh
   * parse of the new text.
   */
  applyEdits(changes: readonly TextChange[]): void {
    if (this.disposed) throw new Error('SyntaxDocument used after dispose()');
    if (changes.length === 0) return;
    const tree = this._tree;
    for (const change of changes) {
      const lines = this._lines;
      const c = resolveChange(change, lines);
      if (c.start === c.end && c.text.length === 0) continue;
      tree.edit(treeEdit(lines, c));
      const w = this.rewrite.apply(c);
      const next = lines.withChange(this.rewrite.text, c.start, c.end, c.text);
      this._lines = next;
      for (const run of differingRuns(w.before, w.after)) {
        const start = toPoint(next, w.start + run.start);
        const end = toPoint(next, w.start + run.end);
        const at = w.start + run.start;
        const to = w.start + run.end;
        tree.edit(new Edit({ startIndex: at, oldEndIndex: to, newEndIndex: to, startPosition: start, oldEndPosition: end, newEndPosition: end }));
      }
    }
    this._tree = this.runtime.parse(this.rewrite.rewritten, tree);
    tree.delete();
    this._maxEnds = undefined;
    this._version++;
  }

  /** Real C syntax errors (what the BPF rewrite did not explain), quoting the user's text. */
  syntaxErrors(limit = 100): SyntaxErrorInfo[] {
    return collectSyntaxErrors(this.tree, limit, this.rewrite.text);
  }

  /** Frees the tree. The document must not be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this._tree.delete();
  }
}

function toPoint(lines: LineIndex, offset: number): Point {
  const p = lines.positionAt(offset);
  return { row: p.line, column: p.character };
}

/** The tree edit for a change, positions taken from the text before it. */
function treeEdit(lines: LineIndex, c: ResolvedChange): Edit {
  const startPosition = toPoint(lines, c.start);
  const oldEndPosition = toPoint(lines, c.end);
  let newEndPosition: Point;
  const lastNl = c.text.lastIndexOf('\n');
  if (lastNl < 0) newEndPosition = { row: startPosition.row, column: startPosition.column + c.text.length };
  else {
    let rows = 0;
    for (let i = c.text.indexOf('\n'); i >= 0; i = c.text.indexOf('\n', i + 1)) rows++;
    newEndPosition = { row: startPosition.row + rows, column: c.text.length - lastNl - 1 };
  }
  return new Edit({
    startIndex: c.start,
    oldEndIndex: c.end,
    newEndIndex: c.start + c.text.length,
    startPosition,
    oldEndPosition,
    newEndPosition,
  });
}

/** Ranges where two equally long strings differ, nearby ranges merged (compares the common length). */
export function differingRuns(a: string, b: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  if (a === b) return runs;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1;
    let j = end;
    while (j < n && j - end < MERGE_GAP) {
      if (a.charCodeAt(j) !== b.charCodeAt(j)) end = j + 1;
      j++;
    }
    runs.push({ start, end });
    i = end;
  }
  return runs;
}
