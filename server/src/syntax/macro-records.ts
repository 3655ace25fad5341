/**
 * What the BPF macro rewrite replaced, as plain data. Every offset is a JS
 * string index (UTF-16 code unit) into the user's text; because the rewrite
 * keeps lengths and line breaks, the same offsets are valid in the rewritten
 * text and in the tree-sitter tree parsed from it.
 */

export interface TextRange {
  start: number;
  end: number;
}

/** One macro argument as written. */
export interface MacroArg {
  text: string;
  range: TextRange;
}

interface RecordBase {
  /** The macro name as written, e.g. "SEC", "__uint", "BPF_KPROBE". */
  macro: string;
  /** The whole invocation, from the macro name to its closing parenthesis. */
  range: TextRange;
  /** The macro name token. */
  nameRange: TextRange;
}

/** `SEC("xdp")`, `__section("maps")`: blanked; the section string is kept here. */
export interface SectionRecord extends RecordBase {
  kind: 'section';
  /** The concatenated string literal(s); undefined when the argument is not a literal. */
  section: string | undefined;
  /** The argument as written. */
  arg: MacroArg;
}

export interface AttributeItem {
  /** Attribute name without underscores around it, e.g. "always_inline", "section", "aligned". */
  name: string;
  /** Arguments as written inside the attribute's parentheses, if any. */
  args?: string;
}

/**
 * Attribute-like annotations: `__attribute__((...))`, `__always_inline`,
 * `__noinline`, `__weak`, `__hidden`, `__ksym`, `__kconfig`, `__kptr`, ...
 * All are blanked.
 */
export interface AttributeRecord extends RecordBase {
  kind: 'attribute';
  /** What the macro expands to (libbpf's definitions), or the attributes written. */
  attributes: AttributeItem[];
  /** Section implied by the attribute (`__kconfig` -> ".kconfig", `section("x")` -> "x"). */
  section?: string;
}

export type MapFieldMacro = '__uint' | '__ulong' | '__type' | '__array';

/**
 * A BTF map field: `__uint(type, BPF_MAP_TYPE_HASH)` is rewritten to the
 * field `int    type[ BPF_MAP_TYPE_HASH]`, `__type(key, __u32)` to
 * `int    key(__u32)`: the field name and value keep their places.
 */
export interface MapFieldRecord extends RecordBase {
  kind: 'map-field';
  macro: MapFieldMacro;
  field: string;
  fieldRange: TextRange;
  /** The value (a constant expression for __uint/__ulong, a type for __type/__array). */
  value: MacroArg;
}

export interface MacroParam extends MacroArg {
  /** The parameter's type as written (for BPF_PROG2 the separate type argument). */
  type: string;
  name?: string;
  nameRange?: TextRange;
}

/**
 * A program head such as `int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)`,
 * rewritten to `int            do_unlinkat( int dfd, struct filename *name)`.
 * Without parameters (`BPF_KPROBE(name)`) there is no room for the rewrite; the
 * text is kept and the tree shows a function named after the macro.
 */
export interface ProgramHeadRecord extends RecordBase {
  kind: 'program-head';
  functionName: string;
  functionNameRange: TextRange;
  params: MacroParam[];
  /** False when the text was left as is (no parameters). */
  rewritten: boolean;
}

/** `bpf_for(i, 0, 10)`, `bpf_for_each(...)`, `bpf_repeat(n)`: the name becomes `while`. */
export interface LoopRecord extends RecordBase {
  kind: 'loop';
  args: MacroArg[];
}

/**
 * A macro that takes a type as an argument (`bpf_core_type_exists(struct foo)`,
 * `bpf_core_enum_value(enum e, V)`, `bpf_core_cast(p, struct t)`, `container_of`).
 * The type argument is reduced to an expression of the same length: its last
 * identifier is kept (`struct foo` -> `       foo`), everything else blanked.
 */
export interface TypeArgumentRecord extends RecordBase {
  kind: 'type-argument';
  args: MacroArg[];
  /** Indices into `args` of the arguments that are types. */
  typeArgs: number[];
}

/** `_Pragma("unroll")`: blanked. */
export interface PragmaRecord extends RecordBase {
  kind: 'pragma';
  arg: MacroArg;
}

/** `__builtin_offsetof(...)` renamed to `offsetof` (padded) so the grammar sees an offsetof expression. */
export interface BuiltinRecord extends RecordBase {
  kind: 'builtin';
  replacement: string;
}

/** `typeof(expr)` where `expr` is not a type: the parenthesised part is blanked. */
export interface TypeofRecord extends RecordBase {
  kind: 'typeof';
  arg: MacroArg;
}

export type MacroRecord =
  | SectionRecord
  | AttributeRecord
  | MapFieldRecord
  | ProgramHeadRecord
  | LoopRecord
  | TypeArgumentRecord
  | PragmaRecord
  | BuiltinRecord
  | TypeofRecord;

export type MacroRecordKind = MacroRecord['kind'];

function shiftRange(r: TextRange, delta: number): TextRange {
  return { start: r.start + delta, end: r.end + delta };
}

function shiftArg(a: MacroArg, delta: number): MacroArg {
  return { text: a.text, range: shiftRange(a.range, delta) };
}

function shiftParam(p: MacroParam, delta: number): MacroParam {
  const q: MacroParam = { text: p.text, range: shiftRange(p.range, delta), type: p.type };
  if (p.name !== undefined) q.name = p.name;
  if (p.nameRange) q.nameRange = shiftRange(p.nameRange, delta);
  return q;
}

/**
 * A copy of `r` with every offset moved by `delta` (text was inserted or
 * removed before it). Records are shared between document versions, so the
 * original is left untouched. The copies are written out field by field (a
 * spread is several times slower here, and this runs for every record after
 * an edit); a test checks the result against a fresh rewrite of shifted text
 * for every kind, so a forgotten field shows up there.
 */
export function shiftRecord(r: MacroRecord, delta: number): MacroRecord {
  const range = shiftRange(r.range, delta);
  const nameRange = shiftRange(r.nameRange, delta);
  switch (r.kind) {
    case 'section':
      return { kind: r.kind, macro: r.macro, range, nameRange, section: r.section, arg: shiftArg(r.arg, delta) };
    case 'pragma':
    case 'typeof':
      return { kind: r.kind, macro: r.macro, range, nameRange, arg: shiftArg(r.arg, delta) };
    case 'map-field':
      return { kind: r.kind, macro: r.macro, range, nameRange, field: r.field, fieldRange: shiftRange(r.fieldRange, delta), value: shiftArg(r.value, delta) };
    case 'program-head':
      return {
        kind: r.kind,
        macro: r.macro,
        range,
        nameRange,
        functionName: r.functionName,
        functionNameRange: shiftRange(r.functionNameRange, delta),
        params: r.params.map((p) => shiftParam(p, delta)),
        rewritten: r.rewritten,
      };
    case 'loop':
      return { kind: r.kind, macro: r.macro, range, nameRange, args: r.args.map((a) => shiftArg(a, delta)) };
    case 'type-argument':
      return { kind: r.kind, macro: r.macro, range, nameRange, args: r.args.map((a) => shiftArg(a, delta)), typeArgs: r.typeArgs };
    case 'attribute': {
      const out: AttributeRecord = { kind: r.kind, macro: r.macro, range, nameRange, attributes: r.attributes };
      if (r.section !== undefined) out.section = r.section;
      return out;
    }
    case 'builtin':
      return { kind: r.kind, macro: r.macro, range, nameRange, replacement: r.replacement };
  }
}
