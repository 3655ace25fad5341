/**
 * Header builders. Each returns fresh bytes with every length and checksum
 * filled in, unless the caller asks for a deliberately wrong value.
 */
import { be16, be32, concat, writeBe16 } from './bytes.ts';
import { internetChecksum, ipv4PseudoSum, ipv6PseudoSum } from './checksum.ts';

export const ETH_P_IP = 0x0800;
export const ETH_P_ARP = 0x0806;
export const ETH_P_8021Q = 0x8100;
export const ETH_P_8021AD = 0x88a8;
export const ETH_P_IPV6 = 0x86dd;

export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;

export interface VlanTag {
  tpid: number;
  vid: number;
  pcp?: number;
  dei?: boolean;
}

export interface EthOptions {
  dst: Uint8Array;
  src: Uint8Array;
  type: number;
  tags?: readonly VlanTag[];
  payload: Uint8Array;
  /** Pad with zeros to the 60-byte Ethernet minimum (without FCS). */
  pad?: boolean;
}

export function ethernet(o: EthOptions): Uint8Array {
  const tags = (o.tags ?? []).map((t) =>
    concat(be16(t.tpid), be16(((t.pcp ?? 0) << 13) | (t.dei ? 0x1000 : 0) | (t.vid & 0xfff))),
  );
  const frame = concat(o.dst, o.src, ...tags, be16(o.type), o.payload);
  if (!o.pad || frame.length >= 60) return frame;
  return concat(frame, new Uint8Array(60 - frame.length));
}

/** A layer-4 header + payload whose checksum is filled in by the IP builder. */
export interface L4 {
  proto: number;
  bytes: Uint8Array;
  /** Offset of the checksum field inside bytes. */
  csumOffset: number;
  /** ICMP (v4) has no pseudo-header. */
  pseudo: boolean;
  /** UDP sends a computed 0 as 0xffff. */
  zeroIsFfff: boolean;
}

export interface TcpOptions {
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  /** FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80. */
  flags: number;
  window: number;
  options?: Uint8Array;
  payload?: Uint8Array;
  urgent?: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export function tcp(o: TcpOptions): L4 {
  const opts = o.options ?? new Uint8Array(0);
  if (opts.length % 4 !== 0) throw new Error('TCP options must be a multiple of 4 bytes');
  const doff = 5 + opts.length / 4;
  const hdr = concat(
    be16(o.sport),
    be16(o.dport),
    be32(o.seq),
    be32(o.ack ?? 0),
    Uint8Array.of(doff << 4, o.flags & 0xff),
    be16(o.window),
    be16(0),
    be16(o.urgent ?? 0),
    opts,
  );
  return { proto: IPPROTO_TCP, bytes: concat(hdr, o.payload ?? new Uint8Array(0)), csumOffset: 16, pseudo: true, zeroIsFfff: false };
}

/** Typical SYN options: MSS, SACK permitted, timestamps, NOP, window scale (20 bytes). */
export function synOptions(mss: number, tsval: number, wscale: number): Uint8Array {
  return concat(Uint8Array.of(2, 4), be16(mss), Uint8Array.of(4, 2, 8, 10), be32(tsval), be32(0), Uint8Array.of(1, 3, 3, wscale));
}

/** NOP, NOP, timestamps (12 bytes), as on an established connection. */
export function timestampOptions(tsval: number, tsecr: number): Uint8Array {
  return concat(Uint8Array.of(1, 1, 8, 10), be32(tsval), be32(tsecr));
}

export function udp(sport: number, dport: number, payload: Uint8Array): L4 {
  const bytes = concat(be16(sport), be16(dport), be16(8 + payload.length), be16(0), payload);
  return { proto: IPPROTO_UDP, bytes, csumOffset: 6, pseudo: true, zeroIsFfff: true };
}

/** ICMP echo request (type 8) or reply (type 0). */
export function icmpEcho(type: number, id: number, seq: number, payload: Uint8Array): L4 {
  const bytes = concat(Uint8Array.of(type, 0), be16(0), be16(id), be16(seq), payload);
  return { proto: IPPROTO_ICMP, bytes, csumOffset: 2, pseudo: false, zeroIsFfff: false };
}

/** ICMPv6 echo request (128) or reply (129). */
export function icmpv6Echo(type: number, id: number, seq: number, payload: Uint8Array): L4 {
  const bytes = concat(Uint8Array.of(type, 0), be16(0), be16(id), be16(seq), payload);
  return { proto: IPPROTO_ICMPV6, bytes, csumOffset: 2, pseudo: true, zeroIsFfff: false };
}

function fillChecksum(l4: L4, pseudoSum: number): Uint8Array {
  const b = l4.bytes.slice();
  writeBe16(b, l4.csumOffset, 0);
  let c = internetChecksum(b, 0, b.length, l4.pseudo ? pseudoSum : 0);
  if (c === 0 && l4.zeroIsFfff) c = 0xffff;
  writeBe16(b, l4.csumOffset, c);
  return b;
}

export interface Ipv4Options {
  src: Uint8Array;
  dst: Uint8Array;
  ttl?: number;
  tos?: number;
  id: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Fragment offset in 8-byte units. */
  fragOffset?: number;
  /** Raw IPv4 options; padded with EOL to a multiple of 4. */
  options?: Uint8Array;
  /** Deliberately wrong values for malformed packets (the checksum still covers them). */
  ihlOverride?: number;
  totLenOverride?: number;
}

export function ipv4Header(o: Ipv4Options, proto: number, payloadLength: number): Uint8Array {
  let opts = o.options ?? new Uint8Array(0);
  if (opts.length % 4 !== 0) opts = concat(opts, new Uint8Array(4 - (opts.length % 4)));
  const ihl = 5 + opts.length / 4;
  const totLen = o.totLenOverride ?? ihl * 4 + payloadLength;
  const frag = (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | ((o.fragOffset ?? 0) & 0x1fff);
  const h = concat(
    Uint8Array.of(0x40 | (o.ihlOverride ?? ihl), o.tos ?? 0),
    be16(totLen),
    be16(o.id),
    be16(frag),
    Uint8Array.of(o.ttl ?? 64, proto),
    be16(0),
    o.src,
    o.dst,
    opts,
  );
  writeBe16(h, 10, internetChecksum(h));
  return h;
}

/** A complete IPv4 packet carrying l4, with the layer-4 checksum filled in. */
export function ipv4Packet(o: Ipv4Options, l4: L4): Uint8Array {
  const body = fillChecksum(l4, ipv4PseudoSum(o.src, o.dst, l4.proto, l4.bytes.length));
  return concat(ipv4Header(o, l4.proto, body.length), body);
}

/** Splits an IPv4 datagram carrying l4 into fragments of at most `chunk` payload bytes (a multiple of 8). */
export function ipv4Fragments(o: Ipv4Options, l4: L4, chunk: number): Uint8Array[] {
  if (chunk % 8 !== 0) throw new Error('fragment size must be a multiple of 8');
  const body = fillChecksum(l4, ipv4PseudoSum(o.src, o.dst, l4.proto, l4.bytes.length));
  const out: Uint8Array[] = [];
  for (let off = 0; off < body.length; off += chunk) {
    const part = body.subarray(off, Math.min(body.length, off + chunk));
    const more = off + chunk < body.length;
    out.push(concat(ipv4Header({ ...o, moreFragments: more, fragOffset: off / 8 }, l4.proto, part.length), part));
  }
  return out;
}

/** An IPv6 extension header in the generic (next header, length in 8-octet units) layout. */
export interface ExtHeader {
  type: number;
  /** Body after the two (next header, length) bytes; padded with PadN/zeros to a multiple of 8 overall. */
  body: Uint8Array;
}

function extBytes(e: ExtHeader, next: number): Uint8Array {
  if (e.type === IPPROTO_FRAGMENT) {
    if (e.body.length !== 6) throw new Error('fragment header body must be 6 bytes');
    return concat(Uint8Array.of(next, 0), e.body);
  }
  let body = e.body;
  const rem = (2 + body.length) % 8;
  if (rem !== 0) {
    const padLen = 8 - rem;
    // Pad1 for a single byte, PadN otherwise (options headers); zeros are PadN/Pad1-compatible only for Pad1.
    const pad = padLen === 1 ? Uint8Array.of(0) : concat(Uint8Array.of(1, padLen - 2), new Uint8Array(padLen - 2));
    body = concat(body, pad);
  }
  return concat(Uint8Array.of(next, (2 + body.length) / 8 - 1), body);
}

export interface Ipv6Options {
  src: Uint8Array;
  dst: Uint8Array;
  hopLimit?: number;
  trafficClass?: number;
  flowLabel?: number;
  ext?: readonly ExtHeader[];
}

export function ipv6Packet(o: Ipv6Options, l4: L4): Uint8Array {
  const ext = o.ext ?? [];
  const body = fillChecksum(l4, ipv6PseudoSum(o.src, o.dst, l4.proto, l4.bytes.length));
  const exts: Uint8Array[] = [];
  for (let i = 0; i < ext.length; i++) exts.push(extBytes(ext[i]!, i + 1 < ext.length ? ext[i + 1]!.type : l4.proto));
  const payload = concat(...exts, body);
  const first = ext.length > 0 ? ext[0]!.type : l4.proto;
  const tc = o.trafficClass ?? 0;
  const fl = o.flowLabel ?? 0;
  const word0 = ((6 << 28) | (tc << 20) | (fl & 0xfffff)) >>> 0;
  return concat(be32(word0), be16(payload.length), Uint8Array.of(first, o.hopLimit ?? 64), o.src, o.dst, payload);
}

/** ARP for IPv4 over Ethernet. */
export function arp(op: number, sha: Uint8Array, spa: Uint8Array, tha: Uint8Array, tpa: Uint8Array): Uint8Array {
  return concat(be16(1), be16(ETH_P_IP), Uint8Array.of(6, 4), be16(op), sha, spa, tha, tpa);
}
