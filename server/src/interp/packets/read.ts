/**
 * Picking a reader for some bytes. File reading itself is the caller's job:
 * everything here takes bytes (or text), so it runs anywhere.
 */
import { parseHex, parseHexLines } from './read-hex.ts';
import { isPcap, readPcap } from './read-pcap.ts';
import { isPcapng, readPcapng } from './read-pcapng.ts';
import type { ReadResult } from './read-types.ts';
import { copyBytes, fail } from './read-types.ts';
import { catalogPacket, packetNames } from './catalogue.ts';

/** True when the bytes are printable ASCII made only of hex digits, separators and '#' comment lines. */
function looksLikeHexText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const c of bytes) if (c > 0x7e || (c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) return false;
  const text = new TextDecoder().decode(bytes);
  return text
    .split(/\r?\n/)
    .every((l) => l.trim() === '' || l.trim().startsWith('#') || /^(hex:)?(0x)?[0-9a-fA-F\s:.-]+$/i.test(l.trim()));
}

/**
 * Reads packets from file contents. The format comes from the content (pcap and
 * pcapng magic numbers), then the name: ".bin"/".raw" is one raw frame, ".hex"/".txt"
 * or hex-looking text is hex, one packet per line.
 */
export function readPacketBytes(bytes: Uint8Array, fileName = ''): ReadResult {
  try {
    if (isPcapng(bytes)) return readPcapng(bytes);
    if (isPcap(bytes)) return readPcap(bytes);
    const lower = fileName.toLowerCase();
    if (lower.endsWith('.pcap') || lower.endsWith('.cap')) return readPcap(bytes);
    if (lower.endsWith('.pcapng')) return readPcapng(bytes);
    const textName = lower.endsWith('.hex') || lower.endsWith('.txt');
    if (textName || (!lower.endsWith('.bin') && !lower.endsWith('.raw') && looksLikeHexText(bytes))) {
      return parseHexLines(new TextDecoder().decode(bytes));
    }
    if (bytes.length === 0) return fail('raw', 'empty packet file');
    return { ok: true, format: 'raw', packets: [{ bytes: copyBytes(bytes, 0, bytes.length), originalLength: bytes.length }] };
  } catch (e) {
    return fail('unknown', `could not read packets: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A packet given by name on a command line or in a launch config: "hex:..." or a
 * catalogue name. Returns null for anything else (the caller then reads it as a file).
 */
export function resolvePacketSpec(spec: string): ReadResult | null {
  const s = spec.trim();
  if (/^hex:/i.test(s)) return parseHex(s);
  const bytes = catalogPacket(s);
  if (bytes) return { ok: true, format: 'raw', packets: [{ bytes, originalLength: bytes.length }] };
  if (/^[a-z0-9]+(-[a-z0-9]+)+$/.test(s) && !s.includes('.')) {
    const near = packetNames().filter((n) => n.includes(s.split('-')[0]!));
    return fail('unknown', `no catalogue packet named '${s}'${near.length ? ` (did you mean ${near.slice(0, 4).join(', ')}?)` : ''}`);
  }
  return null;
}
