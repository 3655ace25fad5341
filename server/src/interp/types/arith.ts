/**
 * Integer arithmetic with C semantics. Integers of up to 32 bits are held as
 * JS numbers (always normalised to the type's range), 64-bit integers as
 * bigint. Division and modulo by zero follow BPF: x / 0 = 0, x % 0 = x.
 */
import type { IntType } from './ctypes.ts';

/** Wraps a number into the range of an integer type of at most 32 bits. */
export function wrapNum(v: number, size: 1 | 2 | 4, signed: boolean): number {
  switch (size) {
    case 1:
      return signed ? (v << 24) >> 24 : v & 0xff;
    case 2:
      return signed ? (v << 16) >> 16 : v & 0xffff;
    default:
      return signed ? v | 0 : v >>> 0;
  }
}

export function wrapBig(v: bigint, signed: boolean): bigint {
  return signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
}

/** A number (any integer, possibly beyond 32 bits) to the type's representation. */
export function fromNumber(v: number, t: IntType): number | bigint {
  if (t.bool) return v !== 0 ? 1 : 0;
  if (t.size === 8) return wrapBig(BigInt(Math.trunc(v)), t.signed);
  if (v > 0xffffffff || v < -0x80000000) return wrapNum(Number(BigInt.asUintN(32, BigInt(Math.trunc(v)))), t.size, t.signed);
  return wrapNum(v, t.size, t.signed);
}

/** Any integer representation (number or bigint) converted to the type's representation. */
export function convertInt(v: number | bigint, t: IntType): number | bigint {
  if (typeof v === 'bigint') {
    if (t.bool) return v !== 0n ? 1 : 0;
    if (t.size === 8) return wrapBig(v, t.signed);
    return wrapNum(Number(BigInt.asUintN(32, v)), t.size, t.signed);
  }
  if (t.bool) return v !== 0 ? 1 : 0;
  if (t.size === 8) return t.signed ? BigInt(v) : BigInt.asUintN(64, BigInt(v));
  return wrapNum(v, t.size, t.signed);
}

export function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

export function toNum(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

export function isZero(v: number | bigint): boolean {
  return v === 0 || v === 0n;
}

/** Parses a C integer literal (with suffixes); returns the value and its C type by the standard rules. */
export function parseIntLiteral(text: string): { value: bigint; unsignedSuffix: boolean; longSuffix: number; decimal: boolean } | undefined {
  let s = text.replace(/'/g, '');
  const m = /([uUlL]*)$/.exec(s);
  const suffix = m ? m[1] : '';
  s = s.slice(0, s.length - suffix.length);
  const unsignedSuffix = /u/i.test(suffix);
  const longSuffix = (suffix.match(/l/gi) ?? []).length;
  let value: bigint;
  let decimal = false;
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(s)) value = BigInt(s);
    else if (/^0[bB][01]+$/.test(s)) value = BigInt(s);
    else if (/^0[0-7]*$/.test(s)) value = s === '0' ? 0n : BigInt('0o' + s.slice(1));
    else if (/^[1-9][0-9]*$/.test(s)) {
      value = BigInt(s);
      decimal = true;
    } else return undefined;
  } catch {
    return undefined;
  }
  return { value, unsignedSuffix, longSuffix, decimal };
}
