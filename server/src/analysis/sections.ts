/**
 * ELF section name -> BPF program type, the way libbpf's `section_defs`
 * table in src/libbpf.c maps them (first matching entry wins).
 *
 * Checked against libbpf/libbpf src/libbpf.c at commit
 * 00db402f9377598c3233da64d96788750fd89f1a. Entries marked `newer` were added
 * to libbpf after that commit (kprobe/uprobe sessions).
 *
 * Pattern forms, as in libbpf's sec_def_matches():
 *   "xdp"      exact name only
 *   "kprobe+"  exact "kprobe" or "kprobe/<anything>"
 *   "kprobe/"  must have "kprobe/<anything>"
 */

export interface SectionDef {
  /** The pattern as libbpf writes it. */
  pattern: string;
  /** libbpf lower-case program type name (prog_type_name[]), e.g. "sched_cls". */
  programType: string;
  /** BPF_PROG_TYPE_* */
  programTypeConstant: string;
  /** Expected attach type (BPF_*), when libbpf sets one. */
  attachType?: string;
  sleepable?: boolean;
  /** Attach target is a BTF id (fentry/fexit/lsm/iter/tp_btf/freplace). */
  attachBtf?: boolean;
  /** Program supports multi-buffer XDP (xdp.frags). */
  xdpFrags?: boolean;
  /** Added to libbpf after the commit this table was checked against. */
  newer?: boolean;
}

type Flags = Pick<SectionDef, 'sleepable' | 'attachBtf' | 'xdpFrags' | 'newer'>;

function def(pattern: string, programType: string, attachType?: string, flags: Flags = {}): SectionDef {
  return {
    pattern,
    programType,
    programTypeConstant: `BPF_PROG_TYPE_${programType.toUpperCase()}`,
    ...(attachType ? { attachType } : {}),
    ...flags,
  };
}

const S: Flags = { sleepable: true };
const BTF: Flags = { attachBtf: true };
const BTF_S: Flags = { attachBtf: true, sleepable: true };
const FRAGS: Flags = { xdpFrags: true };

/** libbpf's section_defs, in libbpf's order. */
export const SECTION_DEFS: readonly SectionDef[] = [
  def('socket', 'socket_filter'),
  def('sk_reuseport/migrate', 'sk_reuseport', 'BPF_SK_REUSEPORT_SELECT_OR_MIGRATE'),
  def('sk_reuseport', 'sk_reuseport', 'BPF_SK_REUSEPORT_SELECT'),
  def('kprobe+', 'kprobe'),
  def('uprobe+', 'kprobe'),
  def('uprobe.s+', 'kprobe', undefined, S),
  def('kretprobe+', 'kprobe'),
  def('uretprobe+', 'kprobe'),
  def('uretprobe.s+', 'kprobe', undefined, S),
  def('kprobe.multi+', 'kprobe', 'BPF_TRACE_KPROBE_MULTI'),
  def('kretprobe.multi+', 'kprobe', 'BPF_TRACE_KPROBE_MULTI'),
  def('kprobe.session+', 'kprobe', 'BPF_TRACE_KPROBE_SESSION', { newer: true }),
  def('uprobe.multi+', 'kprobe', 'BPF_TRACE_UPROBE_MULTI'),
  def('uretprobe.multi+', 'kprobe', 'BPF_TRACE_UPROBE_MULTI'),
  def('uprobe.multi.s+', 'kprobe', 'BPF_TRACE_UPROBE_MULTI', S),
  def('uretprobe.multi.s+', 'kprobe', 'BPF_TRACE_UPROBE_MULTI', S),
  def('uprobe.session+', 'kprobe', 'BPF_TRACE_UPROBE_SESSION', { newer: true }),
  def('uprobe.session.s+', 'kprobe', 'BPF_TRACE_UPROBE_SESSION', { newer: true, sleepable: true }),
  def('ksyscall+', 'kprobe'),
  def('kretsyscall+', 'kprobe'),
  def('usdt+', 'kprobe'),
  def('usdt.s+', 'kprobe', undefined, S),
  def('tc/ingress', 'sched_cls', 'BPF_TCX_INGRESS'),
  def('tc/egress', 'sched_cls', 'BPF_TCX_EGRESS'),
  def('tcx/ingress', 'sched_cls', 'BPF_TCX_INGRESS'),
  def('tcx/egress', 'sched_cls', 'BPF_TCX_EGRESS'),
  def('tc', 'sched_cls'),
  def('classifier', 'sched_cls'),
  def('action', 'sched_act'),
  def('netkit/primary', 'sched_cls', 'BPF_NETKIT_PRIMARY'),
  def('netkit/peer', 'sched_cls', 'BPF_NETKIT_PEER'),
  def('tracepoint+', 'tracepoint'),
  def('tp+', 'tracepoint'),
  def('raw_tracepoint+', 'raw_tracepoint'),
  def('raw_tp+', 'raw_tracepoint'),
  def('raw_tracepoint.w+', 'raw_tracepoint_writable'),
  def('raw_tp.w+', 'raw_tracepoint_writable'),
  def('tp_btf+', 'tracing', 'BPF_TRACE_RAW_TP', BTF),
  def('fentry+', 'tracing', 'BPF_TRACE_FENTRY', BTF),
  def('fmod_ret+', 'tracing', 'BPF_MODIFY_RETURN', BTF),
  def('fexit+', 'tracing', 'BPF_TRACE_FEXIT', BTF),
  def('fentry.s+', 'tracing', 'BPF_TRACE_FENTRY', BTF_S),
  def('fmod_ret.s+', 'tracing', 'BPF_MODIFY_RETURN', BTF_S),
  def('fexit.s+', 'tracing', 'BPF_TRACE_FEXIT', BTF_S),
  def('freplace+', 'ext', undefined, BTF),
  def('lsm+', 'lsm', 'BPF_LSM_MAC', BTF),
  def('lsm.s+', 'lsm', 'BPF_LSM_MAC', BTF_S),
  def('lsm_cgroup+', 'lsm', 'BPF_LSM_CGROUP', BTF),
  def('iter+', 'tracing', 'BPF_TRACE_ITER', BTF),
  def('iter.s+', 'tracing', 'BPF_TRACE_ITER', BTF_S),
  def('syscall', 'syscall', undefined, S),
  def('xdp.frags/devmap', 'xdp', 'BPF_XDP_DEVMAP', FRAGS),
  def('xdp/devmap', 'xdp', 'BPF_XDP_DEVMAP'),
  def('xdp.frags/cpumap', 'xdp', 'BPF_XDP_CPUMAP', FRAGS),
  def('xdp/cpumap', 'xdp', 'BPF_XDP_CPUMAP'),
  def('xdp.frags', 'xdp', 'BPF_XDP', FRAGS),
  def('xdp', 'xdp', 'BPF_XDP'),
  def('perf_event', 'perf_event'),
  def('lwt_in', 'lwt_in'),
  def('lwt_out', 'lwt_out'),
  def('lwt_xmit', 'lwt_xmit'),
  def('lwt_seg6local', 'lwt_seg6local'),
  def('sockops', 'sock_ops', 'BPF_CGROUP_SOCK_OPS'),
  def('sk_skb/stream_parser', 'sk_skb', 'BPF_SK_SKB_STREAM_PARSER'),
  def('sk_skb/stream_verdict', 'sk_skb', 'BPF_SK_SKB_STREAM_VERDICT'),
  def('sk_skb', 'sk_skb'),
  def('sk_msg', 'sk_msg', 'BPF_SK_MSG_VERDICT'),
  def('lirc_mode2', 'lirc_mode2', 'BPF_LIRC_MODE2'),
  def('flow_dissector', 'flow_dissector', 'BPF_FLOW_DISSECTOR'),
  def('cgroup_skb/ingress', 'cgroup_skb', 'BPF_CGROUP_INET_INGRESS'),
  def('cgroup_skb/egress', 'cgroup_skb', 'BPF_CGROUP_INET_EGRESS'),
  def('cgroup/skb', 'cgroup_skb'),
  def('cgroup/sock_create', 'cgroup_sock', 'BPF_CGROUP_INET_SOCK_CREATE'),
  def('cgroup/sock_release', 'cgroup_sock', 'BPF_CGROUP_INET_SOCK_RELEASE'),
  def('cgroup/sock', 'cgroup_sock', 'BPF_CGROUP_INET_SOCK_CREATE'),
  def('cgroup/post_bind4', 'cgroup_sock', 'BPF_CGROUP_INET4_POST_BIND'),
  def('cgroup/post_bind6', 'cgroup_sock', 'BPF_CGROUP_INET6_POST_BIND'),
  def('cgroup/bind4', 'cgroup_sock_addr', 'BPF_CGROUP_INET4_BIND'),
  def('cgroup/bind6', 'cgroup_sock_addr', 'BPF_CGROUP_INET6_BIND'),
  def('cgroup/connect4', 'cgroup_sock_addr', 'BPF_CGROUP_INET4_CONNECT'),
  def('cgroup/connect6', 'cgroup_sock_addr', 'BPF_CGROUP_INET6_CONNECT'),
  def('cgroup/connect_unix', 'cgroup_sock_addr', 'BPF_CGROUP_UNIX_CONNECT'),
  def('cgroup/sendmsg4', 'cgroup_sock_addr', 'BPF_CGROUP_UDP4_SENDMSG'),
  def('cgroup/sendmsg6', 'cgroup_sock_addr', 'BPF_CGROUP_UDP6_SENDMSG'),
  def('cgroup/sendmsg_unix', 'cgroup_sock_addr', 'BPF_CGROUP_UNIX_SENDMSG'),
  def('cgroup/recvmsg4', 'cgroup_sock_addr', 'BPF_CGROUP_UDP4_RECVMSG'),
  def('cgroup/recvmsg6', 'cgroup_sock_addr', 'BPF_CGROUP_UDP6_RECVMSG'),
  def('cgroup/recvmsg_unix', 'cgroup_sock_addr', 'BPF_CGROUP_UNIX_RECVMSG'),
  def('cgroup/getpeername4', 'cgroup_sock_addr', 'BPF_CGROUP_INET4_GETPEERNAME'),
  def('cgroup/getpeername6', 'cgroup_sock_addr', 'BPF_CGROUP_INET6_GETPEERNAME'),
  def('cgroup/getpeername_unix', 'cgroup_sock_addr', 'BPF_CGROUP_UNIX_GETPEERNAME'),
  def('cgroup/getsockname4', 'cgroup_sock_addr', 'BPF_CGROUP_INET4_GETSOCKNAME'),
  def('cgroup/getsockname6', 'cgroup_sock_addr', 'BPF_CGROUP_INET6_GETSOCKNAME'),
  def('cgroup/getsockname_unix', 'cgroup_sock_addr', 'BPF_CGROUP_UNIX_GETSOCKNAME'),
  def('cgroup/sysctl', 'cgroup_sysctl', 'BPF_CGROUP_SYSCTL'),
  def('cgroup/getsockopt', 'cgroup_sockopt', 'BPF_CGROUP_GETSOCKOPT'),
  def('cgroup/setsockopt', 'cgroup_sockopt', 'BPF_CGROUP_SETSOCKOPT'),
  def('cgroup/dev', 'cgroup_device', 'BPF_CGROUP_DEVICE'),
  def('struct_ops+', 'struct_ops'),
  def('struct_ops.s+', 'struct_ops', undefined, S),
  def('sk_lookup', 'sk_lookup', 'BPF_SK_LOOKUP'),
  def('netfilter', 'netfilter', 'BPF_NETFILTER'),
];

/** The context a program of each type receives (its first argument). */
export const PROGRAM_CONTEXT: Readonly<Record<string, string>> = {
  socket_filter: 'struct __sk_buff',
  kprobe: 'struct pt_regs',
  sched_cls: 'struct __sk_buff',
  sched_act: 'struct __sk_buff',
  tracepoint: 'void *',
  xdp: 'struct xdp_md',
  perf_event: 'struct bpf_perf_event_data',
  cgroup_skb: 'struct __sk_buff',
  cgroup_sock: 'struct bpf_sock',
  lwt_in: 'struct __sk_buff',
  lwt_out: 'struct __sk_buff',
  lwt_xmit: 'struct __sk_buff',
  sock_ops: 'struct bpf_sock_ops',
  sk_skb: 'struct __sk_buff',
  cgroup_device: 'struct bpf_cgroup_dev_ctx',
  sk_msg: 'struct sk_msg_md',
  raw_tracepoint: 'struct bpf_raw_tracepoint_args',
  cgroup_sock_addr: 'struct bpf_sock_addr',
  lwt_seg6local: 'struct __sk_buff',
  lirc_mode2: 'unsigned int *',
  sk_reuseport: 'struct sk_reuseport_md',
  flow_dissector: 'struct __sk_buff',
  cgroup_sysctl: 'struct bpf_sysctl',
  raw_tracepoint_writable: 'struct bpf_raw_tracepoint_args',
  cgroup_sockopt: 'struct bpf_sockopt',
  tracing: 'u64 *',
  struct_ops: 'u64 *',
  ext: 'void *',
  lsm: 'u64 *',
  sk_lookup: 'struct bpf_sk_lookup',
  syscall: 'void *',
  netfilter: 'struct bpf_nf_ctx',
};

/** Sections that hold data or metadata rather than programs. */
const DATA_SECTION = /^(\.maps|maps|license|version|\.rodata.*|\.data.*|\.bss.*|\.kconfig|\.ksyms|\.struct_ops(\.link)?|\.addr_space\.\d+)$/;

export interface ResolvedSection {
  section: string;
  def: SectionDef;
  programType: string;
  /** C type of the program's context argument. */
  context: string;
  /** What follows the matched prefix, e.g. "do_unlinkat" in "kprobe/do_unlinkat". */
  target?: string;
}

/** libbpf's sec_def_matches(). */
export function sectionMatches(pattern: string, section: string): boolean {
  if (pattern.endsWith('/')) return section.startsWith(pattern);
  if (pattern.endsWith('+')) {
    const p = pattern.slice(0, -1);
    return section === p || (section.startsWith(p) && section[p.length] === '/');
  }
  return section === pattern;
}

/** The program type libbpf would give a function in `section`, or undefined if libbpf knows none. */
export function resolveSection(section: string): ResolvedSection | undefined {
  const d = SECTION_DEFS.find((x) => sectionMatches(x.pattern, section));
  if (!d) return undefined;
  const prefix = d.pattern.replace(/[+]$/, '');
  const rest = section.length > prefix.length ? section.slice(prefix.length).replace(/^\//, '') : '';
  let context = PROGRAM_CONTEXT[d.programType] ?? 'void *';
  if (d.attachType === 'BPF_TRACE_ITER' && rest) context = `struct bpf_iter__${rest}`;
  return { section, def: d, programType: d.programType, context, ...(rest ? { target: rest } : {}) };
}

/** True for sections that hold maps, data or metadata (".maps", "license", ".rodata", ...). */
export function isDataSection(section: string): boolean {
  return DATA_SECTION.test(section);
}
