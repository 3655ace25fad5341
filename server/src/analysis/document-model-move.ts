/**
 * Moves the spans of reused model data to where their segment now starts: every
 * object with numeric `start`/`end` offsets is shifted, and so are its
 * `startPosition`/`endPosition` (the line always, the column only on the
 * segment's first line, the one text before the segment can change).
 * Each object is moved once, however often it is referenced.
 */

/** Where a segment starts: offset and position. */
export interface Origin {
  offset: number;
  line: number;
  character: number;
}

interface Movable {
  start?: unknown;
  end?: unknown;
  startPosition?: { line: number; character: number };
  endPosition?: { line: number; character: number };
  [key: string]: unknown;
}

export function moveInPlace(roots: unknown[], from: Origin, to: Origin): void {
  const dOffset = to.offset - from.offset;
  const dLine = to.line - from.line;
  const dChar = to.character - from.character;
  if (dOffset === 0 && dLine === 0 && dChar === 0) return;
  const seen = new Set<object>();
  const movePosition = (p: { line: number; character: number } | undefined): void => {
    if (!p || seen.has(p)) return;
    seen.add(p);
    if (p.line === from.line) p.character += dChar;
    p.line += dLine;
  };
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const o = v as Movable;
    if (typeof o.start === 'number' && typeof o.end === 'number') {
      o.start += dOffset;
      o.end += dOffset;
      movePosition(o.startPosition);
      movePosition(o.endPosition);
    }
    for (const key in o) {
      if (key === 'startPosition' || key === 'endPosition') continue;
      const x = o[key];
      if (x && typeof x === 'object') visit(x);
    }
  };
  for (const r of roots) visit(r);
}
