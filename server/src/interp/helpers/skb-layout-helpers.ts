/**
 * Socket-buffer helpers that move bytes around: bpf_skb_change_proto,
 * change_head / change_tail, adjust_room and the VLAN push/pop pair, with
 * net/core/filter.c's checks, for the linear test-run buffer.
 */
import { EFAULT, EINVAL, ENOMEM, ENOTSUPP } from '../maps/index.ts';
import type { RunEnv, SkbState } from './env.ts';
import { err, i32, register, u32, u64 } from './registry.ts';
import { BPF_SKB_MAX_LEN, skbOf, swap16 } from './skb-helpers.ts';

const ETH_P_IP = 0x0800;
const ETH_P_IPV6 = 0x86dd;
const ETH_P_8021Q = 0x8100;
const ETH_P_8021AD = 0x88a8;

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
