// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (GOOD)
// Shape: the stack format buffer is passed with sizeof(fmt).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_sys_openat2")
int trace_open(void *ctx)
{
	char fmt[] = "openat by %d\n";

	bpf_trace_printk(fmt, sizeof(fmt), bpf_get_current_pid_tgid() >> 32);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
