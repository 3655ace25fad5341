/** Classic libpcap files: both byte orders, microsecond and nanosecond timestamps. */
import type { PacketRecord, ReadResult } from './read-types.ts';
import { LINKTYPE_ETHERNET, copyBytes, fail } from './read-types.ts';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;

export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const be = dv.getUint32(0, false);
  const le = dv.getUint32(0, true);
  return be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS;
}

export function readPcap(bytes: Uint8Array): ReadResult {
  if (bytes.length < 24) return fail('pcap', `file too short for a pcap header (${bytes.length} of 24 bytes)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicBe = dv.getUint32(0, false);
  const magicLe = dv.getUint32(0, true);
  let le: boolean;
  let nano: boolean;
  if (magicLe === PCAP_MAGIC_US || magicLe === PCAP_MAGIC_NS) {
    le = true;
    nano = magicLe === PCAP_MAGIC_NS;
  } else if (magicBe === PCAP_MAGIC_US || magicBe === PCAP_MAGIC_NS) {
    le = false;
    nano = magicBe === PCAP_MAGIC_NS;
  } else return fail('pcap', `not a pcap file (magic 0x${magicBe.toString(16).padStart(8, '0')})`);
  const major = dv.getUint16(4, le);
  if (major !== 2) return fail('pcap', `unsupported pcap version ${major}.${dv.getUint16(6, le)}`);
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  if (linkType !== LINKTYPE_ETHERNET) return fail('pcap', `unsupported link type ${linkType} (only Ethernet, link type 1, is supported)`);
  const packets: PacketRecord[] = [];
  let off = 24;
  while (off < bytes.length) {
    const index = packets.length + 1;
    if (off + 16 > bytes.length) return fail('pcap', `packet ${index}: record header cut short (${bytes.length - off} of 16 bytes)`);
    const sec = dv.getUint32(off, le);
    const frac = dv.getUint32(off + 4, le);
    const incl = dv.getUint32(off + 8, le);
    const orig = dv.getUint32(off + 12, le);
    if (incl > 0x40000) return fail('pcap', `packet ${index}: captured length ${incl} is implausible (corrupt file?)`);
    if (off + 16 + incl > bytes.length) return fail('pcap', `packet ${index}: data cut short (${bytes.length - off - 16} of ${incl} bytes)`);
    if (!nano && frac >= 1_000_000) return fail('pcap', `packet ${index}: microseconds ${frac} out of range`);
    packets.push({
      bytes: copyBytes(bytes, off + 16, off + 16 + incl),
      originalLength: Math.max(orig, incl),
      timestamp: { seconds: sec, nanoseconds: nano ? frac : frac * 1000 },
    });
    off += 16 + incl;
  }
  return { ok: true, format: 'pcap', packets };
}
