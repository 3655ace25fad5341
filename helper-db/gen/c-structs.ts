/**
 * Extracts the fields of the context structs (struct xdp_md, struct __sk_buff, ...)
 * from the UAPI header, with byte offsets as clang lays them out for BPF (64-bit,
 * natural alignment). Handles the header's idioms: arrays, `__bpf_md_ptr(type, name)`,
 * anonymous padding bit-fields and `union { ... }` members.
 */
export interface StructField {
  name: string;
  type: string;
  offset: number;
  size: number;
  /** Element count for arrays. */
  count?: number;
}

export interface CStruct {
  name: string;
  size: number;
  fields: StructField[];
}

const SIZES: Record<string, number> = { __u8: 1, __s8: 1, __u16: 2, __s16: 2, __u32: 4, __s32: 4, __u64: 8, __s64: 8, __be16: 2, __be32: 4, int: 4 };

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

export function extractStruct(header: string, name: string): CStruct | null {
  const src = stripComments(header);
  const start = src.search(new RegExp(`^struct ${name} \\{`, 'm'));
  if (start < 0) return null;
  let depth = 0;
  let end = start;
  for (let i = src.indexOf('{', start); i < src.length; i++) {
    if (src[i] === '{') depth++;
    if (src[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  const body = src.slice(src.indexOf('{', start) + 1, end);
  const fields: StructField[] = [];
  let offset = 0;
  let maxAlign = 1;
  let bits = 0;
  const place = (fname: string, type: string, size: number, count = 1, align = size) => {
    offset = Math.ceil(offset / align) * align;
    fields.push({ name: fname, type, offset, size: size * count, ...(count > 1 ? { count } : {}) });
    offset += size * count;
    maxAlign = Math.max(maxAlign, align);
  };
  // Split into top-level member declarations (unions count as one member).
  const members: string[] = [];
  let cur = '';
  depth = 0;
  for (const ch of body) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    cur += ch;
    if (ch === ';' && depth === 0) {
      members.push(cur.trim());
      cur = '';
    }
  }
  for (const m of members) {
    const mdPtr = /^__bpf_md_ptr\(\s*([^,]+?)\s*,\s*(\w+)\s*\)/.exec(m);
    if (mdPtr) {
      place(mdPtr[2], mdPtr[1], 8);
      continue;
    }
    const union = /^union\s*\{([\s\S]*)\}\s*;$/.exec(m);
    if (union) {
      // Members of an anonymous union share one offset; record each with the union's size.
      const inner = union[1].split(';').map((s) => s.trim()).filter(Boolean);
      const parsed = inner.map((d) => /^(?:__bpf_md_ptr\(\s*([^,]+?)\s*,\s*(\w+)\s*\))|^([\w\s]+?)\s+(\w+)$/.exec(d)).filter(Boolean) as RegExpExecArray[];
      const size = Math.max(...parsed.map((p) => (p[1] ? 8 : SIZES[p[3]] ?? 8)));
      offset = Math.ceil(offset / size) * size;
      for (const p of parsed) fields.push({ name: p[2] ?? p[4], type: p[1] ?? p[3], offset, size });
      offset += size;
      maxAlign = Math.max(maxAlign, size);
      continue;
    }
    const pad = /^(__u\d+)\s*:\s*(\d+)\s*;$/.exec(m);
    if (pad) {
      bits += Number(pad[2]);
      offset += Math.floor(bits / 8);
      bits %= 8;
      continue;
    }
    const decl = /^([\w\s*]+?)\s*(\w+)\s*(?:\[(\d+)\])?\s*(?:__attribute__\(\(aligned\((\d+)\)\)\))?\s*;$/.exec(m);
    if (!decl) continue;
    const type = decl[1].trim();
    const size = type.endsWith('*') ? 8 : SIZES[type] ?? 4;
    const align = decl[4] ? Number(decl[4]) : size;
    place(decl[2], type, size, decl[3] ? Number(decl[3]) : 1, align);
  }
  const size = Math.ceil(offset / maxAlign) * maxAlign;
  return { name: `struct ${name}`, size, fields };
}
