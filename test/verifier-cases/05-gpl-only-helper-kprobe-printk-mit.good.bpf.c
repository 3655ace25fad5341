// SPDX-License-Identifier: MIT OR GPL-2.0
// Check: bpf/gpl-only-helper (GOOD)
// Shape: straight-line kprobe using bpf_printk() with the license string
// "Dual MIT/GPL", which the kernel treats as GPL-compatible.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_unlinkat")
int trace_unlink(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("unlinkat from pid %u", pid);
	return 0;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
