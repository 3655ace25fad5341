/**
 * Byte sizes and field offsets of types as clang lays them out for BPF (natural
 * alignment, 64-bit): scalars, arrays of known types, the usual network headers,
 * and structs of this file whose fields all have known sizes.
 */
import { sizeOfType } from '../const-eval.ts';
import type { DocumentModel } from '../document-model-types.ts';

export interface Layout {
  size: number;
  align: number;
  fields?: { name: string; offset: number; size: number }[];
}

/** Sizes of the kernel's network header structs (include/uapi/linux/*.h). */
const KNOWN_STRUCTS: Record<string, Layout> = {
  'struct ethhdr': { size: 14, align: 2 },
  'struct iphdr': { size: 20, align: 4 },
  'struct ipv6hdr': { size: 40, align: 4 },
  'struct tcphdr': { size: 20, align: 4 },
  'struct udphdr': { size: 8, align: 2 },
  'struct icmphdr': { size: 8, align: 4 },
  'struct icmp6hdr': { size: 8, align: 4 },
  'struct vlan_hdr': { size: 4, align: 2 },
  'struct arphdr': { size: 8, align: 2 },
  'struct in6_addr': { size: 16, align: 4 },
};

export function layoutOf(type: string, model: DocumentModel, depth = 0): Layout | undefined {
  const t = type.replace(/\b(const|volatile)\b/g, '').replace(/\s+/g, ' ').trim();
  const arr = /^(.*?)\s*\[(\d+)\]$/.exec(t);
  if (arr) {
    const inner = layoutOf(arr[1], model, depth + 1);
    return inner ? { size: inner.size * Number(arr[2]), align: inner.align } : undefined;
  }
  const scalar = sizeOfType(t);
  if (scalar !== undefined) return { size: scalar, align: scalar };
  if (KNOWN_STRUCTS[t]) return KNOWN_STRUCTS[t];
  const m = /^(struct|union) (\w+)$/.exec(t);
  if (!m || depth > 8) return undefined;
  const def = model.types.find((d) => d.kind === m[1] && d.name === m[2] && d.fields);
  if (!def?.fields || def.attributes.some((a) => a.name === 'packed')) return undefined;
  let offset = 0;
  let align = 1;
  const fields: { name: string; offset: number; size: number }[] = [];
  for (const f of def.fields) {
    if (f.bitWidth) return undefined;
    const l = layoutOf(f.type, model, depth + 1);
    if (!l) return undefined;
    if (m[1] === 'struct') offset = Math.ceil(offset / l.align) * l.align;
    fields.push({ name: f.name, offset: m[1] === 'struct' ? offset : 0, size: l.size });
    if (m[1] === 'struct') offset += l.size;
    else offset = Math.max(offset, l.size);
    align = Math.max(align, l.align);
  }
  return { size: Math.ceil(offset / align) * align, align, fields };
}
