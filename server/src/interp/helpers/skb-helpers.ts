/**
 * Socket-buffer helpers (TC, socket filters) with net/core/filter.c's checks
 * and return values, for the linear buffer BPF_PROG_TEST_RUN builds
 * (ip_summed = CHECKSUM_NONE, no GSO).
 */
import { EFAULT, EINVAL, ENOMEM, ENOTSUPP, EACCES } from '../maps/index.ts';
import { readBytes, writeBytes } from '../memory/region.ts';
import { Fault } from '../evaluator/fault.ts';
import { csumFrom32to16, csumPartial, csumReplace2, csumReplace4, csumReplaceByDiff, inetProtoReplace4, inetProtoReplaceByDiff } from './csum.ts';
import type { RunEnv, SkbState } from './env.ts';
import { err, ptrArg, register, u32, u64, type HelperCall } from './registry.ts';

const BPF_F_RECOMPUTE_CSUM = 1;
const BPF_F_INVALIDATE_HASH = 2;
const BPF_F_HDR_FIELD_MASK = 0xf;
const BPF_F_PSEUDO_HDR = 0x10;
const BPF_F_MARK_MANGLED_0 = 0x20;
const BPF_F_MARK_ENFORCE = 0x40;
const BPF_F_IPV6 = 0x80;
const CSUM_MANGLED_0 = 0xffff;
/** SKB_MAX_ALLOC on 4 KiB pages: (PAGE_SIZE << 2) - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)). */
export const BPF_SKB_MAX_LEN = 16384 - 320;
const ETH_P_IP = 0x0800;
const ETH_P_IPV6 = 0x86dd;

export function skbOf(env: RunEnv, call: HelperCall): SkbState {
  if (!env.skb) throw new Fault(`${call.name} needs a socket buffer (TC or socket filter program)`, 'program');
  return env.skb;
}

function clearHash(s: SkbState): void {
  s.hash = 0;
  s.hashValid = false;
}

register('bpf_skb_load_bytes', (env, args, call) => {
  const off = u32(args[1]);
  const dst = ptrArg(args[2], 'to', call);
  const len = u32(args[3]);
  const p = env.packet;
  if (off > 0x7fffffff || off + len > p.length) {
    writeBytes(dst, new Uint8Array(len));
    return err(EFAULT);
  }
  writeBytes(dst, p.buf.slice(p.data + off, p.data + off + len));
  return 0n;
});

register('bpf_skb_load_bytes_relative', (env, args, call) => {
  const s = skbOf(env, call);
  const off = u32(args[1]);
  const dst = ptrArg(args[2], 'to', call);
  const len = u32(args[3]);
  const hdr = u32(args[4]);
  const p = env.packet;
  const fail = (): bigint => {
    writeBytes(dst, new Uint8Array(len));
    return err(EFAULT);
  };
  if (off > 0xffff || hdr > 1) return fail();
  const base = hdr === 0 ? s.macOff : s.netOff;
  const start = p.data + base + off;
  if (start < p.data + s.macOff || start + len > p.end) return fail();
  writeBytes(dst, p.buf.slice(start, start + len));
  return 0n;
});

register('bpf_skb_store_bytes', (env, args, call) => {
  const s = skbOf(env, call);
  const off = u32(args[1]);
  const len = u32(args[3]);
  const flags = u64(args[4]);
  if (flags & ~BigInt(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH)) return err(EINVAL);
  if (off > 0x7fffffff) return err(EFAULT);
  const p = env.packet;
  if (off + len > p.length) return err(ENOMEM);
  const data = readBytes(ptrArg(args[2], 'from', call), len);
  p.buf.set(data, p.data + off);
  if (flags & BigInt(BPF_F_INVALIDATE_HASH)) clearHash(s);
  return 0n;
});

function sumSlot(env: RunEnv, off: number): number | undefined {
  const p = env.packet;
  if (off > 0xffff || off & 1) return undefined;
  if (off + 2 > p.length) return undefined;
  return p.data + off;
}

function readSum(env: RunEnv, at: number): number {
  return env.packet.buf[at] | (env.packet.buf[at + 1] << 8);
}

function writeSum(env: RunEnv, at: number, v: number): void {
  env.packet.buf[at] = v & 0xff;
  env.packet.buf[at + 1] = (v >> 8) & 0xff;
}

register('bpf_l3_csum_replace', (env, args, call) => {
  skbOf(env, call);
  const flags = u64(args[4]);
  if (flags & ~BigInt(BPF_F_HDR_FIELD_MASK)) return err(EINVAL);
  const at = sumSlot(env, u32(args[1]));
  if (at === undefined) return err(EFAULT);
  const from = u64(args[2]);
  const to = u64(args[3]);
  const sum = readSum(env, at);
  switch (Number(flags) & BPF_F_HDR_FIELD_MASK) {
    case 0:
      if (from !== 0n) return err(EINVAL);
      writeSum(env, at, csumReplaceByDiff(sum, Number(to & 0xffffffffn)));
      break;
    case 2:
      writeSum(env, at, csumReplace2(sum, Number(from & 0xffffn), Number(to & 0xffffn)));
      break;
    case 4:
      writeSum(env, at, csumReplace4(sum, Number(from & 0xffffffffn), Number(to & 0xffffffffn)));
      break;
    default:
      return err(EINVAL);
  }
  return 0n;
});

register('bpf_l4_csum_replace', (env, args, call) => {
  skbOf(env, call);
  const flags = Number(u64(args[4]) & 0xffffffffn);
  if (u64(args[4]) > 0xffffffffn || flags & ~(BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK | BPF_F_IPV6)) return err(EINVAL);
  const at = sumSlot(env, u32(args[1]));
  if (at === undefined) return err(EFAULT);
  const from = u64(args[2]);
  const to = u64(args[3]);
  const mmzero = (flags & BPF_F_MARK_MANGLED_0) !== 0;
  const enforce = (flags & BPF_F_MARK_ENFORCE) !== 0;
  let sum = readSum(env, at);
  if (mmzero && !enforce && sum === 0) return 0n;
  switch (flags & BPF_F_HDR_FIELD_MASK) {
    case 0:
      if (from !== 0n) return err(EINVAL);
      sum = inetProtoReplaceByDiff(sum, Number(to & 0xffffffffn));
      break;
    case 2:
      sum = inetProtoReplace4(sum, Number(from & 0xffffn), Number(to & 0xffffn));
      break;
    case 4:
      sum = inetProtoReplace4(sum, Number(from & 0xffffffffn), Number(to & 0xffffffffn));
      break;
    default:
      return err(EINVAL);
  }
  if (mmzero && sum === 0) sum = CSUM_MANGLED_0;
  writeSum(env, at, sum);
  return 0n;
});

register('bpf_csum_diff', (_env, args) => {
  const fromSize = u32(args[1]);
  const toSize = u32(args[3]);
  const seed = Number(u64(args[4]) & 0xffffffffn);
  if ((fromSize | toSize) & 3 || fromSize + toSize > 512) return err(EINVAL);
  const buf = new Uint8Array(fromSize + toSize);
  if (fromSize) {
    const from = readBytes(args[0], fromSize);
    for (let i = 0; i < fromSize; i++) buf[i] = ~from[i] & 0xff;
  }
  if (toSize) buf.set(readBytes(args[2], toSize), fromSize);
  // this kernel (6.18, x86-64) folds the sum to 16 bits before returning it
  return BigInt(csumFrom32to16(csumPartial(buf, seed)));
});

register('bpf_csum_update', () => err(ENOTSUPP)); // test-run buffers are CHECKSUM_NONE
register('bpf_csum_level', (_env, args) => (u64(args[1]) === 0n ? err(EACCES) : u64(args[1]) <= 3n ? 0n : err(EINVAL)));

register('bpf_skb_pull_data', (env, args, call) => {
  skbOf(env, call);
  const len = u32(args[1]);
  if (len > env.packet.length) return err(ENOMEM);
  return 0n;
});

register('bpf_skb_change_type', (env, args, call) => {
  const s = skbOf(env, call);
  const t = u32(args[1]);
  if (s.pktType > 3 || t > 3) return err(EINVAL);
  s.pktType = t;
  return 0n;
});

export function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

/** A deterministic flow hash (the kernel's is keyed by a per-boot random secret). */
export function flowHash(env: RunEnv): number {
  const p = env.packet;
  const b = p.buf.subarray(p.data + Math.max(0, env.skb?.netOff ?? 14), p.end);
  let h = 0x811c9dc5;
  const take = Math.min(b.length, 40);
  for (let i = 0; i < take; i++) {
    h ^= b[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h === 0 ? 1 : h;
}

register('bpf_get_hash_recalc', (env, _args, call) => {
  const s = skbOf(env, call);
  if (!s.hashValid) {
    s.hash = flowHash(env);
    s.hashValid = true;
  }
  return BigInt(s.hash);
});

register('bpf_set_hash', (env, args, call) => {
  const s = skbOf(env, call);
  s.hash = u32(args[1]);
  s.hashValid = true;
  return 0n;
});

register('bpf_set_hash_invalid', (env, _args, call) => {
  clearHash(skbOf(env, call));
  return 0n;
});

register('bpf_get_cgroup_classid', () => 0n);
register('bpf_skb_cgroup_classid', () => 0n);
register('bpf_get_route_realm', () => 0n);

register('bpf_skb_ecn_set_ce', (env, _args, call) => {
  const s = skbOf(env, call);
  const p = env.packet;
  const at = p.data + s.netOff;
  if (s.protocol === ETH_P_IP) {
    if (at + 20 > p.end) return 0n;
    const tos = p.buf[at + 1];
    const ecn = (tos + 1) & 3;
    if (!(ecn & 2)) return ecn ? 0n : 1n;
    let check = p.buf[at + 10] | (p.buf[at + 11] << 8);
    check += swap16(0xfffb) + swap16(ecn);
    check = (check + (check >= 0xffff ? 1 : 0)) & 0xffff;
    p.buf[at + 10] = check & 0xff;
    p.buf[at + 11] = check >> 8;
    p.buf[at + 1] = tos | 3;
    return 1n;
  }
  if (s.protocol === ETH_P_IPV6) {
    if (at + 40 > p.end) return 0n;
    const w = (p.buf[at] << 8) | p.buf[at + 1];
    const ecn = (w >> 4) & 3;
    if (ecn === 0) return 0n;
    p.buf[at + 1] |= 0x30;
    return 1n;
  }
  return 0n;
});

