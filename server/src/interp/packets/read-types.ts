/** Results of the packet readers: never thrown errors, always a value. */

export interface PacketRecord {
  bytes: Uint8Array;
  /** Length on the wire (>= bytes.length when the capture was cut by a snap length). */
  originalLength: number;
  /** Capture time when the file has one. */
  timestamp?: { seconds: number; nanoseconds: number };
  /** pcapng interface index. */
  interfaceId?: number;
}

export type PacketFormat = 'hex' | 'raw' | 'pcap' | 'pcapng';

export type ReadResult =
  | { ok: true; format: PacketFormat; packets: PacketRecord[] }
  | { ok: false; format: PacketFormat | 'unknown'; error: string };

export function fail(format: PacketFormat | 'unknown', error: string): ReadResult {
  return { ok: false, format, error };
}

/** LINKTYPE_ETHERNET: the only link type the interpreter runs programs on. */
export const LINKTYPE_ETHERNET = 1;

/** A fresh Uint8Array copy (not a view, and never a Node Buffer, whose slice() is a view). */
export function copyBytes(b: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(b.subarray(start, end));
  return out;
}
