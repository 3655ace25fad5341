/**
 * A small model of C types on the BPF target (LP64, little endian): enough to
 * scale pointer arithmetic, find field offsets and sizes, and know how many
 * bytes an access touches. Anything it cannot decide is `unknown`, and the
 * checks stay silent about it.
 */

export type CType =
  | { k: 'int'; size: number; signed: boolean }
  | { k: 'ptr'; to: CType }
  | { k: 'struct'; name: string }
  | { k: 'array'; of: CType; len: number | undefined }
  | { k: 'void' }
  | { k: 'fn' }
  | { k: 'unknown' };

export const UNKNOWN: CType = { k: 'unknown' };
export const VOID: CType = { k: 'void' };
export const INT: CType = { k: 'int', size: 4, signed: true };
export const LONG: CType = { k: 'int', size: 8, signed: true };
export const ULONG: CType = { k: 'int', size: 8, signed: false };
export const U8: CType = { k: 'int', size: 1, signed: false };
export const VOID_PTR: CType = { k: 'ptr', to: VOID };

export function ptrTo(t: CType): CType {
  return { k: 'ptr', to: t };
}

export interface FieldLayout {
  /** Byte offset within the struct; undefined when an earlier field has an unknown size. */
  offset: number | undefined;
  type: CType;
  /** For a bitfield: the bytes its bits occupy (relative to `offset`). */
  bitBytes?: { first: number; count: number; width: number };
}

export interface StructLayout {
  name: string;
  union: boolean;
  /** Undefined when some field's size is unknown. */
  size: number | undefined;
  align: number;
  fields: Map<string, FieldLayout>;
}

/** Integer typedefs every BPF program sees through vmlinux.h / linux/types.h. */
const INT_TYPEDEFS: Readonly<Record<string, [number, boolean]>> = {
  __u8: [1, false],
  __s8: [1, true],
  u8: [1, false],
  s8: [1, true],
  uint8_t: [1, false],
  int8_t: [1, true],
  __u16: [2, false],
  __s16: [2, true],
  __be16: [2, false],
  __le16: [2, false],
  __sum16: [2, false],
  u16: [2, false],
  s16: [2, true],
  uint16_t: [2, false],
  int16_t: [2, true],
  __u32: [4, false],
  __s32: [4, true],
  __be32: [4, false],
  __le32: [4, false],
  __wsum: [4, false],
  u32: [4, false],
  s32: [4, true],
  uint32_t: [4, false],
  int32_t: [4, true],
  pid_t: [4, true],
  __u64: [8, false],
  __s64: [8, true],
  __be64: [8, false],
  __le64: [8, false],
  u64: [8, false],
  s64: [8, true],
  uint64_t: [8, false],
  int64_t: [8, true],
  size_t: [8, false],
  ssize_t: [8, true],
  uintptr_t: [8, false],
  intptr_t: [8, true],
  ptrdiff_t: [8, true],
  bool: [1, false],
  _Bool: [1, false],
  __kernel_size_t: [8, false],
};

const primitives = new Map<string, CType | undefined>();

/** A primitive or `sized_type_specifier` spelling ("unsigned long", "char"); the same object for the same words. */
export function primitiveType(words: string[]): CType | undefined {
  const key = words.join(' ');
  if (primitives.has(key)) return primitives.get(key);
  const t = spelledType(words);
  if (primitives.size > 1000) primitives.clear(); // spellings with typedef names are open-ended
  primitives.set(key, t);
  return t;
}

function spelledType(words: string[]): CType | undefined {
  const w = words.filter((x) => x !== 'const' && x !== 'volatile' && x !== 'signed' && x !== 'restrict');
  const unsigned = w.includes('unsigned');
  const rest = w.filter((x) => x !== 'unsigned');
  const signedWord = words.includes('signed');
  const s = rest.join(' ');
  const mk = (size: number, dflt = true): CType => ({ k: 'int', size, signed: unsigned ? false : signedWord || dflt });
  switch (s) {
    case '':
      return unsigned || signedWord ? mk(4) : undefined;
    case 'char':
      return mk(1);
    case 'short':
    case 'short int':
      return mk(2);
    case 'int':
      return mk(4);
    case 'long':
    case 'long int':
    case 'long long':
    case 'long long int':
      return mk(8);
    case 'void':
      return VOID;
    case 'float':
      return { k: 'int', size: 4, signed: true };
    case 'double':
      return { k: 'int', size: 8, signed: true };
  }
  if (rest.length === 1 && INT_TYPEDEFS[s]) {
    const [size, sg] = INT_TYPEDEFS[s];
    return { k: 'int', size, signed: unsigned ? false : sg };
  }
  return undefined;
}

export function builtinTypedef(name: string): CType | undefined {
  const t = INT_TYPEDEFS[name];
  return t ? { k: 'int', size: t[0], signed: t[1] } : undefined;
}

export function isPointer(t: CType): t is { k: 'ptr'; to: CType } {
  return t.k === 'ptr';
}

export function isIntegral(t: CType): boolean {
  return t.k === 'int';
}

/** The type an array decays to, or the type itself. */
export function decay(t: CType): CType {
  return t.k === 'array' ? ptrTo(t.of) : t.k === 'fn' ? ptrTo(t) : t;
}

export function sameType(a: CType, b: CType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return b.k === 'int' && a.size === b.size && a.signed === b.signed;
    case 'ptr':
      return b.k === 'ptr' && sameType(a.to, b.to);
    case 'struct':
      return b.k === 'struct' && a.name === b.name;
    case 'array':
      return b.k === 'array' && a.len === b.len && sameType(a.of, b.of);
    default:
      return true;
  }
}

/** Range of values an integer type holds (as JS numbers; 64-bit ends become infinities). */
export function intRange(t: CType): [number, number] {
  if (t.k !== 'int') return [-Infinity, Infinity];
  if (t.size >= 8) return t.signed ? [-Infinity, Infinity] : [0, Infinity];
  const bits = t.size * 8;
  return t.signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

export function typeToString(t: CType): string {
  switch (t.k) {
    case 'int':
      return `${t.signed ? 's' : 'u'}${t.size * 8}`;
    case 'ptr':
      return `${typeToString(t.to)} *`;
    case 'struct':
      return `struct ${t.name}`;
    case 'array':
      return `${typeToString(t.of)}[${t.len ?? ''}]`;
    default:
      return t.k;
  }
}
