/** Field-by-field difference of two packets, for showing what a program changed. */
import { decodePacket } from './decode.ts';
import type { DecodedField, DecodedPacket } from './decode-types.ts';

export interface FieldChange {
  field: string;
  /** Display text before/after; null when the field is absent on that side. */
  before: string | null;
  after: string | null;
  /** "ip.ttl 64 -> 63", "ip.check valid -> valid (0xb861 -> 0xb961)", "vlan.id 100 -> (absent)". */
  text: string;
}

function same(a: DecodedField, b: DecodedField): boolean {
  return a.value === b.value && a.checksum === b.checksum;
}

function show(f: DecodedField | undefined): string {
  return f === undefined ? '(absent)' : f.text;
}

function changeText(name: string, a: DecodedField | undefined, b: DecodedField | undefined): string {
  const isCsum = (a?.checksum ?? b?.checksum) !== undefined;
  if (!isCsum) return `${name} ${show(a)} -> ${show(b)}`;
  const st = (f: DecodedField | undefined): string => (f === undefined ? '(absent)' : f.checksum ?? 'n/a');
  const raw = a && b && a.value === b.value ? `${a.text} unchanged` : `${show(a)} -> ${show(b)}`;
  return `${name} ${st(a)} -> ${st(b)} (${raw})`;
}

/** Differences between two decoded packets, in field order (fields of `before` first). */
export function diffDecoded(before: DecodedPacket, after: DecodedPacket): FieldChange[] {
  const a = new Map(before.fields.map((f) => [f.name, f]));
  const b = new Map(after.fields.map((f) => [f.name, f]));
  const names = [...a.keys()];
  for (const n of b.keys()) if (!a.has(n)) names.push(n);
  const changed = names.filter((n) => {
    const fa = a.get(n);
    const fb = b.get(n);
    return !(fa && fb && same(fa, fb));
  });
  // Where a readable field over the same bytes changed, hide its raw "detail" twin.
  const readable = new Set<string>();
  for (const n of changed) {
    const f = a.get(n) ?? b.get(n)!;
    if (!f.detail) readable.add(`${n.slice(0, n.lastIndexOf('.'))}@${f.offset}`);
  }
  const out: FieldChange[] = [];
  for (const n of changed) {
    const fa = a.get(n);
    const fb = b.get(n);
    const f = fa ?? fb!;
    if (f.detail && readable.has(`${n.slice(0, n.lastIndexOf('.'))}@${f.offset}`)) continue;
    out.push({ field: n, before: fa ? fa.text : null, after: fb ? fb.text : null, text: changeText(n, fa, fb) });
  }
  return out;
}

/** Decodes both packets and lists the fields that differ. */
export function diffPackets(before: Uint8Array, after: Uint8Array): FieldChange[] {
  return diffDecoded(decodePacket(before), decodePacket(after));
}
