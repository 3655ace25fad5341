/** Types and the field-collecting context shared by the decoder files. */
import { toHex } from './bytes.ts';

export type ChecksumStatus = 'valid' | 'invalid' | 'unverifiable' | 'absent';

export interface DecodedField {
  /** Stable dotted name, kernel struct style: "eth.h_proto", "ip.ttl", "tcp.dest", "inner.ip.saddr". */
  name: string;
  /** Byte offset from the start of the frame and length in bytes of the bytes holding the field. */
  offset: number;
  length: number;
  /** For sub-byte fields, the mask inside those bytes (big-endian), e.g. 0x0f for ip.ihl. */
  mask?: number;
  value: number | string;
  /** Display text ("64", "0x0800 IPv4", "192.168.1.100"). */
  text: string;
  /** For checksum fields. */
  checksum?: ChecksumStatus;
  /** Repeats bytes another field shows more readably (tcp.syn next to tcp.flags, ip.frag_off next to ip.mf); diffs hide it when that field changed too. */
  detail?: boolean;
}

export interface DecodedLayer {
  /** eth, vlan, arp, ip, ip6, ip6.hbh, ip6.rt, ip6.frag, ip6.dstopt, tcp, udp, icmp, icmp6, payload. */
  name: string;
  offset: number;
  length: number;
}

export interface DecodedPacket {
  length: number;
  layers: DecodedLayer[];
  fields: DecodedField[];
  /** Human-readable problems: truncation, bad lengths, bad IHL. Empty for a well-formed packet. */
  problems: string[];
  malformed: boolean;
  checksums: { field: string; status: ChecksumStatus }[];
  /** One line: "eth / ip 192.168.1.100 > 93.184.216.34 / tcp 51234 > 80 [SYN]". */
  summary: string;
}

export class DecodeContext {
  readonly fields: DecodedField[] = [];
  readonly layers: DecodedLayer[] = [];
  readonly problems: string[] = [];
  readonly summary: string[] = [];
  private readonly used = new Map<string, number>();
  /** "" for the outer headers, "inner." inside an IP-in-IP tunnel. */
  prefix = '';

  constructor(readonly b: Uint8Array) {}

  /** A layer name made unique ("vlan", "vlan2"); fields of the layer use it as their prefix. */
  layer(base: string, offset: number, length: number): string {
    const key = this.prefix + base;
    const n = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, n);
    const name = n === 1 ? key : `${key}${n}`;
    this.layers.push({ name, offset, length: Math.max(0, Math.min(length, this.b.length - offset)) });
    return name;
  }

  has(offset: number, length: number): boolean {
    return offset + length <= this.b.length;
  }

  u8(off: number): number {
    return this.b[off]!;
  }

  u16(off: number): number {
    return (this.b[off]! << 8) | this.b[off + 1]!;
  }

  u32(off: number): number {
    return ((this.b[off]! << 24) | (this.b[off + 1]! << 16) | (this.b[off + 2]! << 8) | this.b[off + 3]!) >>> 0;
  }

  hex(off: number, len: number): string {
    return toHex(this.b.subarray(off, off + len));
  }

  add(field: DecodedField): DecodedField {
    this.fields.push(field);
    return field;
  }

  /** An unsigned big-endian number field; returns the value. */
  num(name: string, off: number, len: 1 | 2 | 4, style: 'dec' | 'hex' = 'dec', mask?: number, shift = 0, detail = false): number {
    let v = len === 1 ? this.u8(off) : len === 2 ? this.u16(off) : this.u32(off);
    if (mask !== undefined) v = ((v & mask) >>> shift) >>> 0;
    const text = style === 'hex' ? `0x${v.toString(16).padStart(len * 2, '0')}` : String(v);
    this.add({ name, offset: off, length: len, ...(mask !== undefined ? { mask } : {}), value: v, text, ...(detail ? { detail } : {}) });
    return v;
  }

  str(name: string, off: number, len: number, text: string): void {
    this.add({ name, offset: off, length: len, value: text, text });
  }

  /** Remaining bytes as a payload field (value is the full hex, text a short form). */
  payload(name: string, off: number, end: number): void {
    if (end <= off) return;
    const hex = this.hex(off, end - off);
    const text = end - off > 16 ? `${end - off} bytes ${hex.slice(0, 32)}…` : `${end - off} bytes ${hex}`;
    this.add({ name, offset: off, length: end - off, value: hex, text });
  }

  problem(text: string): void {
    this.problems.push(text);
  }
}

export const ETHERTYPE_NAMES: Record<number, string> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q',
  0x88a8: '802.1ad',
  0x88cc: 'LLDP',
  0x8847: 'MPLS',
};

export const IPPROTO_NAMES: Record<number, string> = {
  0: 'HOPOPTS',
  1: 'ICMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPV6',
  43: 'ROUTING',
  44: 'FRAGMENT',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPV6',
  59: 'NONE',
  60: 'DSTOPTS',
};
