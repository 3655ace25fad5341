/**
 * Moves the spans of reused model data to where their segment now starts: every
 * object with numeric `start`/`end` offsets is shifted (spans hold offsets only;
 * positions are computed from a LineIndex when asked for).
 * The objects to move are found once per part (each object once, however often
 * it is referenced) and kept, so later moves are a flat loop.
 *
 * The same walk detaches the part's strings from the text they were cut from:
 * a substring can keep its whole source string alive, and a part outlives the
 * version of the text it was built from.
 */

import { detachStrings } from '../syntax/strings.ts';

interface Movable {
  start: number;
  end: number;
}

/** The distinct offset-bearing objects inside some data. */
export type Movables = Movable[];

/** Finds the offset-bearing objects in `roots`, detaching every string on the way. */
export function collectMovables(roots: readonly unknown[]): Movables {
  const ranges: Movable[] = [];
  detachStrings(roots, (o) => {
    if (typeof o.start === 'number' && typeof o.end === 'number') ranges.push(o as unknown as Movable);
  });
  return ranges;
}

/** Shifts every span in `m` by `delta` characters. */
export function moveMovables(m: Movables, delta: number): void {
  if (delta === 0) return;
  for (const r of m) {
    r.start += delta;
    r.end += delta;
  }
}
