/**
 * Helper implementations keyed by name (the helper database gives ids and
 * whether a helper changes packet data). Arguments arrive converted to the
 * declared parameter types: pointers as pointers (or 0 for NULL), integers as
 * numbers (up to 32 bits) or bigint (64 bits).
 */
import type { BpfMap } from '../maps/index.ts';
import { Ptr, type Value } from '../memory/region.ts';
import { Fault } from '../evaluator/fault.ts';
import type { RunEnv } from './env.ts';

export interface HelperCall {
  name: string;
  id: number;
}

export type HelperImpl = (env: RunEnv, args: Value[], call: HelperCall) => Value;

export const HELPERS = new Map<string, HelperImpl>();

export function register(name: string, impl: HelperImpl): void {
  HELPERS.set(name, impl);
}

/** Ends the program with a return value (a failed LD_ABS/LD_IND load returns 0). */
export class ProgramExit {
  constructor(readonly retval: number) {}
}

/** Thrown by bpf_tail_call when the jump happens (not a fault). */
export class TailCall {
  constructor(readonly target: string) {}
}

/** Unsigned 64-bit view of an argument. */
export function u64(v: Value): bigint {
  if (v instanceof Ptr) throw new Fault('a pointer was passed where the helper expects a number', 'invalid-pointer');
  return BigInt.asUintN(64, BigInt(v));
}

export function i64(v: Value): bigint {
  if (v instanceof Ptr) throw new Fault('a pointer was passed where the helper expects a number', 'invalid-pointer');
  return BigInt.asIntN(64, BigInt(v));
}

export function u32(v: Value): number {
  if (v instanceof Ptr) throw new Fault('a pointer was passed where the helper expects a number', 'invalid-pointer');
  return typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : v >>> 0;
}

export function i32(v: Value): number {
  return u32(v) | 0;
}

/** The argument as a number (flags, sizes); large values keep their magnitude approximately. */
export function num(v: Value): number {
  if (v instanceof Ptr) throw new Fault('a pointer was passed where the helper expects a number', 'invalid-pointer');
  return Number(v);
}

export function ptrArg(v: Value, what: string, call: HelperCall): Ptr {
  if (v instanceof Ptr) return v;
  if (v === 0 || v === 0n) throw new Fault(`${call.name}: ${what} is NULL`, 'null-dereference');
  throw new Fault(`${call.name}: ${what} is not a pointer`, 'invalid-pointer');
}

/** The map a `&map` argument points at. */
export function mapArg(env: RunEnv, v: Value, call: HelperCall): BpfMap {
  if (!(v instanceof Ptr) || v.r.kind !== 'map') throw new Fault(`${call.name}: the map argument must be a map defined in the program (&map)`, 'invalid-pointer');
  const m = env.maps.get(v.r.name);
  if (!m) throw new Fault(`${call.name}: map "${v.r.name}" is of a type the interpreter does not model`, 'unsupported');
  return m;
}

/** Return a negative errno as the helper's long. */
export function err(e: number): bigint {
  return BigInt(-e);
}
