/**
 * C types as clang lays them out for the BPF target (LP64, little-endian):
 * char 1, short 2, int 4, long 8, pointers 8; structs with natural alignment
 * unless packed; bit-fields allocated from the least significant bit.
 */

export interface IntType {
  readonly k: 'int';
  readonly size: 1 | 2 | 4 | 8;
  readonly signed: boolean;
  readonly name: string;
  /** `_Bool`: any non-zero value converts to 1. */
  readonly bool?: boolean;
  /** For enums: the tag, if any. */
  readonly enumTag?: string;
}

export interface FloatType {
  readonly k: 'float';
  readonly size: 4 | 8;
  readonly name: string;
}

export interface VoidType {
  readonly k: 'void';
}

export interface PtrType {
  readonly k: 'ptr';
  readonly to: CType;
}

export interface ArrType {
  readonly k: 'arr';
  readonly of: CType;
  /** undefined for a flexible array member or `int a[]` before its initialiser. */
  readonly len: number | undefined;
}

export interface Field {
  readonly name: string | undefined;
  readonly type: CType;
  /** Byte offset of the field (for a bit-field: of the byte holding its first bit). */
  readonly offset: number;
  /** Bit-field: first bit counted from the start of the struct, and the width. */
  readonly bitOffset?: number;
  readonly bitWidth?: number;
}

export interface RecType {
  readonly k: 'struct' | 'union';
  tag: string | undefined;
  fields: Field[];
  size: number;
  align: number;
  complete: boolean;
  packed: boolean;
}

export interface FnType {
  readonly k: 'fn';
  readonly ret: CType;
  readonly params: CType[];
  readonly variadic: boolean;
  /** `int f()` with no prototype. */
  readonly unprototyped?: boolean;
}

export type CType = IntType | FloatType | VoidType | PtrType | ArrType | RecType | FnType;

function int(name: string, size: 1 | 2 | 4 | 8, signed: boolean): IntType {
  return { k: 'int', size, signed, name };
}

export const T = {
  void: { k: 'void' } as VoidType,
  bool: { k: 'int', size: 1, signed: false, name: '_Bool', bool: true } as IntType,
  char: int('char', 1, true),
  schar: int('signed char', 1, true),
  uchar: int('unsigned char', 1, false),
  short: int('short', 2, true),
  ushort: int('unsigned short', 2, false),
  int: int('int', 4, true),
  uint: int('unsigned int', 4, false),
  long: int('long', 8, true),
  ulong: int('unsigned long', 8, false),
  llong: int('long long', 8, true),
  ullong: int('unsigned long long', 8, false),
  float: { k: 'float', size: 4, name: 'float' } as FloatType,
  double: { k: 'float', size: 8, name: 'double' } as FloatType,
};

export const VOID_PTR: PtrType = { k: 'ptr', to: T.void };
export const CHAR_PTR: PtrType = { k: 'ptr', to: T.char };

export function ptrTo(to: CType): PtrType {
  return { k: 'ptr', to };
}

export function arrOf(of: CType, len: number | undefined): ArrType {
  return { k: 'arr', of, len };
}

export function isInt(t: CType): t is IntType {
  return t.k === 'int';
}

export function isPtr(t: CType): t is PtrType {
  return t.k === 'ptr';
}

export function isRecord(t: CType): t is RecType {
  return t.k === 'struct' || t.k === 'union';
}

/** Integer, pointer (and float, which BPF rejects at run time). */
export function isScalar(t: CType): boolean {
  return t.k === 'int' || t.k === 'ptr' || t.k === 'float';
}

/** Values of this type are held as bigint (64-bit integers). */
export function isWide(t: CType): boolean {
  return t.k === 'int' && t.size === 8;
}

export function sizeOf(t: CType): number {
  switch (t.k) {
    case 'int':
    case 'float':
      return t.size;
    case 'ptr':
      return 8;
    case 'void':
      return 1; // GNU: sizeof(void) == 1
    case 'arr':
      return (t.len ?? 0) * sizeOf(t.of);
    case 'struct':
    case 'union':
      return t.size;
    case 'fn':
      return 1;
  }
}

export function alignOf(t: CType): number {
  switch (t.k) {
    case 'int':
    case 'float':
      return t.size;
    case 'ptr':
      return 8;
    case 'arr':
      return alignOf(t.of);
    case 'struct':
    case 'union':
      return t.align;
    default:
      return 1;
  }
}

export function alignUp(n: number, a: number): number {
  return a <= 1 ? n : Math.ceil(n / a) * a;
}

export interface FieldDecl {
  name: string | undefined;
  type: CType;
  bitWidth?: number;
  /** `__attribute__((aligned(n)))` on the member. */
  align?: number;
  /** `__attribute__((packed))` on the member. */
  packed?: boolean;
}

/**
 * Lays out a struct or union in place. Bit-fields follow the SysV ABI that
 * clang uses for BPF: a field starts at the next free bit unless it would
 * cross a boundary of its declared type's size (packed structs never move
 * it); a zero-width field aligns to its type.
 */
export function layoutRecord(rec: RecType, decls: FieldDecl[], packed: boolean, forcedAlign?: number): void {
  const fields: Field[] = [];
  let bit = 0; // next free bit (struct)
  let maxAlign = 1;
  let size = 0;
  for (const d of decls) {
    const fsize = sizeOf(d.type);
    // packed drops natural alignment; an explicit aligned(n) on the member still applies
    const falign = packed || d.packed ? (d.align ?? 1) : Math.max(alignOf(d.type), d.align ?? 1);
    const naturalAlign = alignOf(d.type);
    if (d.bitWidth !== undefined) {
      const unitBits = fsize * 8;
      if (d.bitWidth === 0) {
        if (rec.k === 'struct') bit = alignUp(bit, naturalAlign * 8);
        continue;
      }
      let start = rec.k === 'union' ? 0 : bit;
      if (!packed && !d.packed && Math.floor(start / unitBits) !== Math.floor((start + d.bitWidth - 1) / unitBits)) {
        start = alignUp(start, unitBits);
      }
      if (d.name !== undefined) maxAlign = Math.max(maxAlign, packed ? 1 : naturalAlign);
      fields.push({ name: d.name, type: d.type, offset: Math.floor(start / 8), bitOffset: start, bitWidth: d.bitWidth });
      if (rec.k === 'struct') bit = start + d.bitWidth;
      else size = Math.max(size, Math.ceil(d.bitWidth / 8));
      continue;
    }
    maxAlign = Math.max(maxAlign, falign);
    if (rec.k === 'union') {
      fields.push({ name: d.name, type: d.type, offset: 0 });
      size = Math.max(size, fsize);
      continue;
    }
    const off = alignUp(Math.ceil(bit / 8), falign);
    fields.push({ name: d.name, type: d.type, offset: off });
    bit = (off + fsize) * 8;
  }
  if (forcedAlign) maxAlign = Math.max(maxAlign, forcedAlign);
  if (rec.k === 'struct') size = Math.ceil(bit / 8);
  rec.fields = fields;
  rec.align = maxAlign;
  rec.size = alignUp(size, maxAlign);
  rec.packed = packed;
  rec.complete = true;
}

export interface FoundField {
  field: Field;
  /** Byte offset from the start of the outermost record (anonymous members flattened). */
  offset: number;
  /** For bit-fields: bit offset from the start of the outermost record. */
  bitOffset?: number;
}

/** Finds a member by name, looking into anonymous struct/union members. */
export function findField(rec: RecType, name: string): FoundField | undefined {
  for (const f of rec.fields) {
    if (f.name === name) {
      return { field: f, offset: f.offset, bitOffset: f.bitOffset };
    }
    if (f.name === undefined && isRecord(f.type)) {
      const inner = findField(f.type, name);
      if (inner) {
        return {
          field: inner.field,
          offset: f.offset + inner.offset,
          bitOffset: inner.bitOffset !== undefined ? inner.bitOffset + f.offset * 8 : undefined,
        };
      }
    }
  }
  return undefined;
}

export function typeName(t: CType): string {
  switch (t.k) {
    case 'int':
      return t.enumTag ? `enum ${t.enumTag}` : t.name;
    case 'float':
      return t.name;
    case 'void':
      return 'void';
    case 'ptr':
      return t.to.k === 'fn' ? `${typeName(t.to.ret)} (*)(...)` : `${typeName(t.to)} *`;
    case 'arr':
      return `${typeName(t.of)}[${t.len ?? ''}]`;
    case 'struct':
    case 'union':
      return `${t.k} ${t.tag ?? '<anonymous>'}`;
    case 'fn':
      return `${typeName(t.ret)} (${t.params.map(typeName).join(', ')}${t.variadic ? ', ...' : ''})`;
  }
}

/** Integer promotion: types narrower than int become int. */
export function promote(t: IntType): IntType {
  if (t.size < 4) return T.int;
  return t;
}

/** The usual arithmetic conversions for two integer operands. */
export function usualArith(a: IntType, b: IntType): IntType {
  const x = promote(a);
  const y = promote(b);
  if (x.size === y.size) {
    if (x.signed === y.signed) return x.size === 8 ? (x.signed ? T.long : T.ulong) : x.signed ? T.int : T.uint;
    return x.size === 8 ? T.ulong : T.uint;
  }
  const wide = x.size > y.size ? x : y;
  // the wider type can represent every value of the narrower one
  return wide.size === 8 ? (wide.signed ? T.long : T.ulong) : wide.signed ? T.int : T.uint;
}

/** Structural type equality, enough for assignments and `__builtin_types_compatible_p`. */
export function sameType(a: CType, b: CType): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return a.size === (b as IntType).size && a.signed === (b as IntType).signed && !!a.bool === !!(b as IntType).bool;
    case 'ptr':
      return sameType(a.to, (b as PtrType).to);
    case 'arr':
      return a.len === (b as ArrType).len && sameType(a.of, (b as ArrType).of);
    default:
      return false;
  }
}
