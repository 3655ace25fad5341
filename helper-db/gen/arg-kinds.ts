/**
 * Turns the kernel's verifier argument types (from `bpf_func_proto`) into our
 * simplified argument kinds, with a fallback on libbpf's C types for helpers whose
 * proto we have not recorded.
 */
import type { ArgKind } from '../../server/src/helpers/schema.ts';

export interface KindGuess {
  kind: ArgKind;
  nullable?: boolean;
  zeroAllowed?: boolean;
}

/** `argType` as written in a proto, e.g. "ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY". */
export function kindFromArgType(argType: string, paramName: string, hasFlags: boolean): KindGuess {
  const parts = argType.split('|').map((s) => s.trim());
  const base = parts[0];
  const nullable = parts.includes('PTR_MAYBE_NULL') || /_OR_NULL$/.test(base);
  const b = base.replace(/_OR_NULL$/, '');
  const table: Record<string, ArgKind> = {
    ARG_PTR_TO_CTX: 'ctx',
    ARG_CONST_MAP_PTR: 'map',
    ARG_PTR_TO_MAP_KEY: 'map-key',
    ARG_PTR_TO_MAP_VALUE: 'map-value',
    ARG_PTR_TO_UNINIT_MAP_VALUE: 'map-value',
    ARG_PTR_TO_UNINIT_MEM: 'mem-write',
    ARG_CONST_SIZE: 'size',
    ARG_CONST_SIZE_OR_ZERO: 'size',
    ARG_CONST_ALLOC_SIZE_OR_ZERO: 'size',
    ARG_PTR_TO_CONST_STR: 'const-str',
    ARG_PTR_TO_FUNC: 'callback',
    ARG_PTR_TO_STACK: 'callback-ctx',
    ARG_PTR_TO_SOCKET: 'socket',
    ARG_PTR_TO_SOCK_COMMON: 'socket',
    ARG_PTR_TO_BTF_ID_SOCK_COMMON: 'socket',
    ARG_PTR_TO_BTF_ID: 'btf-id',
    ARG_PTR_TO_SPIN_LOCK: 'spin-lock',
    ARG_PTR_TO_TIMER: 'timer',
    ARG_PTR_TO_DYNPTR: 'dynptr',
    ARG_PTR_TO_RINGBUF_MEM: 'ringbuf-mem',
    ARG_PTR_TO_ALLOC_MEM: 'ringbuf-mem',
    ARG_PTR_TO_LONG: 'long-ptr',
    ARG_PTR_TO_INT: 'long-ptr',
    ARG_PTR_TO_FIXED_SIZE_MEM: 'long-ptr',
    ARG_PTR_TO_PERCPU_BTF_ID: 'percpu-btf-id',
    ARG_PTR_TO_KPTR: 'kptr',
  };
  if (b === 'ARG_PTR_TO_MEM') {
    const writes = parts.includes('MEM_UNINIT') || parts.includes('MEM_WRITE');
    const readOnly = parts.includes('MEM_RDONLY');
    return { kind: writes || !readOnly ? (writes ? 'mem-write' : 'mem-read') : 'mem-read', nullable };
  }
  if (b === 'ARG_ANYTHING' || b === 'ARG_DONTCARE') {
    return { kind: hasFlags || /flags?$/.test(paramName) ? 'flags' : 'scalar' };
  }
  const kind = table[b] ?? 'other';
  return { kind, nullable: nullable || undefined, zeroAllowed: b.endsWith('_OR_ZERO') || undefined };
}

/** Best guess from libbpf's declaration alone (used when no proto is recorded). */
export function kindFromCType(
  type: string,
  name: string,
  index: number,
  prev: { kind: ArgKind } | undefined,
  hasFlags: boolean,
): KindGuess {
  const t = type.replace(/\s+/g, ' ');
  if (hasFlags || /flags?$/.test(name)) return { kind: 'flags' };
  if (index === 0 && /^(struct (__sk_buff|xdp_md|sk_msg_md|bpf_sock_ops|bpf_sock_addr|bpf_sysctl|sk_reuseport_md|pt_regs|bpf_perf_event_data)|void) \*$/.test(t) && /^(ctx|skb|xdp|xdp_md|msg|skops|regs|sk_ctx|reuse)$/.test(name))
    return { kind: 'ctx' };
  if (name === 'map' || /struct bpf_map \*/.test(t)) return { kind: 'map' };
  if (name === 'key' && prev?.kind === 'map') return { kind: 'map-key' };
  if (name === 'value' && prev?.kind === 'map-key') return { kind: 'map-value' };
  if (/callback_fn|fn$/.test(name) && t.includes('void *')) return { kind: 'callback' };
  if (/(^|_)(size|len|size__sz)$/.test(name) && prev && (prev.kind === 'mem-read' || prev.kind === 'mem-write'))
    return { kind: 'size' };
  if (/^struct (bpf_sock|bpf_tcp_sock|sock|sock_common)\b/.test(t)) return { kind: 'socket' };
  if (t.endsWith('*')) return { kind: t.startsWith('const') ? 'mem-read' : 'mem-write' };
  return { kind: 'scalar' };
}
