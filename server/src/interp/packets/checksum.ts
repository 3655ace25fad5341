/**
 * Internet checksums (RFC 1071) and the IPv4/IPv6 pseudo-headers used by TCP,
 * UDP and ICMPv6.
 */
import { concat } from './bytes.ts';

/** One's-complement sum of 16-bit big-endian words, not folded, not inverted. */
export function onesSum(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (data[i]! << 8) | data[i + 1]!;
  if (i < end) sum += data[i]! << 8;
  return sum;
}

/** Folds a sum to 16 bits. */
export function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** The checksum to store: the inverted folded sum. */
export function internetChecksum(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  return ~fold(onesSum(data, start, end, initial)) & 0xffff;
}

/** Sum of the IPv4 pseudo-header (saddr, daddr, zero, proto, length). */
export function ipv4PseudoSum(saddr: Uint8Array, daddr: Uint8Array, proto: number, length: number): number {
  return onesSum(concat(saddr, daddr, Uint8Array.of(0, proto, (length >>> 8) & 0xff, length & 0xff)));
}

/** Sum of the IPv6 pseudo-header (saddr, daddr, 32-bit length, 3 zero bytes, next header). */
export function ipv6PseudoSum(saddr: Uint8Array, daddr: Uint8Array, proto: number, length: number): number {
  const tail = Uint8Array.of((length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff, 0, 0, 0, proto);
  return onesSum(concat(saddr, daddr, tail));
}

/** True when data[start, end) plus the initial (pseudo-header) sum checks out. */
export function checksumValid(data: Uint8Array, start: number, end: number, initial = 0): boolean {
  return fold(onesSum(data, start, end, initial)) === 0xffff;
}
