// SPDX-License-Identifier: MIT
// Check: bpf/gpl-only-helper (BAD)
// Shape: straight-line kprobe. bpf_printk() expands to bpf_trace_printk(), a GPL-only
// helper; the object is licensed "MIT", which the kernel does not treat as
// GPL-compatible.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_unlinkat")
int trace_unlink(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("unlinkat from pid %u", pid); // expect-error: bpf/gpl-only-helper
	return 0;
}

char LICENSE[] SEC("license") = "MIT";
