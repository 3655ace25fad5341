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
import { err, i32, ptrArg, register, u32, u64, type HelperCall } from './registry.ts';

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
const ETH_P_8021Q = 0x8100;
const ETH_P_8021AD = 0x88a8;

function skbOf(env: RunEnv, call: HelperCall): SkbState {
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

function netBaseLen(s: SkbState): number {
  return s.protocol === ETH_P_IP ? 20 : s.protocol === ETH_P_IPV6 ? 40 : 0;
}

register('bpf_skb_change_proto', (env, args, call) => {
  const s = skbOf(env, call);
  const proto = swap16(u32(args[1]) & 0xffff);
  if (u64(args[2]) !== 0n) return err(EINVAL);
  const off = s.netOff; // skb_mac_header_len for TC (14), network header for others
  if (s.protocol === ETH_P_IP && proto === ETH_P_IPV6) {
    env.packet.insertAt(off, 20);
    s.protocol = ETH_P_IPV6;
  } else if (s.protocol === ETH_P_IPV6 && proto === ETH_P_IP) {
    if (env.packet.length < off + 40) return err(EINVAL);
    env.packet.removeAt(off, 20);
    s.protocol = ETH_P_IP;
  } else return err(ENOTSUPP);
  return 0n;
});

register('bpf_skb_change_head', (env, args, call) => {
  const s = skbOf(env, call);
  const room = u32(args[1]);
  const newLen = env.packet.length + room;
  if (u64(args[2]) !== 0n || newLen > BPF_SKB_MAX_LEN || newLen < env.packet.length) return err(EINVAL);
  env.packet.insertAt(0, room);
  s.netOff += room;
  s.macOff = 0;
  return 0n;
});

register('bpf_skb_change_tail', (env, args, call) => {
  const s = skbOf(env, call);
  const newLen = u32(args[1]);
  const minLen = Math.max(0, s.netOff);
  if (u64(args[2]) !== 0n || newLen > BPF_SKB_MAX_LEN || newLen < minLen) return err(EINVAL);
  env.packet.resizeTail(newLen - env.packet.length);
  return 0n;
});

const BPF_ADJ_ROOM_NET = 0;
const BPF_ADJ_ROOM_MAC = 1;
const ADJ_ROOM_ENCAP_L3_MASK = 2 | 4;
const ADJ_ROOM_FIXED_GSO = 1;
const ADJ_ROOM_ENCAP_L4_GRE = 8;
const ADJ_ROOM_ENCAP_L4_UDP = 16;
const ADJ_ROOM_NO_CSUM_RESET = 32;
const ADJ_ROOM_ENCAP_L2_ETH = 64;
const ADJ_ROOM_DECAP_L3_IPV4 = 128;
const ADJ_ROOM_DECAP_L3_IPV6 = 256;
const ADJ_ROOM_MASK = ADJ_ROOM_FIXED_GSO | ADJ_ROOM_ENCAP_L3_MASK | ADJ_ROOM_ENCAP_L4_GRE | ADJ_ROOM_ENCAP_L4_UDP | ADJ_ROOM_ENCAP_L2_ETH | ADJ_ROOM_DECAP_L3_IPV4 | ADJ_ROOM_DECAP_L3_IPV6;

register('bpf_skb_adjust_room', (env, args, call) => {
  const s = skbOf(env, call);
  const lenDiff = i32(args[1]);
  const mode = u32(args[2]);
  const flags = u64(args[3]);
  const lowFlags = Number(flags & 0xffffffffn);
  const l2Len = Number((flags >> 56n) & 0xffn);
  if ((flags & ~(BigInt(ADJ_ROOM_MASK | ADJ_ROOM_NO_CSUM_RESET) | (0xffn << 56n))) !== 0n) return err(EINVAL);
  const abs = Math.abs(lenDiff);
  if (abs > 0xfff) return err(EFAULT);
  if (s.protocol !== ETH_P_IP && s.protocol !== ETH_P_IPV6) return err(ENOTSUPP);
  const shrink = lenDiff < 0;
  let off = s.netOff;
  if (mode === BPF_ADJ_ROOM_NET) off += netBaseLen(s);
  else if (mode !== BPF_ADJ_ROOM_MAC) return err(ENOTSUPP);
  let lenMin = netBaseLen(s);
  if (lowFlags & (ADJ_ROOM_DECAP_L3_IPV4 | ADJ_ROOM_DECAP_L3_IPV6)) {
    if (!shrink) return err(EINVAL);
    const both = ADJ_ROOM_DECAP_L3_IPV4 | ADJ_ROOM_DECAP_L3_IPV6;
    if ((lowFlags & both) === both) return err(EINVAL);
    lenMin = lowFlags & ADJ_ROOM_DECAP_L3_IPV4 ? 20 : 40;
  }
  const lenCur = env.packet.length - s.netOff;
  if ((shrink && (abs >= lenCur || lenCur - abs < lenMin)) || (!shrink && env.packet.length + abs > BPF_SKB_MAX_LEN)) return err(ENOTSUPP);
  if (!shrink) {
    const encapL3 = lowFlags & ADJ_ROOM_ENCAP_L3_MASK;
    if (encapL3 === ADJ_ROOM_ENCAP_L3_MASK) return err(EINVAL);
    if ((lowFlags & ADJ_ROOM_ENCAP_L4_GRE) && (lowFlags & ADJ_ROOM_ENCAP_L4_UDP)) return err(EINVAL);
    if ((lowFlags & ADJ_ROOM_ENCAP_L2_ETH) && l2Len !== 14) return err(EINVAL);
    if ((lowFlags & (ADJ_ROOM_ENCAP_L4_GRE | ADJ_ROOM_ENCAP_L4_UDP | ADJ_ROOM_ENCAP_L2_ETH)) && !encapL3) return err(EINVAL);
    if (l2Len && !encapL3) return err(EINVAL);
    env.packet.insertAt(off, abs);
  } else {
    if (lowFlags & ~(ADJ_ROOM_FIXED_GSO | ADJ_ROOM_NO_CSUM_RESET | ADJ_ROOM_DECAP_L3_IPV4 | ADJ_ROOM_DECAP_L3_IPV6)) return err(EINVAL);
    env.packet.removeAt(off, abs);
    if (lowFlags & ADJ_ROOM_DECAP_L3_IPV4) s.protocol = ETH_P_IP;
    if (lowFlags & ADJ_ROOM_DECAP_L3_IPV6) s.protocol = ETH_P_IPV6;
  }
  return 0n;
});

function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

register('bpf_skb_vlan_push', (env, args, call) => {
  const s = skbOf(env, call);
  let proto = swap16(u32(args[1]) & 0xffff);
  const tci = u32(args[2]) & 0xffff;
  if (proto !== ETH_P_8021Q && proto !== ETH_P_8021AD) proto = ETH_P_8021Q;
  if (s.vlanPresent) {
    // the accelerated tag goes into the data first (__vlan_insert_tag after the MAC addresses)
    const p = env.packet;
    p.insertAt(12, 4);
    const at = p.data + 12;
    p.buf[at] = s.vlanProto >> 8;
    p.buf[at + 1] = s.vlanProto & 0xff;
    p.buf[at + 2] = s.vlanTci >> 8;
    p.buf[at + 3] = s.vlanTci & 0xff;
    s.protocol = s.vlanProto;
    s.netOff += 4;
  }
  s.vlanPresent = true;
  s.vlanProto = proto;
  s.vlanTci = tci;
  return 0n;
});

function isVlan(proto: number): boolean {
  return proto === ETH_P_8021Q || proto === ETH_P_8021AD;
}

/** __skb_vlan_pop: removes the in-band tag after the MAC addresses; returns the TCI. */
function popInband(env: RunEnv, s: SkbState): number | bigint {
  const p = env.packet;
  if (s.macOff !== 0) return err(EINVAL);
  if (p.length < 18) return err(ENOMEM);
  const tci = (p.buf[p.data + 14] << 8) | p.buf[p.data + 15];
  const inner = (p.buf[p.data + 16] << 8) | p.buf[p.data + 17];
  p.removeAt(12, 4);
  if (inner >= 0x600) s.protocol = inner;
  if (s.netOff - 4 < 14) s.netOff = 14;
  else s.netOff -= 4;
  return tci;
}

register('bpf_skb_vlan_pop', (env, _args, call) => {
  const s = skbOf(env, call);
  if (s.vlanPresent) {
    s.vlanPresent = false;
    s.vlanTci = 0;
    s.vlanProto = 0;
  } else {
    if (!isVlan(s.protocol)) return 0n;
    const r = popInband(env, s);
    if (typeof r === 'bigint') return r;
  }
  if (!isVlan(s.protocol)) return 0n;
  const proto = s.protocol;
  const tci = popInband(env, s);
  if (typeof tci === 'bigint') return tci;
  s.vlanPresent = true;
  s.vlanProto = proto;
  s.vlanTci = tci;
  return 0n;
});

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

