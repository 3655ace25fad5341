/**
 * Our versions of libbpf's headers: bpf/bpf_helpers.h (SEC, map field
 * macros, inline/noinline, bpf_printk, likely/unlikely), the helper
 * declarations generated from the helper database (bpf_helper_defs.h, in
 * libbpf's `static long (* const name)(...) = (void *) ID;` form),
 * bpf/bpf_endian.h and small versions of bpf_core_read.h / bpf_tracing.h.
 */
import { helperIndex } from '../../helpers/database.ts';

let defsCache: string | undefined;

export function bpfHelperDefsH(): string {
  if (defsCache) return defsCache;
  const db = helperIndex();
  const structs = new Set<string>();
  const lines: string[] = [];
  for (const h of [...db.helpers].sort((a, b) => a.id - b.id)) {
    const params = h.params.map((p) => {
      for (const m of p.type.matchAll(/struct\s+(\w+)/g)) structs.add(m[1]);
      const t = p.type.trim();
      return t.endsWith('*') ? `${t}${p.name}` : `${t} ${p.name}`;
    });
    for (const m of h.returnType.matchAll(/struct\s+(\w+)/g)) structs.add(m[1]);
    if (h.variadic) params.push('...');
    const ret = h.returnType.trim();
    lines.push(`static ${ret} (* const ${h.name})(${params.length ? params.join(', ') : 'void'}) = (void *) ${h.id};`);
  }
  defsCache = ['#ifndef _BPFLS_BPF_HELPER_DEFS_H', '#define _BPFLS_BPF_HELPER_DEFS_H', ...[...structs].sort().map((s) => `struct ${s};`), ...lines, '#endif', ''].join('\n');
  return defsCache;
}

export const BPF_HELPERS_H = `#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__
#include <bpf/bpf_helper_defs.h>
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
#define __ulong(name, val) unsigned long (*name)[val]
#define SEC(name) __attribute__((section(name), used))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#define __hidden __attribute__((visibility("hidden")))
#define __ksym __attribute__((section(".ksyms")))
#define __kconfig __attribute__((section(".kconfig")))
#define __kptr_untrusted
#define __kptr
#define __percpu_kptr
#define __uptr
#define __arg_ctx
#define __arg_nonnull
#define __arg_nullable
#define __arg_trusted
#define __arg_arena
#define __bpf_fastcall
#define __noreturn __attribute__((noreturn))
#ifndef NULL
#define NULL ((void *)0)
#endif
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif
#define __bpf_unreachable() __builtin_trap()
#ifndef offsetof
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#endif
#ifndef offsetofend
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof((((TYPE *)0)->MEMBER)))
#endif
#ifndef container_of
#define container_of(ptr, type, member) ((type *)((void *)(ptr) - offsetof(type, member)))
#endif
#define ___bpf_concat(a, b) a ## b
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#define ___bpf_narg(...) ___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
/* libbpf picks bpf_trace_printk (up to 3 arguments) or bpf_trace_vprintk (up to 12) */
#define bpf_printk(fmt, args...) __bpfls_printk(fmt, sizeof(fmt), ##args)
#define BPF_PRINTK_FMT_MOD
#define bpf_tail_call_static(ctx, map, slot) bpf_tail_call(ctx, map, slot)
#define bpf_ksym_exists(sym) (!!(&(sym)))
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME,
};
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};
#endif
`;

export const BPF_ENDIAN_H = `#ifndef __BPF_ENDIAN__
#define __BPF_ENDIAN__
#define ___bpf_mvb(x, b, n, m) ((__u##b)(x) << (b-(n+1)*8) >> (b-8) << (m*8))
#define ___bpf_swab16(x) ((__u16)(___bpf_mvb(x, 16, 0, 1) | ___bpf_mvb(x, 16, 1, 0)))
#define ___bpf_swab32(x) ((__u32)(___bpf_mvb(x, 32, 0, 3) | ___bpf_mvb(x, 32, 1, 2) | ___bpf_mvb(x, 32, 2, 1) | ___bpf_mvb(x, 32, 3, 0)))
#define ___bpf_swab64(x) __builtin_bswap64(x)
#define __bpf_ntohs(x) __builtin_bswap16(x)
#define __bpf_htons(x) __builtin_bswap16(x)
#define __bpf_constant_ntohs(x) ___bpf_swab16(x)
#define __bpf_constant_htons(x) ___bpf_swab16(x)
#define __bpf_ntohl(x) __builtin_bswap32(x)
#define __bpf_htonl(x) __builtin_bswap32(x)
#define __bpf_constant_ntohl(x) ___bpf_swab32(x)
#define __bpf_constant_htonl(x) ___bpf_swab32(x)
#define __bpf_be64_to_cpu(x) __builtin_bswap64(x)
#define __bpf_cpu_to_be64(x) __builtin_bswap64(x)
#define __bpf_constant_be64_to_cpu(x) ___bpf_swab64(x)
#define __bpf_constant_cpu_to_be64(x) ___bpf_swab64(x)
#define bpf_htons(x) __builtin_bswap16(x)
#define bpf_ntohs(x) __builtin_bswap16(x)
#define bpf_htonl(x) __builtin_bswap32(x)
#define bpf_ntohl(x) __builtin_bswap32(x)
#define bpf_cpu_to_be64(x) __builtin_bswap64(x)
#define bpf_be64_to_cpu(x) __builtin_bswap64(x)
#endif
`;

export const BPF_CORE_READ_H = `#ifndef __BPF_CORE_READ_H__
#define __BPF_CORE_READ_H__
#include <bpf/bpf_helpers.h>
#define __builtin_preserve_access_index(x) (x)
#define bpf_core_read(dst, sz, src) bpf_probe_read_kernel(dst, sz, (const void *)(src))
#define bpf_core_read_str(dst, sz, src) bpf_probe_read_kernel_str(dst, sz, (const void *)(src))
#define bpf_core_field_exists(...) 1
#define bpf_core_type_exists(...) 1
#define bpf_core_enum_value_exists(...) 1
#define bpf_core_field_size(field) sizeof(field)
#define bpf_core_cast(ptr, type) ((type *)(ptr))
#define ___bpf_core_read1(s, a) ((s)->a)
#define ___bpf_core_read2(s, a, b) ((s)->a->b)
#define ___bpf_core_read3(s, a, b, c) ((s)->a->b->c)
#define ___bpf_core_read4(s, a, b, c, d) ((s)->a->b->c->d)
#define ___bpf_core_read5(s, a, b, c, d, e) ((s)->a->b->c->d->e)
#define BPF_CORE_READ(src, ...) ___bpf_apply(___bpf_core_read, ___bpf_narg(__VA_ARGS__))(src, __VA_ARGS__)
#define BPF_CORE_READ_INTO(dst, src, ...) ({ *(dst) = BPF_CORE_READ(src, __VA_ARGS__); 0; })
#define BPF_PROBE_READ(src, ...) BPF_CORE_READ(src, __VA_ARGS__)
#endif
`;

export const BPF_TRACING_H = `#ifndef __BPF_TRACING_H__
#define __BPF_TRACING_H__
#include <bpf/bpf_helpers.h>
#endif
`;
