/**
 * Moves the spans of reused model data to where their segment now starts: every
 * object with numeric `start`/`end` offsets is shifted, and so are its
 * `startPosition`/`endPosition` (the line always, the column only on the
 * segment's first line, the one text before the segment can change).
 * The objects to move are found once per part (each object once, however often
 * it is referenced) and kept, so later moves are a flat loop.
 *
 * The same walk detaches the part's strings from the text they were cut from:
 * a substring can keep its whole source string alive, and a part outlives the
 * version of the text it was built from.
 */

import { detached } from '../syntax/strings.ts';

/** Where a segment starts: offset and position. */
export interface Origin {
  offset: number;
  line: number;
  character: number;
}

interface Position {
  line: number;
  character: number;
}

interface Movable {
  start: number;
  end: number;
}

/** The distinct offset-bearing objects and positions inside some data. */
export interface Movables {
  ranges: Movable[];
  positions: Position[];
}

/** Finds the offset-bearing objects and positions in `roots`, detaching every string on the way. */
export function collectMovables(roots: readonly unknown[]): Movables {
  const ranges: Movable[] = [];
  const positions: Position[] = [];
  const seen = new Set<object>();
  const position = (p: unknown): void => {
    if (!p || typeof p !== 'object' || seen.has(p)) return;
    seen.add(p);
    positions.push(p as Position);
  };
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') v[i] = detached(x);
        else visit(x);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') {
      ranges.push(o as unknown as Movable);
      position(o.startPosition);
      position(o.endPosition);
    }
    for (const key in o) {
      if (key === 'startPosition' || key === 'endPosition') continue;
      const x = o[key];
      if (typeof x === 'string') o[key] = detached(x);
      else if (x && typeof x === 'object') visit(x);
    }
  };
  for (const r of roots) visit(r);
  return { ranges, positions };
}

export function moveMovables(m: Movables, from: Origin, to: Origin): void {
  const dOffset = to.offset - from.offset;
  const dLine = to.line - from.line;
  const dChar = to.character - from.character;
  if (dOffset !== 0) {
    for (const r of m.ranges) {
      r.start += dOffset;
      r.end += dOffset;
    }
  }
  if (dLine !== 0 || dChar !== 0) {
    for (const p of m.positions) {
      if (p.line === from.line) p.character += dChar;
      p.line += dLine;
    }
  }
}
