// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (BAD, compile error)
// Shape: bpf_trace_printk() called directly with four values. The helper takes at most
// three; BPF calls pass at most five arguments in registers, so clang's BPF backend
// refuses the six-argument call ("too many args").
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/sched/sched_process_fork")
int on_fork(void *ctx)
{
	static const char fmt[] = "fork pid=%d tgid=%d uid=%d gid=%d\n";
	__u64 id = bpf_get_current_pid_tgid();
	__u64 ug = bpf_get_current_uid_gid();

	bpf_trace_printk(fmt, sizeof(fmt), (__u32)id, id >> 32, (__u32)ug, ug >> 32); // expect-error: bpf/printk-format
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
