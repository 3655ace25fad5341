/**
 * Faults: what stops a run (the kernel would have rejected or aborted the
 * program). Thrown inside the evaluator, turned into data by run.ts. The range
 * is in the preprocessed text; run.ts maps it back to the user's file.
 */

export type FaultKind =
  | 'packet-bounds'
  | 'stale-packet-pointer'
  | 'null-dereference'
  | 'uninitialised-read'
  | 'stack-limit'
  | 'step-limit'
  | 'unsupported'
  | 'unknown-helper'
  | 'bounds'
  | 'invalid-pointer'
  | 'read-only'
  | 'helper-error'
  | 'test-run'
  | 'program';

export class Fault extends Error {
  constructor(
    message: string,
    readonly kind: FaultKind,
    /** Range in the preprocessed text, if known. */
    public start = -1,
    public end = -1,
  ) {
    super(message);
  }
}

/** A fault at a node given as [start, end) in the preprocessed text. */
export function fault(message: string, kind: FaultKind, at?: readonly [number, number]): Fault {
  return new Fault(message, kind, at ? at[0] : -1, at ? at[1] : -1);
}

/** Attaches a range to a fault raised deeper down without one. */
export function withRange(e: unknown, at: readonly [number, number]): unknown {
  if (e instanceof Fault && e.start < 0) {
    e.start = at[0];
    e.end = at[1];
  }
  return e;
}
