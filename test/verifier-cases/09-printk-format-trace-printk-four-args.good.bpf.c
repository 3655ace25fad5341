// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (GOOD)
// Shape: four values printed with libbpf's bpf_printk(), which switches to
// bpf_trace_vprintk() (up to 12 arguments) when there are more than three.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/sched/sched_process_fork")
int on_fork(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 ug = bpf_get_current_uid_gid();

	bpf_printk("fork pid=%d tgid=%d uid=%d gid=%d", (__u32)id, id >> 32, (__u32)ug, ug >> 32);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
