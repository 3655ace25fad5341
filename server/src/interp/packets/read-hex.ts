/** Packets written as hex text: "hex:0011 2233", "00:11:22:33", one packet per non-empty line. */
import type { PacketRecord, ReadResult } from './read-types.ts';
import { fail } from './read-types.ts';

/** Parses one packet of hex; separators (whitespace, ':', '-', '.') are ignored, a "hex:" or "0x" prefix is allowed. */
export function parseHex(text: string): ReadResult {
  let t = text.trim();
  if (/^hex:/i.test(t)) t = t.slice(4);
  if (/^0x/i.test(t)) t = t.slice(2);
  const digits = t.replace(/[\s:.-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) return fail('hex', `not a hex digit: '${bad[0]}' (at digit ${bad.index + 1})`);
  if (digits.length === 0) return fail('hex', 'empty hex packet');
  if (digits.length % 2 !== 0) return fail('hex', `odd number of hex digits (${digits.length}): a byte is cut in half`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, format: 'hex', packets: [{ bytes, originalLength: bytes.length }] };
}

/** Several packets, one per line; blank lines and lines starting with '#' are skipped. */
export function parseHexLines(text: string): ReadResult {
  const packets: PacketRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const r = parseHex(line);
    if (!r.ok) return fail('hex', `line ${i + 1}: ${r.error}`);
    packets.push(...r.packets);
  }
  if (packets.length === 0) return fail('hex', 'no packets in hex text');
  return { ok: true, format: 'hex', packets };
}
