import { describe, expect, it } from 'vitest';
import { isDataSection, resolveSection, sectionMatches, SECTION_DEFS } from '../../server/src/analysis/sections.ts';

describe('section names map to program types like libbpf', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['xdp', 'xdp', 'struct xdp_md'],
    ['xdp.frags', 'xdp', 'struct xdp_md'],
    ['xdp/devmap', 'xdp', 'struct xdp_md'],
    ['xdp/foo', undefined, undefined],
    ['tc', 'sched_cls', 'struct __sk_buff'],
    ['tc/ingress', 'sched_cls', 'struct __sk_buff'],
    ['tcx/egress', 'sched_cls', 'struct __sk_buff'],
    ['classifier', 'sched_cls', 'struct __sk_buff'],
    ['action', 'sched_act', 'struct __sk_buff'],
    ['socket', 'socket_filter', 'struct __sk_buff'],
    ['kprobe/do_unlinkat', 'kprobe', 'struct pt_regs'],
    ['kprobe', 'kprobe', 'struct pt_regs'],
    ['kprobex', undefined, undefined],
    ['kretprobe/x', 'kprobe', 'struct pt_regs'],
    ['ksyscall/kill', 'kprobe', 'struct pt_regs'],
    ['uprobe//bin/bash:readline', 'kprobe', 'struct pt_regs'],
    ['usdt/libc:probe', 'kprobe', 'struct pt_regs'],
    ['tracepoint/syscalls/sys_enter_openat', 'tracepoint', 'void *'],
    ['tp/sched/sched_switch', 'tracepoint', 'void *'],
    ['raw_tp/sys_enter', 'raw_tracepoint', 'struct bpf_raw_tracepoint_args'],
    ['raw_tracepoint.w/x', 'raw_tracepoint_writable', 'struct bpf_raw_tracepoint_args'],
    ['tp_btf/sched_switch', 'tracing', 'u64 *'],
    ['fentry/tcp_connect', 'tracing', 'u64 *'],
    ['fexit/tcp_connect', 'tracing', 'u64 *'],
    ['fmod_ret/x', 'tracing', 'u64 *'],
    ['freplace/x', 'ext', 'void *'],
    ['lsm/file_open', 'lsm', 'u64 *'],
    ['lsm.s/bpf', 'lsm', 'u64 *'],
    ['iter/task', 'tracing', 'struct bpf_iter__task'],
    ['cgroup_skb/ingress', 'cgroup_skb', 'struct __sk_buff'],
    ['cgroup/skb', 'cgroup_skb', 'struct __sk_buff'],
    ['cgroup/connect4', 'cgroup_sock_addr', 'struct bpf_sock_addr'],
    ['cgroup/sock_create', 'cgroup_sock', 'struct bpf_sock'],
    ['cgroup/sysctl', 'cgroup_sysctl', 'struct bpf_sysctl'],
    ['cgroup/getsockopt', 'cgroup_sockopt', 'struct bpf_sockopt'],
    ['cgroup/dev', 'cgroup_device', 'struct bpf_cgroup_dev_ctx'],
    ['sk_skb/stream_parser', 'sk_skb', 'struct __sk_buff'],
    ['sk_msg', 'sk_msg', 'struct sk_msg_md'],
    ['sk_lookup', 'sk_lookup', 'struct bpf_sk_lookup'],
    ['sockops', 'sock_ops', 'struct bpf_sock_ops'],
    ['flow_dissector', 'flow_dissector', 'struct __sk_buff'],
    ['perf_event', 'perf_event', 'struct bpf_perf_event_data'],
    ['struct_ops/ssthresh', 'struct_ops', 'u64 *'],
    ['syscall', 'syscall', 'void *'],
    ['netfilter', 'netfilter', 'struct bpf_nf_ctx'],
    ['lwt_seg6local', 'lwt_seg6local', 'struct __sk_buff'],
    ['sk_reuseport/migrate', 'sk_reuseport', 'struct sk_reuseport_md'],
    ['.maps', undefined, undefined],
  ];
  for (const [section, type, context] of cases) {
    it(section, () => {
      const r = resolveSection(section);
      expect(r?.programType).toBe(type);
      expect(r?.context).toBe(context);
    });
  }

  it('keeps libbpf details', () => {
    expect(resolveSection('tc/ingress')?.def.attachType).toBe('BPF_TCX_INGRESS');
    expect(resolveSection('xdp.frags')?.def.xdpFrags).toBe(true);
    expect(resolveSection('fentry.s/x')?.def.sleepable).toBe(true);
    expect(resolveSection('kprobe/do_unlinkat')?.target).toBe('do_unlinkat');
    expect(resolveSection('xdp')?.def.programTypeConstant).toBe('BPF_PROG_TYPE_XDP');
  });

  it('matches the way sec_def_matches does', () => {
    expect(sectionMatches('kprobe+', 'kprobe')).toBe(true);
    expect(sectionMatches('kprobe+', 'kprobe/x')).toBe(true);
    expect(sectionMatches('kprobe+', 'kprobe.multi/x')).toBe(false);
    expect(sectionMatches('xdp', 'xdp/x')).toBe(false);
    expect(SECTION_DEFS.length).toBeGreaterThan(90);
  });

  it('knows data sections', () => {
    for (const s of ['.maps', 'maps', 'license', '.rodata', '.data.custom', '.bss', '.kconfig', '.ksyms', 'version']) expect(isDataSection(s), s).toBe(true);
    expect(isDataSection('xdp')).toBe(false);
  });
});
