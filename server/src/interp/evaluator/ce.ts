/** What compiling an expression gives: its C type, a closure and, for lvalues, how to reach the object. */
import type { Value } from '../memory/region.ts';
import type { CType } from '../types/ctypes.ts';
import type { Ev } from './machine.ts';
import type { Scope } from './scope.ts';

export type LValue =
  /** A scalar local held in a frame slot. */
  | { k: 'slot'; slot: number }
  /** An object in memory: the closure yields its address. */
  | { k: 'mem'; addr: Ev }
  /** A bit-field: the address of the record holding it, and the bits. */
  | { k: 'bits'; base: Ev; bitOffset: number; width: number; signed: boolean };

export interface CE {
  /** The expression's type (arrays and functions not yet decayed). */
  t: CType;
  /** The value: arrays, functions and records evaluate to their address. */
  ev: Ev;
  /** Known at compile time. */
  k?: Value;
  lv?: LValue;
  at: readonly [number, number];
  /** For line values: how the assigned object is written in the source. */
  name?: string;
}

/** Per-function compile state. */
export interface FnCx {
  name: string;
  nslots: number;
  frameBytes: number;
  /** Locals whose address is taken (they live in memory). */
  addrTaken: Set<string>;
  ret: CType;
  /** Labels defined in the function. */
  labels: Set<string>;
  /** Scope of the function body (parameters). */
  scope: Scope;
}
