/**
 * pcapng files: SHB, IDB, EPB, SPB (and the obsolete packet block); every
 * packet in file order; other blocks are skipped. Sections may switch byte order.
 */
import type { PacketRecord, ReadResult } from './read-types.ts';
import { LINKTYPE_ETHERNET, copyBytes, fail } from './read-types.ts';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;

interface Iface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per second. */
  unitsPerSec: bigint;
  offsetSec: bigint;
}

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a;
}

function ifaceFromIdb(dv: DataView, body: number, end: number, le: boolean): Iface {
  const iface: Iface = { linkType: dv.getUint16(body, le), snapLen: dv.getUint32(body + 4, le), unitsPerSec: 1_000_000n, offsetSec: 0n };
  let o = body + 8;
  while (o + 4 <= end) {
    const code = dv.getUint16(o, le);
    const len = dv.getUint16(o + 2, le);
    if (code === 0 || o + 4 + len > end) break;
    if (code === 9 && len >= 1) {
      const v = dv.getUint8(o + 4);
      iface.unitsPerSec = v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
    } else if (code === 14 && len >= 8) iface.offsetSec = dv.getBigInt64(o + 4, le);
    o += 4 + ((len + 3) & ~3);
  }
  return iface;
}

function timestamp(iface: Iface, high: number, low: number): { seconds: number; nanoseconds: number } {
  const ts = (BigInt(high) << 32n) | BigInt(low);
  const seconds = ts / iface.unitsPerSec + iface.offsetSec;
  const nanoseconds = ((ts % iface.unitsPerSec) * 1_000_000_000n) / iface.unitsPerSec;
  return { seconds: Number(seconds), nanoseconds: Number(nanoseconds) };
}

export function readPcapng(bytes: Uint8Array): ReadResult {
  if (!isPcapng(bytes)) return fail('pcapng', 'not a pcapng file (first block is not a section header)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: PacketRecord[] = [];
  let ifaces: Iface[] = [];
  let le = true;
  let off = 0;
  let blockNo = 0;
  while (off < bytes.length) {
    blockNo++;
    const where = `block ${blockNo} (offset ${off})`;
    if (off + 12 > bytes.length) return fail('pcapng', `${where}: cut short (${bytes.length - off} bytes left, a block needs at least 12)`);
    const type = dv.getUint32(off, le);
    if (type === PCAPNG_SHB) {
      if (off + 28 > bytes.length) return fail('pcapng', `${where}: section header cut short`);
      const bom = dv.getUint32(off + 8, true);
      if (bom === BYTE_ORDER_MAGIC) le = true;
      else if (dv.getUint32(off + 8, false) === BYTE_ORDER_MAGIC) le = false;
      else return fail('pcapng', `${where}: bad byte-order magic 0x${bom.toString(16)}`);
      const major = dv.getUint16(off + 12, le);
      if (major !== 1) return fail('pcapng', `${where}: unsupported pcapng version ${major}`);
      ifaces = [];
    }
    const len = dv.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0) return fail('pcapng', `${where}: bad block length ${len}`);
    if (off + len > bytes.length) return fail('pcapng', `${where}: block of ${len} bytes cut short (${bytes.length - off} present)`);
    if (dv.getUint32(off + len - 4, le) !== len) return fail('pcapng', `${where}: trailing block length does not match ${len}`);
    const body = off + 8;
    const end = off + len - 4;
    const packet = (ifaceId: number, capLen: number, origLen: number, dataAt: number, high?: number, low?: number): ReadResult | null => {
      const iface = ifaces[ifaceId];
      if (!iface) return fail('pcapng', `${where}: packet refers to interface ${ifaceId}, but only ${ifaces.length} are described`);
      if (iface.linkType !== LINKTYPE_ETHERNET) return fail('pcapng', `${where}: unsupported link type ${iface.linkType} (only Ethernet, link type 1, is supported)`);
      if (dataAt + capLen > end) return fail('pcapng', `${where}: captured length ${capLen} overruns the block`);
      packets.push({
        bytes: copyBytes(bytes, dataAt, dataAt + capLen),
        originalLength: Math.max(origLen, capLen),
        interfaceId: ifaceId,
        ...(high !== undefined && low !== undefined ? { timestamp: timestamp(iface, high, low) } : {}),
      });
      return null;
    };
    let err: ReadResult | null = null;
    if (type === IDB) {
      if (end - body < 8) return fail('pcapng', `${where}: interface description too short`);
      ifaces.push(ifaceFromIdb(dv, body, end, le));
    } else if (type === EPB) {
      if (end - body < 20) return fail('pcapng', `${where}: enhanced packet block too short`);
      err = packet(dv.getUint32(body, le), dv.getUint32(body + 12, le), dv.getUint32(body + 16, le), body + 20, dv.getUint32(body + 4, le), dv.getUint32(body + 8, le));
    } else if (type === SPB) {
      if (end - body < 4) return fail('pcapng', `${where}: simple packet block too short`);
      const orig = dv.getUint32(body, le);
      const snap = ifaces[0]?.snapLen ?? 0;
      const cap = Math.min(orig, snap > 0 ? snap : orig, end - body - 4);
      err = packet(0, cap, orig, body + 4);
    } else if (type === OPB) {
      if (end - body < 20) return fail('pcapng', `${where}: packet block too short`);
      err = packet(dv.getUint16(body, le), dv.getUint32(body + 12, le), dv.getUint32(body + 16, le), body + 20, dv.getUint32(body + 4, le), dv.getUint32(body + 8, le));
    }
    if (err) return err;
    off += len;
  }
  return { ok: true, format: 'pcapng', packets };
}
