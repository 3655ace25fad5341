/**
 * The per-file document model: what a BPF C file declares, as plain data.
 * Every span carries offsets into the user's text (JS string indices, the
 * same as tree-sitter's) and zero-based line/character positions.
 */
import type { Span } from '../syntax/line-index.ts';
import type { AttributeItem } from '../syntax/macro-records.ts';
import type { SyntaxErrorInfo } from '../syntax/syntax-errors.ts';

export type { Span };

export interface ParamInfo {
  name?: string;
  type: string;
  span: Span;
  nameSpan?: Span;
}

export interface FunctionInfo {
  name: string;
  nameSpan: Span;
  /** The whole definition or prototype, including a preceding SEC(...). */
  span: Span;
  bodySpan?: Span;
  returnType: string;
  params: ParamInfo[];
  variadic: boolean;
  isDefinition: boolean;
  isStatic: boolean;
  isExtern: boolean;
  /** `inline`, `__always_inline` or `__attribute__((always_inline))`. */
  isInline: boolean;
  alwaysInline: boolean;
  noinline: boolean;
  weak: boolean;
  hidden: boolean;
  /** `__ksym` (a kfunc or kernel symbol). */
  ksym: boolean;
  attributes: AttributeItem[];
  /** Explicit ELF section (SEC, __section, __attribute__((section))). */
  section?: string;
  sectionSpan?: Span;
  /** BPF_KPROBE, BPF_PROG, ... when the head was written with one. */
  headMacro?: string;
}

export interface ProgramInfo {
  name: string;
  nameSpan: Span;
  span: Span;
  section: string;
  /** Span of the section macro or attribute. */
  sectionSpan: Span;
  /** libbpf lower-case program type, undefined when libbpf does not know the section. */
  programType?: string;
  programTypeConstant?: string;
  attachType?: string;
  /** C type of the context argument, e.g. "struct xdp_md", "u64 *". */
  context?: string;
  /** What follows the section prefix, e.g. the kprobe'd function. */
  target?: string;
  sleepable: boolean;
  /** The first parameter, as declared (for BPF_KPROBE & co, the macro's first parameter). */
  contextParam?: ParamInfo;
  headMacro?: string;
}

export interface MapField {
  /** Field name: "type", "key", "max_entries", ... */
  field: string;
  /** How it was written: "__uint", "__type", "__array", "__ulong" or "." (legacy designated initializer). */
  macro: string;
  /** The value as written (a type for key/value/values). */
  text: string;
  /** Evaluated integer value, when the text is a constant expression this file can decide. */
  value?: number;
  span: Span;
  fieldSpan: Span;
  valueSpan: Span;
}

export interface MapInfo {
  name: string;
  nameSpan: Span;
  span: Span;
  style: 'btf' | 'legacy';
  section: string;
  sectionSpan?: Span;
  /** Named struct the map was declared with (`struct my_map_def m SEC(".maps")`). */
  structName?: string;
  fields: MapField[];
  type?: MapField;
  key?: MapField;
  value?: MapField;
  keySize?: MapField;
  valueSize?: MapField;
  maxEntries?: MapField;
  mapFlags?: MapField;
  pinning?: MapField;
  numaNode?: MapField;
  mapExtra?: MapField;
  /** `__array(values, ...)`: the inner map's type, or the program signature of a prog array. */
  values?: MapField;
  /** An inner map written inline or found by struct name. */
  innerMap?: MapInfo;
  /** Initializer as written (`= { .values = {...} }`). */
  initializer?: { text: string; span: Span };
}

export interface LicenseInfo {
  /** Variable name (LICENSE, _license, ...). */
  name: string;
  /** The license string, if the initializer is a string literal. */
  value?: string;
  span: Span;
  valueSpan?: Span;
}

export interface GlobalVariable {
  name: string;
  nameSpan: Span;
  span: Span;
  /** Full type, e.g. "const volatile __u32", "char[16]". */
  type: string;
  isConst: boolean;
  isVolatile: boolean;
  isStatic: boolean;
  isExtern: boolean;
  /** Explicit section, if written. */
  section?: string;
  /**
   * Where libbpf puts it: the explicit section, or ".rodata" (const), ".data"
   * (initialised non-zero), ".bss" (zero/uninitialised), ".kconfig", ".ksyms",
   * or "extern" (an extern without __kconfig/__ksym).
   */
  placement: string;
  initializer?: { text: string; span: Span };
  attributes: AttributeItem[];
}

export interface MacroDefinition {
  name: string;
  nameSpan: Span;
  span: Span;
  kind: 'object' | 'function';
  params?: string[];
  value?: string;
  valueSpan?: Span;
}

export interface FieldInfo {
  name: string;
  type: string;
  span: Span;
  nameSpan: Span;
  bitWidth?: string;
}

export interface EnumeratorInfo {
  name: string;
  nameSpan: Span;
  valueText?: string;
  value?: number;
}

export interface TypeDefinition {
  kind: 'struct' | 'union' | 'enum' | 'typedef';
  /** Tag (struct/union/enum) or typedef name; undefined for an anonymous enum (listed for its constants). */
  name?: string;
  nameSpan?: Span;
  span: Span;
  fields?: FieldInfo[];
  enumerators?: EnumeratorInfo[];
  /** For typedefs: the aliased type as written. */
  aliasOf?: string;
  /** struct/union carries __attribute__((packed)) / preserve_access_index etc. */
  attributes: AttributeItem[];
}

export interface IncludeDirective {
  /** The path as written, without quotes or angle brackets. */
  path: string;
  system: boolean;
  span: Span;
  pathSpan: Span;
}

export interface CallArgument {
  text: string;
  span: Span;
}

export interface CallSite {
  /** Callee as written: a name for direct calls, an expression otherwise. */
  callee: string;
  calleeSpan: Span;
  span: Span;
  args: CallArgument[];
  /** Enclosing function, if any. */
  inFunction?: string;
}

export interface FieldAccess {
  object: string;
  field: string;
  operator: '.' | '->';
  span: Span;
  fieldSpan: Span;
  inFunction?: string;
}

export interface DocumentModel {
  programs: ProgramInfo[];
  maps: MapInfo[];
  license?: LicenseInfo;
  globals: GlobalVariable[];
  functions: FunctionInfo[];
  macros: MacroDefinition[];
  types: TypeDefinition[];
  includes: IncludeDirective[];
  calls: CallSite[];
  fieldAccesses: FieldAccess[];
  syntaxErrors: SyntaxErrorInfo[];
}
