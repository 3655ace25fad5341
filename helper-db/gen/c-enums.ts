/**
 * Extracts enum members and simple `#define NAME <expr>` constants from a C header,
 * evaluating the integer expressions that UAPI headers use (literals with U/L
 * suffixes, casts to __u64/__u32, <<, >>, |, &, ~, +, -, parentheses, names).
 */

export interface CConstant {
  name: string;
  value: bigint;
  /** The enum tag, '(anonymous)' for an untagged enum, or null for a #define. */
  enumTag: string | null;
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** Evaluates a C integer constant expression; returns null when it is not one. */
export function evalCExpr(expr: string, known: Map<string, bigint>): bigint | null {
  const text = expr
    .replace(/\((?:__u64|__u32|__s64|__s32|unsigned long long|unsigned long|unsigned int|int|long)\)/g, '')
    .trim();
  const tokens = text.match(/0x[0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[()|&~+\-*]/g);
  if (!tokens || tokens.join('').length !== text.replace(/\s+/g, '').length) return null;
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): bigint | null => {
    const t = tokens[i++];
    if (t === undefined) return null;
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') return null;
      return v;
    }
    if (t === '~') {
      const v = primary();
      return v === null ? null : ~v;
    }
    if (t === '-') {
      const v = primary();
      return v === null ? null : -v;
    }
    if (/^(0x[0-9a-fA-F]+|\d+)/.test(t)) return BigInt(t.replace(/[uUlL]+$/, ''));
    return known.get(t) ?? null;
  };
  const binary = (next: () => bigint | null, ops: Record<string, (a: bigint, b: bigint) => bigint>) => (): bigint | null => {
    let v = next();
    while (v !== null && peek() !== undefined && ops[peek()!]) {
      const op = ops[tokens[i++]];
      const r = next();
      if (r === null) return null;
      v = op(v, r);
    }
    return v;
  };
  const mul = binary(primary, { '*': (a, b) => a * b });
  const add = binary(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const shift = binary(add, { '<<': (a, b) => a << b, '>>': (a, b) => a >> b });
  const and = binary(shift, { '&': (a, b) => a & b });
  const or = binary(and, { '|': (a, b) => a | b });
  const v = or();
  return i === tokens.length ? v : null;
}

/** All enum members and object-like #defines with integer values, in file order. */
export function extractConstants(header: string): CConstant[] {
  const src = stripComments(header);
  const known = new Map<string, bigint>();
  const out: CConstant[] = [];
  const items: { index: number; kind: 'enum' | 'define'; match: RegExpMatchArray }[] = [];
  for (const m of src.matchAll(/\benum\s+(\w+)?\s*\{([^}]*)\}/g)) items.push({ index: m.index!, kind: 'enum', match: m });
  for (const m of src.matchAll(/^[ \t]*#define[ \t]+(\w+)[ \t]+([^\n\\]+)$/gm)) items.push({ index: m.index!, kind: 'define', match: m });
  items.sort((a, b) => a.index - b.index);
  for (const item of items) {
    if (item.kind === 'define') {
      const [, name, expr] = item.match;
      const v = evalCExpr(expr, known);
      if (v !== null) {
        known.set(name, v);
        out.push({ name, value: v, enumTag: null });
      }
      continue;
    }
    const tag = item.match[1] ?? '(anonymous)';
    let next = 0n;
    for (const rawMember of item.match[2].split(',')) {
      const member = rawMember.trim();
      if (!member) continue;
      const eq = member.indexOf('=');
      const name = (eq < 0 ? member : member.slice(0, eq)).trim();
      if (!/^\w+$/.test(name)) continue;
      let value: bigint | null = next;
      if (eq >= 0) value = evalCExpr(member.slice(eq + 1), known);
      if (value === null) continue;
      known.set(name, value);
      out.push({ name, value, enumTag: tag });
      next = value + 1n;
    }
  }
  return out;
}

export interface HelperDecl {
  id: number;
  name: string;
  returnType: string;
  params: { name: string; type: string }[];
}

/** Parses libbpf's `static RET (*bpf_x)(PARAMS) = (void *) N;` declarations. */
export function extractHelperDecls(helperDefs: string): HelperDecl[] {
  const src = stripComments(helperDefs);
  const out: HelperDecl[] = [];
  for (const m of src.matchAll(/static\s+([^;]*?)\(\s*\*\s*(bpf_\w+)\s*\)\s*\(([^;]*?)\)\s*=\s*\(void\s*\*\)\s*(\d+)\s*;/g)) {
    const returnType = m[1].replace(/__bpf_fastcall/g, '').replace(/\s+/g, ' ').trim();
    const paramText = m[3].replace(/\s+/g, ' ').trim();
    const params =
      paramText === 'void' || paramText === ''
        ? []
        : splitTopLevel(paramText).map((p) => {
            if (p === '...') return { name: '...', type: '...' };
            const nm = /(\w+)\s*(\[\s*\w*\s*\])?$/.exec(p);
            const name = nm ? nm[1] : p;
            const type = (p.slice(0, nm ? nm.index : p.length) + (nm?.[2] ?? '')).trim();
            return { name, type };
          });
    out.push({ id: Number(m[4]), name: m[2], returnType, params });
  }
  return out;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}
