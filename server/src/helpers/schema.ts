/**
 * Shape of the generated helper database (`helper-db/helpers.json` and
 * `helper-db/constants.json`). The generator writes it; the server, the
 * interpreter and the CLI read it. Plain data only.
 */

/** A sentence or paragraph in both supported languages. `zh` is Simplified Chinese. */
export interface Text {
  en: string;
  zh: string;
}

export type Locale = 'en' | 'zh-CN';

/**
 * What the verifier expects of an argument, simplified from the kernel's
 * `enum bpf_arg_type` (the exact kernel name is kept in `Param.argType`).
 */
export type ArgKind =
  | 'ctx' // ARG_PTR_TO_CTX: the program's context pointer
  | 'map' // ARG_CONST_MAP_PTR: a map defined in the program
  | 'map-key' // ARG_PTR_TO_MAP_KEY: stack/map memory of key_size bytes
  | 'map-value' // ARG_PTR_TO_MAP_VALUE: memory of value_size bytes
  | 'mem-read' // ARG_PTR_TO_MEM (read-only): initialised memory, size in a sibling param
  | 'mem-write' // ARG_PTR_TO_UNINIT_MEM / MEM_UNINIT: memory the helper fills
  | 'size' // ARG_CONST_SIZE(_OR_ZERO): a verifier-known bound for the preceding memory
  | 'const-str' // ARG_PTR_TO_CONST_STR: a NUL-terminated string in read-only data
  | 'flags' // ARG_ANYTHING that the kernel interprets as a bit set or enum
  | 'scalar' // ARG_ANYTHING: any number
  | 'callback' // ARG_PTR_TO_FUNC: a static function in the same program
  | 'callback-ctx' // ARG_PTR_TO_STACK_OR_NULL: context passed through to a callback
  | 'socket' // ARG_PTR_TO_SOCKET / SOCK_COMMON / BTF_ID_SOCK_COMMON
  | 'btf-id' // ARG_PTR_TO_BTF_ID (a kernel object such as a task_struct)
  | 'spin-lock' // ARG_PTR_TO_SPIN_LOCK
  | 'timer' // ARG_PTR_TO_TIMER
  | 'dynptr' // ARG_PTR_TO_DYNPTR
  | 'ringbuf-mem' // ARG_PTR_TO_RINGBUF_MEM / ALLOC_MEM: a reserved ring-buffer record
  | 'long-ptr' // ARG_PTR_TO_LONG / FIXED_SIZE_MEM: a pointer to one u64 result
  | 'percpu-btf-id' // ARG_PTR_TO_PERCPU_BTF_ID
  | 'kptr' // ARG_PTR_TO_KPTR
  | 'other';

export interface FlagConstant {
  name: string;
  /** Numeric value; bigint-sized values are written as decimal strings. */
  value: number | string;
  /** Meaning of this constant for this helper, if the docs give one. */
  doc?: Text;
}

export interface FlagRule {
  /** What the rule forbids or requires. */
  kind: 'must-be-zero' | 'forbidden' | 'allowed-only' | 'exclusive' | 'requires';
  /** Program types (libbpf lower-case names, e.g. "xdp") the rule is limited to. */
  programTypes?: string[];
  /** Map types (BPF_MAP_TYPE_*) of the helper's map argument the rule is limited to. */
  mapTypes?: string[];
  /** Constants the rule is about. */
  constants?: string[];
  /** Whether the kernel rejects at load time ('verifier') or the helper fails at run time ('runtime'). */
  enforcedBy: 'verifier' | 'runtime';
  /** What the helper returns at run time when the rule is broken, e.g. "-EINVAL"; absent when the kernel only ignores the bits. */
  runtimeResult?: string;
  /** A run-time condition the rule depends on (e.g. "len_diff < 0"); such rules are documentation, not checked statically. */
  condition?: string;
  message: Text;
}

export interface FlagSpec {
  /** Constants this parameter accepts. */
  constants: FlagConstant[];
  /** True when several constants may be OR-ed together; false for enum-like values. */
  combinable: boolean;
  /** Bits the kernel accepts; anything outside is rejected (hex string like "0x3"). */
  allowedMask?: string;
  /** Sub-fields carried inside the value (e.g. a header length in the low 4 bits). */
  fields?: { name: string; mask: string; doc: Text; allowedValues?: number[] }[];
  rules: FlagRule[];
}

export interface Param {
  name: string;
  /** The C type in libbpf's declaration. */
  type: string;
  kind: ArgKind;
  /** The kernel's `enum bpf_arg_type` value(s) for this argument, e.g. "ARG_PTR_TO_MAP_KEY". */
  argType?: string;
  /** The pointer may be NULL (PTR_MAYBE_NULL / *_OR_NULL). */
  nullable?: boolean;
  /** For a memory argument: the name of the parameter that carries its size. */
  sizeParam?: string;
  /** For a size argument: zero is allowed (ARG_CONST_SIZE_OR_ZERO). */
  zeroAllowed?: boolean;
  flags?: FlagSpec;
  /** For a map argument: the map types (BPF_MAP_TYPE_*) the verifier accepts here. */
  mapTypes?: string[];
  doc: Text;
}

export type ReturnKind =
  | 'errno' // 0 on success, a negative errno on failure
  | 'ptr-or-null' // a pointer that must be NULL-checked before use
  | 'ptr' // a pointer that is never NULL
  | 'action' // a program return code (XDP_* / TC_ACT_* / SK_*)
  | 'no-return-on-success' // bpf_tail_call: only returns when it fails
  | 'value' // a plain value (time, id, length, ...)
  | 'value-or-errno' // a non-negative value, or a negative errno
  | 'void';

export interface Returns {
  type: string;
  kind: ReturnKind;
  /** The kernel's `enum bpf_return_type`, e.g. "RET_PTR_TO_MAP_VALUE_OR_NULL". */
  retType?: string;
  /** For kind 'action': codes returned per program type. */
  actions?: { programTypes: string[]; codes: string[] }[];
  /** Negative errno values the helper is documented to return. */
  errors?: string[];
  doc: Text;
}

export interface Pitfall {
  en: string;
  zh: string;
}

export interface HelperDocs {
  summary: Text;
  description: Text;
  pitfalls: Pitfall[];
  /** Where the seed notes disagree with the kernel, the kernel's version and what differs. */
  seedNote?: Text;
}

export interface Helper {
  id: number;
  name: string;
  returnType: string;
  params: Param[];
  /** True for variadic helpers (bpf_trace_printk). */
  variadic?: boolean;
  returns: Returns;
  /** The verifier drops every packet pointer after a call to this helper. */
  changesPktData: boolean;
  /** Program types (libbpf lower-case names) that may call it, best source first. */
  programTypes: string[];
  /** Where `programTypes` came from, per type: 'kernel-6.18' (live probe) or 'docs' (docs.ebpf.io). */
  programTypeSources: Record<string, 'kernel-6.18' | 'docs'>;
  sinceKernel: string;
  gplOnly: boolean;
  /** When the helper is deprecated: what to use instead. */
  deprecated?: { replacement: string[]; reason: Text };
  /** True for helpers that appear in the user's seed notes. */
  inSeed: boolean;
  docs: HelperDocs;
}

export interface ConstantEntry {
  name: string;
  value: number | string;
  /** Which group the constant belongs to. */
  group:
    | 'map-update-flag'
    | 'helper-flag'
    | 'xdp-action'
    | 'tc-action'
    | 'sk-action'
    | 'map-type'
    | 'prog-type'
    | 'attach-type'
    | 'other';
  /** C enum tag, or null for #define. */
  enum: string | null;
  /** Helpers that accept it. */
  helpers: string[];
  doc?: Text;
  header: string;
}

export interface ProgramTypeInfo {
  /** libbpf lower-case name, e.g. "xdp", "sched_cls". */
  name: string;
  /** BPF_PROG_TYPE_* */
  constant: string;
  value: number;
  /** The context struct the program receives, e.g. "struct xdp_md". */
  context: string;
  /** Return codes the verifier accepts, when the type restricts them. */
  returnCodes?: string[];
  /** Human-readable range when codes are numeric (e.g. socket filter lengths). */
  returnRange?: string;
  /** The verifier itself rejects return values outside the allowed set. */
  verifierChecked?: boolean;
}

export interface ContextField {
  name: string;
  /** C type as declared in linux/bpf.h. */
  type: string;
  /** Byte offset and size in the struct (BPF target layout). */
  offset: number;
  size: number;
  count?: number;
  doc?: Text;
}

/** A context struct a program receives (struct xdp_md, struct __sk_buff, ...). */
export interface ContextStruct {
  /** e.g. "struct xdp_md" */
  name: string;
  size: number;
  fields: ContextField[];
}

export interface HelperDatabase {
  generatedFrom: string[];
  helpers: Helper[];
}

export interface ConstantDatabase {
  constants: ConstantEntry[];
  programTypes: ProgramTypeInfo[];
  contextStructs: ContextStruct[];
}
