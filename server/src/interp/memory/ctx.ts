/**
 * The context a program receives, as the verifier rewrites its accesses:
 * `struct xdp_md` and `struct __sk_buff`. Reading `data`/`data_end`/
 * `data_meta` yields packet pointers; other fields come from the run's state;
 * writes are allowed only where the kernel allows them for the program type.
 */
import type { SkbState, RunnableType } from '../helpers/env.ts';
import { Fault } from '../evaluator/fault.ts';
import type { Packet } from './packet.ts';
import { Ptr, Region, type SpecialMemory, type Value } from './region.ts';

function ctxFault(what: string): Fault {
  return new Fault(`invalid access to the context: ${what}`, 'invalid-pointer');
}

/** Extracts `size` bytes at `byte` of a 32-bit field (narrow loads). */
function narrow(v: number, byte: number, size: number, signed: boolean): number {
  const x = v >>> (byte * 8);
  if (size === 4) return signed ? x | 0 : x >>> 0;
  if (size === 2) return signed ? (x << 16) >> 16 : x & 0xffff;
  return signed ? (x << 24) >> 24 : x & 0xff;
}

export interface XdpCtxState {
  ingressIfindex: number;
  rxQueueIndex: number;
  egressIfindex: number;
}

export class XdpCtx implements SpecialMemory {
  constructor(
    private readonly pkt: Packet,
    private readonly st: XdpCtxState,
  ) {}

  load(off: number, size: number, signed: boolean): Value {
    const field = off & ~3;
    const byte = off & 3;
    const p = this.pkt;
    if (field <= 8) {
      if (size !== 4 || byte) throw ctxFault(`${['data', 'data_end', 'data_meta'][field / 4]} must be read as a whole 32-bit field`);
      if (field === 0) return new Ptr(p.region, p.data, p.region.gen);
      if (field === 4) return new Ptr(p.region, p.end, p.region.gen);
      return new Ptr(p.metaRegion, p.meta, p.metaRegion.gen);
    }
    if (byte + size > 4) throw ctxFault(`unaligned read at offset ${off} of struct xdp_md`);
    switch (field) {
      case 12:
        return narrow(this.st.ingressIfindex, byte, size, signed);
      case 16:
        return narrow(this.st.rxQueueIndex, byte, size, signed);
      case 20:
        return narrow(this.st.egressIfindex, byte, size, signed);
    }
    throw ctxFault(`offset ${off} is past the end of struct xdp_md`);
  }

  store(off: number): void {
    throw ctxFault(`struct xdp_md is read-only (write at offset ${off})`);
  }
}

export function xdpCtxRegion(pkt: Packet, st: XdpCtxState): Region {
  const r = new Region('ctx', 'struct xdp_md', 24);
  r.special = new XdpCtx(pkt, st);
  return r;
}

/** struct __sk_buff field offsets (linux/bpf.h). */
const SKB = {
  len: 0,
  pkt_type: 4,
  mark: 8,
  queue_mapping: 12,
  protocol: 16,
  vlan_present: 20,
  vlan_tci: 24,
  vlan_proto: 28,
  priority: 32,
  ingress_ifindex: 36,
  ifindex: 40,
  tc_index: 44,
  cb: 48,
  hash: 68,
  tc_classid: 72,
  data: 76,
  data_end: 80,
  napi_id: 84,
  family: 88,
  local_port: 136,
  data_meta: 140,
  flow_keys: 144,
  tstamp: 152,
  wire_len: 160,
  gso_segs: 164,
  sk: 168,
  gso_size: 176,
  tstamp_type: 180,
  hwtstamp: 184,
} as const;

const NAMES = new Map<number, string>(Object.entries(SKB).map(([k, v]) => [v, k]));

function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

export class SkbCtx implements SpecialMemory {
  constructor(
    private readonly pkt: Packet,
    private readonly skb: SkbState,
    private readonly type: RunnableType,
  ) {}

  private get direct(): boolean {
    return this.type === 'sched_cls' || this.type === 'sched_act' || this.type.startsWith('lwt_');
  }

  private get tc(): boolean {
    return this.type === 'sched_cls' || this.type === 'sched_act';
  }

  load(off: number, size: number, signed: boolean): Value {
    const s = this.skb;
    const p = this.pkt;
    if (off >= SKB.tstamp && off < SKB.tstamp + 8) return this.load64(off, size, s.tstamp, 'tstamp');
    if (off >= SKB.hwtstamp && off < SKB.hwtstamp + 8) return this.load64(off, size, s.hwtstamp, 'hwtstamp');
    if (off >= SKB.flow_keys && off < SKB.flow_keys + 8) throw ctxFault('flow_keys is only available to flow dissector programs');
    if (off >= SKB.sk && off < SKB.sk + 8) throw ctxFault('skb->sk is not modelled by the interpreter');
    const field = off & ~3;
    const byte = off & 3;
    if (field === SKB.data || field === SKB.data_end || field === SKB.data_meta) {
      const name = NAMES.get(field)!;
      if (!this.direct) throw ctxFault(`${name} is not accessible to ${this.type} programs (use bpf_skb_load_bytes)`);
      if (size !== 4 || byte) throw ctxFault(`${name} must be read as a whole 32-bit field`);
      if (field === SKB.data) return new Ptr(p.region, p.data, p.region.gen);
      if (field === SKB.data_end) return new Ptr(p.region, p.end, p.region.gen);
      return new Ptr(p.metaRegion, p.meta, p.metaRegion.gen);
    }
    if (byte + size > 4) throw ctxFault(`unaligned read at offset ${off} of struct __sk_buff`);
    let v: number;
    if (field >= SKB.cb && field < SKB.cb + 20) v = s.cb[(field - SKB.cb) / 4];
    else if (field >= SKB.family && field <= SKB.local_port) throw ctxFault(`socket fields (family, remote_ip4, ...) are not accessible to ${this.type} programs`);
    else {
      switch (field) {
        case SKB.len:
          v = p.length;
          break;
        case SKB.pkt_type:
          v = s.pktType;
          break;
        case SKB.mark:
          v = s.mark;
          break;
        case SKB.queue_mapping:
          v = s.queueMapping;
          break;
        case SKB.protocol:
          v = swap16(s.protocol);
          break;
        case SKB.vlan_present:
          v = s.vlanPresent ? 1 : 0;
          break;
        case SKB.vlan_tci:
          v = s.vlanTci;
          break;
        case SKB.vlan_proto:
          v = swap16(s.vlanProto);
          break;
        case SKB.priority:
          v = s.priority;
          break;
        case SKB.ingress_ifindex:
          v = s.ingressIfindex;
          break;
        case SKB.ifindex:
          v = s.ifindex;
          break;
        case SKB.tc_index:
          v = s.tcIndex;
          break;
        case SKB.hash:
          v = s.hash;
          break;
        case SKB.tc_classid:
          if (!this.tc) throw ctxFault(`tc_classid is only accessible to TC programs`);
          v = s.tcClassid;
          break;
        case SKB.napi_id:
          v = s.napiId;
          break;
        case SKB.wire_len:
          if (!this.tc) throw ctxFault('wire_len is only accessible to TC programs');
          v = s.wireLen;
          break;
        case SKB.gso_segs:
          v = s.gsoSegs;
          break;
        case SKB.gso_size:
          v = s.gsoSize;
          break;
        case SKB.tstamp_type & ~3:
          v = 0;
          break;
        default:
          throw ctxFault(`offset ${off} of struct __sk_buff`);
      }
    }
    return narrow(v, byte, size, signed);
  }

  private load64(off: number, size: number, v: bigint, name: string): Value {
    if (size !== 8 || off % 8) throw ctxFault(`${name} must be read as a whole 64-bit field`);
    return v;
  }

  store(off: number, size: number, val: Value): void {
    const s = this.skb;
    if (val instanceof Ptr) throw ctxFault('cannot store a pointer into the context');
    if (off === SKB.tstamp) {
      if (!this.tc || size !== 8) throw ctxFault('tstamp is writable only by TC programs, as a 64-bit field');
      s.tstamp = BigInt.asUintN(64, BigInt(val));
      return;
    }
    const field = off & ~3;
    if (size !== 4 || off & 3) throw ctxFault(`writes to struct __sk_buff must be whole 32-bit fields (offset ${off})`);
    const v = Number(BigInt.asUintN(32, BigInt(val)));
    if (field >= SKB.cb && field < SKB.cb + 20) {
      s.cb[(field - SKB.cb) / 4] = v;
      return;
    }
    const name = NAMES.get(field) ?? `offset ${off}`;
    if (!this.tc && this.type !== 'cgroup_skb') throw ctxFault(`${name} is read-only for ${this.type} programs (only cb[] is writable)`);
    switch (field) {
      case SKB.mark:
        s.mark = v;
        return;
      case SKB.priority:
        s.priority = v;
        return;
      case SKB.tc_index:
        if (!this.tc) break;
        s.tcIndex = v & 0xffff;
        return;
      case SKB.tc_classid:
        if (!this.tc) break;
        s.tcClassid = v;
        return;
      case SKB.queue_mapping:
        if (!this.tc) break;
        if (v < 0xffff) s.queueMapping = v & 0xffff;
        return;
    }
    throw ctxFault(`${name} is read-only`);
  }
}

export function skbCtxRegion(pkt: Packet, skb: SkbState, type: RunnableType): Region {
  const r = new Region('ctx', 'struct __sk_buff', 192);
  r.special = new SkbCtx(pkt, skb, type);
  return r;
}
