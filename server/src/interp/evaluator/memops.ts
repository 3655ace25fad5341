/** Loading and storing C-typed values through pointers, bit-fields included. */
import { checkAccess, copyMem, load, notAPointer, Ptr, store, type Value } from '../memory/region.ts';
import { sizeOf, type CType } from '../types/ctypes.ts';
import { Fault } from './fault.ts';

export type Loader = (p: Value) => Value;
export type Storer = (p: Value, v: Value) => void;

/** Reads a value of type t at p. Aggregates (arrays, structs) "load" as their address. */
export function loader(t: CType): Loader {
  switch (t.k) {
    case 'int': {
      const size = t.size;
      const signed = t.signed;
      if (t.bool) return (p) => (load(p, 1, false) !== 0 ? 1 : 0);
      return (p) => load(p, size, signed);
    }
    case 'ptr':
      return (p) => {
        const v = load(p, 8, false);
        return typeof v === 'bigint' ? Number(v) : v;
      };
    case 'float':
      return () => {
        throw new Fault('floating-point values are not supported by BPF', 'unsupported');
      };
    case 'void':
      return () => {
        throw new Fault('dereference of a void pointer', 'invalid-pointer');
      };
    default:
      return (p) => {
        if (!(p instanceof Ptr)) throw notAPointer(p);
        return p;
      };
  }
}

export function storer(t: CType): Storer {
  switch (t.k) {
    case 'int': {
      const size = t.size;
      if (t.bool) return (p, v) => store(p, 1, v !== 0 && v !== 0n ? 1 : 0);
      return (p, v) => store(p, size, v);
    }
    case 'ptr':
      return (p, v) => store(p, 8, v);
    case 'struct':
    case 'union':
    case 'arr': {
      const size = sizeOf(t);
      return (p, v) => copyMem(p, v, size);
    }
    default:
      return () => {
        throw new Fault(`cannot store a value of this type`, 'unsupported');
      };
  }
}

/** Reads the raw little-endian bits [bitOffset, bitOffset + width) from base. */
export function readBits(base: Value, bitOffset: number, width: number, signed: boolean, wide: boolean): Value {
  if (!(base instanceof Ptr)) throw notAPointer(base);
  const first = bitOffset >> 3;
  const last = (bitOffset + width - 1) >> 3;
  const p = base.add(first);
  const n = last - first + 1;
  if (p.g !== p.r.gen || p.off < p.r.lo || p.off + n > p.r.hi) checkAccess(p, n, false);
  let raw = 0n;
  for (let i = n - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(Number(load(p.add(i), 1, false)));
  let v = (raw >> BigInt(bitOffset & 7)) & ((1n << BigInt(width)) - 1n);
  if (signed && width > 0 && (v >> BigInt(width - 1)) & 1n) v -= 1n << BigInt(width);
  return wide ? v : Number(v);
}

export function writeBits(base: Value, bitOffset: number, width: number, val: Value): void {
  if (!(base instanceof Ptr)) throw notAPointer(base, 'write');
  if (val instanceof Ptr) throw new Fault('cannot store a pointer into a bit-field', 'invalid-pointer');
  const first = bitOffset >> 3;
  const last = (bitOffset + width - 1) >> 3;
  const p = base.add(first);
  const n = last - first + 1;
  checkAccess(p, n, true);
  let raw = 0n;
  const init = p.r.init;
  for (let i = n - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(init && !init[p.off + i] ? 0 : p.r.special ? Number(load(p.add(i), 1, false)) : p.r.bytes[p.off + i]);
  const shift = BigInt(bitOffset & 7);
  const mask = ((1n << BigInt(width)) - 1n) << shift;
  const v = (BigInt(val) << shift) & mask;
  raw = (raw & ~mask) | v;
  for (let i = 0; i < n; i++) {
    store(p.add(i), 1, Number(raw & 0xffn));
    raw >>= 8n;
  }
}
