/**
 * The packet and context a run starts with, as BPF_PROG_TEST_RUN builds them
 * (net/bpf/test_run.c): XDP gets 256 bytes of headroom in a 4096-byte frame;
 * socket buffers get 64 bytes (NET_SKB_PAD) and eth_type_trans on the
 * loopback device (protocol from the Ethernet header, pkt_type from the
 * destination address); TC programs see the Ethernet header, socket filters
 * and cgroup/lwt programs start at the network header.
 */
import { Fault } from './evaluator/fault.ts';
import type { RunnableType, SkbState } from './helpers/env.ts';
import { skbCtxRegion, xdpCtxRegion } from './memory/ctx.ts';
import { Packet } from './memory/packet.ts';
import type { Region } from './memory/region.ts';

export const XDP_PACKET_HEADROOM = 256;
export const XDP_FRAME_SIZE = 4096;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64. */
export const SKB_SHARED_INFO = 320;
/** sizeof(struct xdp_frame): the part of the headroom adjust_head cannot reach. */
export const XDP_FRAME_HDR = 40;
export const XDP_MAX_DATA = XDP_FRAME_SIZE - XDP_PACKET_HEADROOM - SKB_SHARED_INFO;
/** NET_SKB_PAD + NET_IP_ALIGN on x86-64. */
export const SKB_HEADROOM = 64;
const ETH_HLEN = 14;
const LOOPBACK_IFINDEX = 1;
let frame: Uint8Array | undefined;

/** Context fields a run may set (the ones BPF_PROG_TEST_RUN accepts in ctx_in). */
export interface CtxInput {
  /** __sk_buff */
  mark?: number;
  priority?: number;
  ingress_ifindex?: number;
  ifindex?: number;
  cb?: number[];
  tstamp?: number | bigint;
  wire_len?: number;
  gso_segs?: number;
  gso_size?: number;
  hwtstamp?: number | bigint;
  /** xdp_md */
  rx_queue_index?: number;
}

export interface Start {
  packet: Packet;
  skb: SkbState | null;
  ctx: Region;
}

function pktType(data: Uint8Array): number {
  const d = data.subarray(0, 6);
  const zero = d.every((b) => b === 0);
  if (zero) return 0; // PACKET_HOST: the loopback device's address is all zeros
  if (d[0] & 1) return 2; // multicast (the loopback device has no broadcast address)
  return 3; // PACKET_OTHERHOST
}

function ethProtocol(data: Uint8Array): number {
  const proto = (data[12] << 8) | data[13];
  if (proto >= 0x0600) return proto;
  // 802.3 frames: raw IPX or 802.2 LLC
  if (data[14] === 0xff && data[15] === 0xff) return 0x0001;
  return 0x0004;
}

export function startRun(type: RunnableType, bytes: Uint8Array, ctx: CtxInput = {}): Start {
  if (bytes.length < ETH_HLEN) throw new Fault(`packet too short: ${bytes.length} bytes (BPF_PROG_TEST_RUN needs at least an Ethernet header, 14 bytes)`, 'program');
  if (type === 'xdp') {
    if (bytes.length > XDP_MAX_DATA) throw new Fault(`packet too long for an XDP test run: ${bytes.length} bytes (at most ${XDP_MAX_DATA} fit in one frame)`, 'program');
    // one frame buffer is reused run after run (runs are synchronous; outputs are copies)
    frame ??= new Uint8Array(XDP_FRAME_SIZE - SKB_SHARED_INFO);
    const packet = new Packet(bytes, { headroom: XDP_PACKET_HEADROOM, hardStart: XDP_FRAME_HDR, hardEnd: XDP_FRAME_SIZE - SKB_SHARED_INFO }, frame);
    const region = xdpCtxRegion(packet, { ingressIfindex: LOOPBACK_IFINDEX, rxQueueIndex: ctx.rx_queue_index ?? 0, egressIfindex: 0 });
    return { packet, skb: null, ctx: region };
  }
  const l2 = type === 'sched_cls' || type === 'sched_act';
  const proto = ethProtocol(bytes);
  if ((proto === 0x0800 && bytes.length - ETH_HLEN < 20) || (proto === 0x86dd && bytes.length - ETH_HLEN < 40)) {
    throw new Fault(
      `BPF_PROG_TEST_RUN refuses this packet (EINVAL): its Ethernet type is ${proto === 0x0800 ? 'IPv4' : 'IPv6'} but fewer than ${proto === 0x0800 ? 20 : 40} bytes follow the Ethernet header`,
      'test-run',
    );
  }
  const packet = new Packet(bytes, { headroom: SKB_HEADROOM });
  if (!l2) {
    packet.data += ETH_HLEN; // eth_type_trans pulled the Ethernet header
    packet.meta = packet.data;
    packet.sync();
  }
  const skb: SkbState = {
    protocol: proto,
    pktType: pktType(bytes),
    mark: ctx.mark ?? 0,
    priority: ctx.priority ?? 0,
    queueMapping: 0,
    tcIndex: 0,
    tcClassid: 0,
    hash: 0,
    hashValid: false,
    vlanPresent: false,
    vlanTci: 0,
    vlanProto: 0,
    ingressIfindex: ctx.ingress_ifindex ?? 0,
    ifindex: ctx.ifindex && ctx.ifindex > 1 ? ctx.ifindex : LOOPBACK_IFINDEX,
    cb: new Uint32Array(5),
    tstamp: BigInt(ctx.tstamp ?? 0),
    // test runs with a ctx_in (as bpftool and the goldens give) set wire_len to skb->len
    wireLen: ctx.wire_len ?? (l2 ? bytes.length : bytes.length - ETH_HLEN),
    gsoSegs: ctx.gso_segs ?? 0,
    gsoSize: ctx.gso_size ?? 0,
    hwtstamp: BigInt(ctx.hwtstamp ?? 0),
    macOff: l2 ? 0 : -ETH_HLEN,
    netOff: l2 ? ETH_HLEN : 0,
    l2,
    napiId: 0,
  };
  (ctx.cb ?? []).slice(0, 5).forEach((v, i) => (skb.cb[i] = v >>> 0));
  return { packet, skb, ctx: skbCtxRegion(packet, skb, type) };
}

/** The bytes BPF_PROG_TEST_RUN hands back. */
export function outputPacket(type: RunnableType, start: Start): Uint8Array {
  const p = start.packet;
  if (type === 'xdp') return p.bytesWithMeta();
  if (start.skb?.l2) return p.bytes();
  // not L2: test_run pushes back a zeroed Ethernet header
  const data = p.bytes();
  const out = new Uint8Array(data.length + ETH_HLEN);
  out.set(data, ETH_HLEN);
  return out;
}
