/**
 * C types from the syntax tree: type specifiers (primitive, sized, typedef
 * names, struct/union/enum with their bodies, typeof), declarators (pointers,
 * arrays, functions) and the GNU attributes the preprocessor lifted out
 * (packed, aligned).
 */
import type { AttributeItem } from '../preprocessor/preprocess.ts';
import { T, arrOf, layoutRecord, ptrTo, type CType, type FieldDecl, type FnType, type IntType, type RecType } from '../types/ctypes.ts';
import { fieldOf, fieldsOf, namedChildren, type Ast } from './ast.ts';
import type { Scope } from './scope.ts';

export class CompileError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

export interface TypeCtx {
  src: string;
  constInt(n: Ast, scope: Scope): number;
  constBig(n: Ast, scope: Scope): bigint;
  exprType(n: Ast, scope: Scope): CType;
  attrs(from: number, to: number): AttributeItem[];
  packAt(off: number): number;
  /** Whether a node comes from one of our built-in headers. */
  fromBuiltin(n: Ast): boolean;
}

export function text(cx: TypeCtx, n: Ast): string {
  return cx.src.slice(n.start, n.end);
}

export function fail(msg: string, n: Ast): never {
  throw new CompileError(msg, n.start, n.end);
}

const PRIMITIVES: Record<string, CType> = {
  void: T.void,
  char: T.char,
  int: T.int,
  short: T.short,
  long: T.long,
  float: T.float,
  double: T.double,
  bool: T.bool,
  _Bool: T.bool,
  size_t: T.ulong,
  ssize_t: T.long,
  ptrdiff_t: T.long,
  intptr_t: T.long,
  uintptr_t: T.ulong,
  intmax_t: T.long,
  uintmax_t: T.ulong,
  int8_t: T.schar,
  uint8_t: T.uchar,
  int16_t: T.short,
  uint16_t: T.ushort,
  int32_t: T.int,
  uint32_t: T.uint,
  int64_t: T.long,
  uint64_t: T.ulong,
  char8_t: T.uchar,
  char16_t: T.ushort,
  char32_t: T.uint,
  nullptr_t: ptrTo(T.void),
  max_align_t: T.long,
};

export interface DeclSpec {
  type: CType;
  storage: Set<string>;
  isConst: boolean;
  isVolatile: boolean;
}

/** The type and storage class a declaration's specifiers give. */
export function declSpec(cx: TypeCtx, decl: Ast, scope: Scope): DeclSpec {
  const storage = new Set<string>();
  let isConst = false;
  let isVolatile = false;
  for (const c of decl.children) {
    if (c.type === 'storage_class_specifier') storage.add(text(cx, c).trim());
    else if (c.type === 'type_qualifier') {
      const q = text(cx, c).trim();
      if (q === 'const') isConst = true;
      if (q === 'volatile') isVolatile = true;
    }
  }
  const tn = fieldOf(decl, 'type');
  if (!tn) fail('declaration without a type', decl);
  return { type: specType(cx, tn, scope), storage, isConst, isVolatile };
}

export function specType(cx: TypeCtx, n: Ast, scope: Scope): CType {
  switch (n.type) {
    case 'primitive_type': {
      const t = PRIMITIVES[text(cx, n)];
      if (!t) fail(`unknown type "${text(cx, n)}"`, n);
      return t;
    }
    case 'sized_type_specifier':
      return sizedType(cx, n);
    case 'type_identifier': {
      const name = text(cx, n);
      const b = scope.lookup(name);
      if (b?.k === 'typedef') return b.type;
      if (PRIMITIVES[name]) return PRIMITIVES[name];
      fail(`unknown type name "${name}"`, n);
      break;
    }
    case 'struct_specifier':
    case 'union_specifier':
      return recordType(cx, n, scope);
    case 'enum_specifier':
      return enumType(cx, n, scope);
    case 'macro_type_specifier': {
      const name = text(cx, fieldOf(n, 'name') ?? n);
      const td = fieldOf(n, 'type');
      if ((name === 'typeof' || name === '__typeof__' || name === '__typeof') && td) {
        const inner = fieldOf(td, 'type');
        if (inner && inner.type === 'type_identifier' && !fieldOf(td, 'declarator')) {
          const b = scope.lookup(text(cx, inner));
          if (b && b.k !== 'typedef') return b.type;
        }
        return descriptorType(cx, td, scope);
      }
      fail(`unknown type macro "${name}"`, n);
      break;
    }
    case 'type_descriptor':
      return descriptorType(cx, n, scope);
  }
  fail(`unsupported type "${text(cx, n)}"`, n);
}

function sizedType(cx: TypeCtx, n: Ast): CType {
  let unsigned = false;
  let signed = false;
  let longs = 0;
  let short = false;
  let base = '';
  for (const c of n.children) {
    const w = text(cx, c).trim();
    if (c.field === 'type') base = w;
    else if (w === 'unsigned') unsigned = true;
    else if (w === 'signed') signed = true;
    else if (w === 'long') longs++;
    else if (w === 'short') short = true;
    else if (w === 'int' || w === 'char' || w === 'double') base = w;
  }
  if (base === 'char') return unsigned ? T.uchar : signed ? T.schar : T.char;
  if (base === 'double') return T.double;
  if (short) return unsigned ? T.ushort : T.short;
  if (longs >= 1) return unsigned ? (longs >= 2 ? T.ullong : T.ulong) : longs >= 2 ? T.llong : T.long;
  return unsigned ? T.uint : T.int;
}

function attrNumber(item: AttributeItem | undefined, dflt: number): number {
  const a = item?.args?.[0]?.replace(/[()\s]/g, '');
  if (!a) return dflt;
  const v = Number(a);
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

function recordType(cx: TypeCtx, n: Ast, scope: Scope): CType {
  const kind = n.type === 'struct_specifier' ? 'struct' : 'union';
  const nameNode = fieldOf(n, 'name');
  const body = fieldOf(n, 'body');
  const tag = nameNode ? text(cx, nameNode) : undefined;
  const key = tag ? `${kind} ${tag}` : undefined;
  if (!body) {
    if (!key) fail(`anonymous ${kind} without a body`, n);
    const found = scope.lookupTag(key);
    if (found) return found;
    const fwd: RecType = { k: kind, tag, fields: [], size: 0, align: 1, complete: false, packed: false };
    scope.global.tags.set(key, fwd);
    return fwd;
  }
  let rec: RecType;
  const existing = key ? scope.tags.get(key) : undefined;
  if (existing && (existing.k === 'struct' || existing.k === 'union') && !existing.complete) rec = existing;
  else {
    rec = { k: kind, tag, fields: [], size: 0, align: 1, complete: false, packed: false };
    if (key) scope.tags.set(key, rec); // a redefinition replaces the earlier one (lenient)
  }
  const lead = cx.attrs(n.start, body.start);
  const trail = cx.attrs(n.end, n.end);
  const all = [...lead, ...trail];
  const pack = cx.packAt(n.start);
  const packed = all.some((a) => a.name === 'packed') || pack === 1;
  const aligned = all.find((a) => a.name === 'aligned');
  const decls: FieldDecl[] = [];
  for (const fd of namedChildren(body)) {
    if (fd.type !== 'field_declaration') continue;
    const spec = declSpec(cx, fd, scope);
    const declarators = fieldsOf(fd, 'declarator');
    const anonBits = fd.children.find((c) => c.type === 'bitfield_clause');
    const fattrs = cx.attrs(fd.start, fd.end - 1);
    const falign = fattrs.find((a) => a.name === 'aligned');
    const fpacked = fattrs.some((a) => a.name === 'packed');
    if (declarators.length === 0) {
      if (anonBits) {
        decls.push({ name: undefined, type: spec.type, bitWidth: cx.constInt(namedChildren(anonBits)[0], scope) });
        continue;
      }
      if (spec.type.k === 'struct' || spec.type.k === 'union') {
        decls.push({ name: undefined, type: spec.type, align: falign ? attrNumber(falign, 8) : undefined, packed: fpacked });
      }
      continue;
    }
    for (const d of declarators) {
      const r = declarator(cx, d, spec.type, scope);
      // the bit-field clause that follows this declarator, if any
      const i = fd.children.indexOf(d);
      const next = fd.children.slice(i + 1).find((x) => x.named);
      const bits = next?.type === 'bitfield_clause' ? next : undefined;
      const bitWidth = bits ? cx.constInt(namedChildren(bits)[0], scope) : undefined;
      decls.push({ name: r.name, type: r.type, bitWidth, align: falign ? attrNumber(falign, 8) : undefined, packed: fpacked });
    }
  }
  layoutRecord(rec, decls, packed, aligned ? attrNumber(aligned, 8) : undefined);
  if (pack > 1) applyPack(rec, pack);
  return rec;
}

/** `#pragma pack(n)` with n > 1: caps every member's alignment at n. */
function applyPack(rec: RecType, n: number): void {
  // re-layout with capped alignment: simplest correct approach for the common n = 2/4
  const decls: FieldDecl[] = rec.fields.map((f) => ({ name: f.name, type: f.type, bitWidth: f.bitWidth }));
  const capped = decls.map((d) => ({ ...d, packed: true, align: Math.min(n, alignOfType(d.type)) }));
  layoutRecord(rec, capped, false);
  rec.align = Math.min(rec.align, n);
  rec.size = Math.ceil(rec.size / rec.align) * rec.align;
}

function alignOfType(t: CType): number {
  return t.k === 'int' || t.k === 'float' ? t.size : t.k === 'ptr' ? 8 : t.k === 'arr' ? alignOfType(t.of) : t.k === 'struct' || t.k === 'union' ? t.align : 1;
}

function enumType(cx: TypeCtx, n: Ast, scope: Scope): CType {
  const nameNode = fieldOf(n, 'name');
  const body = fieldOf(n, 'body');
  const tag = nameNode ? text(cx, nameNode) : undefined;
  const key = tag ? `enum ${tag}` : undefined;
  if (!body) {
    const found = key ? scope.lookupTag(key) : undefined;
    return found ?? { ...T.uint, enumTag: tag };
  }
  const values: { name: string; value: bigint }[] = [];
  let next = 0n;
  for (const e of namedChildren(body)) {
    if (e.type !== 'enumerator') continue;
    const name = text(cx, fieldOf(e, 'name')!);
    const vn = fieldOf(e, 'value');
    const exact = vn ? cx.constBig(vn, scope) : next;
    values.push({ name, value: exact });
    next = exact + 1n;
    // make earlier enumerators visible to later ones
    scope.names.set(name, { k: 'enum', name, type: T.int, value: exact });
  }
  const min = values.reduce((m, x) => (x.value < m ? x.value : m), 0n);
  const max = values.reduce((m, x) => (x.value > m ? x.value : m), 0n);
  let et: IntType;
  if (min < 0n) et = min >= -0x80000000n && max <= 0x7fffffffn ? T.int : T.long;
  else et = max <= 0xffffffffn ? T.uint : T.ulong;
  const enumT: IntType = { ...et, enumTag: tag };
  for (const v of values) {
    const ct: IntType = v.value >= -0x80000000n && v.value <= 0x7fffffffn ? T.int : enumT;
    scope.names.set(v.name, { k: 'enum', name: v.name, type: ct, value: v.value });
  }
  if (key) scope.tags.set(key, enumT);
  return enumT;
}

export interface DeclResult {
  name?: string;
  nameNode?: Ast;
  type: CType;
  /** For a function declarator: the parameter names and nodes. */
  params?: { name?: string; type: CType; node: Ast }[];
}

/** Applies a declarator to a base type. */
export function declarator(cx: TypeCtx, d: Ast | undefined, base: CType, scope: Scope): DeclResult {
  if (!d) return { type: base };
  switch (d.type) {
    case 'identifier':
    case 'field_identifier':
    case 'type_identifier':
    case 'primitive_type':
      return { name: text(cx, d), nameNode: d, type: base };
    case 'pointer_declarator':
    case 'abstract_pointer_declarator':
      return declarator(cx, fieldOf(d, 'declarator'), ptrTo(base), scope);
    case 'array_declarator':
    case 'abstract_array_declarator': {
      const sizeNode = fieldOf(d, 'size');
      let len: number | undefined;
      if (sizeNode && text(cx, sizeNode) !== '*') len = cx.constInt(sizeNode, scope);
      return declarator(cx, fieldOf(d, 'declarator'), arrOf(base, len), scope);
    }
    case 'function_declarator':
    case 'abstract_function_declarator': {
      const plist = fieldOf(d, 'parameters');
      const params: { name?: string; type: CType; node: Ast }[] = [];
      let variadic = false;
      let unprototyped = false;
      if (plist) {
        const items = namedChildren(plist);
        if (items.length === 0) unprototyped = true;
        for (const p of items) {
          if (p.type === 'variadic_parameter') {
            variadic = true;
            continue;
          }
          if (p.type !== 'parameter_declaration') continue;
          const spec = declSpec(cx, p, scope);
          const r = declarator(cx, fieldOf(p, 'declarator'), spec.type, scope);
          if (r.type.k === 'void' && !r.name) continue; // (void)
          let pt = r.type;
          if (pt.k === 'arr') pt = ptrTo(pt.of);
          if (pt.k === 'fn') pt = ptrTo(pt);
          params.push({ name: r.name, type: pt, node: p });
        }
        if (plist.children.some((c) => c.type === '...')) variadic = true;
      }
      const fn: FnType = { k: 'fn', ret: base, params: params.map((p) => p.type), variadic, unprototyped };
      const inner = declarator(cx, fieldOf(d, 'declarator'), fn, scope);
      return { ...inner, params: inner.params ?? params };
    }
    case 'parenthesized_declarator':
    case 'abstract_parenthesized_declarator': {
      const inner = namedChildren(d).find((c) => c.type !== 'attribute_specifier' && c.type !== 'type_qualifier');
      return declarator(cx, inner, base, scope);
    }
    case 'init_declarator':
      return declarator(cx, fieldOf(d, 'declarator'), base, scope);
    case 'attributed_declarator':
      return declarator(cx, namedChildren(d)[0], base, scope);
  }
  fail(`unsupported declarator "${text(cx, d)}"`, d);
}

/** The type a type_descriptor names (casts, sizeof, compound literals). */
export function descriptorType(cx: TypeCtx, td: Ast, scope: Scope): CType {
  const spec = declSpec(cx, td, scope);
  return declarator(cx, fieldOf(td, 'declarator'), spec.type, scope).type;
}

