/**
 * The BPF/libbpf macros the rewrite knows, grouped by how they are rewritten.
 * Expansions follow libbpf's bpf_helpers.h / bpf_tracing.h / bpf_core_read.h.
 */
import type { AttributeItem, MapFieldMacro } from './macro-records.ts';

/** `SEC("name")` and the older `__section("name")`: blanked, section kept. */
export const SECTION_MACROS: ReadonlySet<string> = new Set(['SEC', '__section']);

/** Bare attribute macros (no parentheses) and what they expand to. */
export const ATTRIBUTE_WORDS: ReadonlyMap<string, { attributes: AttributeItem[]; section?: string }> = new Map([
  ['__always_inline', { attributes: [{ name: 'inline' }, { name: 'always_inline' }] }],
  ['__noinline', { attributes: [{ name: 'noinline' }] }],
  ['__weak', { attributes: [{ name: 'weak' }] }],
  ['__hidden', { attributes: [{ name: 'visibility', args: '"hidden"' }] }],
  ['__ksym', { attributes: [{ name: 'section', args: '".ksyms"' }], section: '.ksyms' }],
  ['__kconfig', { attributes: [{ name: 'section', args: '".kconfig"' }], section: '.kconfig' }],
  ['__kptr', { attributes: [{ name: 'btf_type_tag', args: '"kptr"' }] }],
  ['__kptr_untrusted', { attributes: [{ name: 'btf_type_tag', args: '"kptr_untrusted"' }] }],
  ['__kptr_ref', { attributes: [{ name: 'btf_type_tag', args: '"kptr_ref"' }] }],
  ['__percpu_kptr', { attributes: [{ name: 'btf_type_tag', args: '"percpu_kptr"' }] }],
  ['__uptr', { attributes: [{ name: 'btf_type_tag', args: '"uptr"' }] }],
  ['__arg_ctx', { attributes: [{ name: 'btf_decl_tag', args: '"arg:ctx"' }] }],
  ['__arg_nonnull', { attributes: [{ name: 'btf_decl_tag', args: '"arg:nonnull"' }] }],
  ['__arg_nullable', { attributes: [{ name: 'btf_decl_tag', args: '"arg:nullable"' }] }],
  ['__arg_trusted', { attributes: [{ name: 'btf_decl_tag', args: '"arg:trusted"' }] }],
  ['__arg_untrusted', { attributes: [{ name: 'btf_decl_tag', args: '"arg:untrusted"' }] }],
  ['__arg_arena', { attributes: [{ name: 'btf_decl_tag', args: '"arg:arena"' }] }],
  ['__arena', { attributes: [{ name: 'address_space', args: '1' }] }],
  ['__packed', { attributes: [{ name: 'packed' }] }],
  ['__unused', { attributes: [{ name: 'unused' }] }],
  ['__maybe_unused', { attributes: [{ name: 'unused' }] }],
  ['__used', { attributes: [{ name: 'used' }] }],
  ['__noreturn', { attributes: [{ name: 'noreturn' }] }],
  ['__must_check', { attributes: [{ name: 'warn_unused_result' }] }],
  ['__user', { attributes: [{ name: 'btf_type_tag', args: '"user"' }] }],
  ['__rcu', { attributes: [{ name: 'btf_type_tag', args: '"rcu"' }] }],
  ['__percpu', { attributes: [{ name: 'btf_type_tag', args: '"percpu"' }] }],
  ['__iomem', { attributes: [] }],
  ['__force', { attributes: [] }],
]);

/** Attribute macros with parentheses: `__attribute__((...))` and friends. All blanked. */
export const ATTRIBUTE_CALLS: ReadonlySet<string> = new Set([
  '__attribute__',
  '__attribute',
  '__aligned',
  '__contains',
  '__printf',
  '__declspec',
]);

/** BTF map field macros and the declarator shape they are rewritten to. */
export const MAP_FIELD_MACROS: ReadonlyMap<MapFieldMacro, 'array' | 'function'> = new Map([
  ['__uint', 'array'],
  ['__ulong', 'array'],
  ['__type', 'function'],
  ['__array', 'function'],
]);

/**
 * Program-head macros from bpf_tracing.h (and the struct_ops ones common in
 * selftests). 'pairs' means the parameters are written as `type, name` pairs.
 */
export const PROGRAM_HEAD_MACROS: ReadonlyMap<string, 'plain' | 'pairs'> = new Map([
  ['BPF_KPROBE', 'plain'],
  ['BPF_KRETPROBE', 'plain'],
  ['BPF_KSYSCALL', 'plain'],
  ['BPF_KPROBE_SYSCALL', 'plain'],
  ['BPF_UPROBE', 'plain'],
  ['BPF_URETPROBE', 'plain'],
  ['BPF_USDT', 'plain'],
  ['BPF_PROG', 'plain'],
  ['BPF_PROG2', 'pairs'],
  ['BPF_STRUCT_OPS', 'plain'],
  ['BPF_STRUCT_OPS_SLEEPABLE', 'plain'],
]);

/** Open-coded iterator loops from bpf_helpers.h: `bpf_for(i, 0, n) { ... }`. */
export const LOOP_MACROS: ReadonlySet<string> = new Set(['bpf_for', 'bpf_for_each', 'bpf_repeat']);

/**
 * Macros taking a type argument; the function returns which argument indices
 * are types for a call with `argc` arguments.
 */
export const TYPE_ARGUMENT_MACROS: ReadonlyMap<string, (argc: number) => number[]> = new Map([
  ['bpf_core_type_exists', () => [0]],
  ['bpf_core_type_matches', () => [0]],
  ['bpf_core_type_size', () => [0]],
  ['bpf_core_type_id_local', () => [0]],
  ['bpf_core_type_id_kernel', () => [0]],
  ['bpf_core_enum_value_exists', () => [0]],
  ['bpf_core_enum_value', () => [0]],
  ['bpf_core_field_exists', (argc: number) => (argc === 2 ? [0] : [])],
  ['bpf_core_field_size', (argc: number) => (argc === 2 ? [0] : [])],
  ['bpf_core_field_offset', (argc: number) => (argc === 2 ? [0] : [])],
  ['bpf_core_cast', () => [1]],
  ['container_of', () => [1]],
  ['bpf_obj_new', () => [0]],
  ['bpf_percpu_obj_new', () => [0]],
  ['__builtin_types_compatible_p', () => [0, 1]],
]);

/** Pragma operators: blanked. */
export const PRAGMA_MACROS: ReadonlySet<string> = new Set(['_Pragma', '__pragma']);

/** Builtins the grammar knows under another name; renamed in place (padded with spaces). */
export const BUILTIN_RENAMES: ReadonlyMap<string, string> = new Map([['__builtin_offsetof', 'offsetof']]);

/** typeof spellings; rewritten only when the argument is an expression, not a type. */
export const TYPEOF_MACROS: ReadonlySet<string> = new Set(['typeof', '__typeof__', '__typeof']);

/** C keywords that start or make up a type name. */
export const TYPE_KEYWORDS: ReadonlySet<string> = new Set([
  'struct',
  'union',
  'enum',
  'const',
  'volatile',
  'restrict',
  '__restrict',
  'unsigned',
  'signed',
  'short',
  'long',
  'int',
  'char',
  'float',
  'double',
  'void',
  '_Bool',
  'bool',
  '_Atomic',
]);
