/**
 * One C file: the user's text, its BPF-macro rewrite, the tree-sitter tree of
 * the rewrite and the record of what was rewritten. Edits update the old tree
 * (`tree.edit`) and re-parse from it.
 */
import { Edit, type Point, type Tree } from 'web-tree-sitter';
import { LineIndex } from './line-index.ts';
import type { MacroRecord } from './macro-records.ts';
import type { SyntaxRuntime } from './parser.ts';
import { rewriteBpfMacros } from './rewrite.ts';
import { collectSyntaxErrors, type SyntaxErrorInfo } from './syntax-errors.ts';
import { applyChange, resolveChange, type ResolvedChange, type TextChange } from './text-change.ts';

/** Differences closer than this are sent to tree-sitter as one edit. */
const MERGE_GAP = 32;

export class SyntaxDocument {
  private _text: string;
  private _rewritten: string;
  private _records: MacroRecord[];
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
    const r = rewriteBpfMacros(text);
    this._text = text;
    this._rewritten = r.text;
    this._records = r.records;
    this._lines = new LineIndex(text);
    this._tree = runtime.parse(r.text);
  }

  /** Parses `text`. Never throws on bad code. */
  static parse(runtime: SyntaxRuntime, text: string): SyntaxDocument {
    return new SyntaxDocument(runtime, text);
  }

  /** The user's text. */
  get text(): string {
    return this._text;
  }

  /** The text tree-sitter parsed: same length and line breaks as `text`. */
  get rewrittenText(): string {
    return this._rewritten;
  }

  /** What the rewrite replaced, sorted by offset. */
  get records(): readonly MacroRecord[] {
    return this._records;
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
    return this._text.slice(start, end);
  }

  /** Records whose range overlaps [start, end), or that are empty and lie inside it. */
  recordsIn(start: number, end: number): MacroRecord[] {
    const recs = this._records;
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
      const m = new Int32Array(this._records.length);
      let max = -1;
      this._records.forEach((r, i) => {
        max = Math.max(max, r.range.end);
        m[i] = max;
      });
      this._maxEnds = m;
    }
    return this._maxEnds;
  }

  /**
   * Applies changes in order (each against the text the previous one left),
   * edits the tree and re-parses incrementally. The rewrite is re-run on the
   * whole text; wherever its output differs from the old rewrite (a macro
   * appeared, vanished or changed), that difference is sent to tree-sitter as
   * a further edit, so the new tree equals a fresh parse of the new text.
   */
  applyEdits(changes: readonly TextChange[]): void {
    if (this.disposed) throw new Error('SyntaxDocument used after dispose()');
    if (changes.length === 0) return;
    let text = this._text;
    let shadow = this._rewritten; // what the edited tree believes the text is
    let lines = this._lines;
    const tree = this._tree;
    for (const change of changes) {
      const c = resolveChange(change, lines);
      if (c.start === c.end && c.text.length === 0) continue;
      tree.edit(treeEdit(lines, c));
      text = applyChange(text, c);
      shadow = applyChange(shadow, c);
      lines = new LineIndex(text);
    }
    const r = rewriteBpfMacros(text);
    if (r.text.length !== shadow.length) {
      // cannot happen (the rewrite keeps lengths); fall back to a fresh parse
      this.replaceTree(this.runtime.parse(r.text), text, r.text, r.records, lines);
      return;
    }
    for (const run of differingRuns(shadow, r.text)) {
      const start = toPoint(lines, run.start);
      const end = toPoint(lines, run.end);
      tree.edit(
        new Edit({ startIndex: run.start, oldEndIndex: run.end, newEndIndex: run.end, startPosition: start, oldEndPosition: end, newEndPosition: end }),
      );
    }
    this.replaceTree(this.runtime.parse(r.text, tree), text, r.text, r.records, lines);
  }

  private replaceTree(next: Tree, text: string, rewritten: string, records: MacroRecord[], lines: LineIndex): void {
    this._tree.delete();
    this._tree = next;
    this._text = text;
    this._rewritten = rewritten;
    this._records = records;
    this._maxEnds = undefined;
    this._lines = lines;
    this._version++;
  }

  /** Real C syntax errors (what the BPF rewrite did not explain), quoting the user's text. */
  syntaxErrors(limit = 100): SyntaxErrorInfo[] {
    return collectSyntaxErrors(this.tree, limit, this._text);
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
