/**
 * Internet checksum arithmetic as the kernel computes it on x86-64
 * (lib/checksum.c, arch/x86/lib/csum-partial_64.c, include/net/checksum.h):
 * 32-bit partial sums (__wsum) and folded 16-bit checksums (__sum16), both
 * held as they sit in memory (the 16-bit value read little-endian).
 */

/** add32_with_carry */
function add32(a: number, b: number): number {
  const s = (a >>> 0) + (b >>> 0);
  return (s + Math.floor(s / 0x100000000)) >>> 0;
}

/** csum_partial over bytes, starting from a 32-bit sum (x86-64 semantics for an aligned buffer). */
export function csumPartial(buf: Uint8Array, sum: number): number {
  // 64-bit accumulation with end-around carry, as the assembly does
  let acc = BigInt(sum >>> 0);
  const M = (1n << 64n) - 1n;
  const addc = (x: bigint): void => {
    acc += x;
    if (acc > M) acc = (acc & M) + 1n;
  };
  let i = 0;
  const len = buf.length;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (; i + 8 <= len; i += 8) addc(dv.getBigUint64(i, true));
  if (len - i >= 4) {
    addc(BigInt(dv.getUint32(i, true)));
    i += 4;
  }
  if (len - i >= 2) {
    addc(BigInt(dv.getUint16(i, true)));
    i += 2;
  }
  if (len - i >= 1) addc(BigInt(buf[i]));
  const hi = Number(acc >> 32n);
  const lo = Number(acc & 0xffffffffn);
  return add32(hi, lo);
}

/** csum_fold: 32-bit partial sum to a 16-bit checksum (complemented). */
export function csumFold(sum: number): number {
  let s = sum >>> 0;
  s = (s & 0xffff) + (s >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** csum_unfold */
export function csumUnfold(sum16: number): number {
  return sum16 & 0xffff;
}

/** csum_add / csum_sub on __wsum. */
export function csumAdd(a: number, b: number): number {
  return add32(a, b);
}

export function csumSub(a: number, b: number): number {
  return add32(a, ~b >>> 0);
}

/** csum16_add */
function csum16Add(csum: number, addend: number): number {
  let res = csum & 0xffff;
  res = (res + (addend & 0xffff)) & 0xffff;
  return (res + (res < (addend & 0xffff) ? 1 : 0)) & 0xffff;
}

/** csum_replace2(sum, old, new) */
export function csumReplace2(sum: number, from: number, to: number): number {
  return ~csum16Add(csum16Add(~sum & 0xffff, ~from & 0xffff), to) & 0xffff;
}

/** csum_replace4(sum, from, to) */
export function csumReplace4(sum: number, from: number, to: number): number {
  const tmp = csumSub(~csumUnfold(sum) >>> 0, from >>> 0);
  return csumFold(csumAdd(tmp, to >>> 0));
}

/** csum_replace_by_diff(sum, diff) */
export function csumReplaceByDiff(sum: number, diff: number): number {
  return csumFold(csumAdd(diff >>> 0, ~csumUnfold(sum) >>> 0));
}

/** inet_proto_csum_replace4 for a socket buffer that is not CHECKSUM_PARTIAL. */
export function inetProtoReplace4(sum: number, from: number, to: number): number {
  const diff = new Uint8Array(8);
  const dv = new DataView(diff.buffer);
  dv.setUint32(0, ~from >>> 0, true);
  dv.setUint32(4, to >>> 0, true);
  return csumFold(csumPartial(diff, ~csumUnfold(sum) >>> 0));
}

/** inet_proto_csum_replace_by_diff for a socket buffer that is not CHECKSUM_PARTIAL. */
export function inetProtoReplaceByDiff(sum: number, diff: number): number {
  return csumFold(csumAdd(diff >>> 0, ~csumUnfold(sum) >>> 0));
}

/** from32to16: folds a 32-bit sum to 16 bits without complementing it. */
export function csumFrom32to16(sum: number): number {
  let s = sum >>> 0;
  s = (s & 0xffff) + (s >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return s & 0xffff;
}
