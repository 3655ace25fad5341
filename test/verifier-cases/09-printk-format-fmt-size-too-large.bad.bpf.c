// SPDX-License-Identifier: GPL-2.0
// Check: bpf/printk-format (BAD)
// Shape: fmt_size mismatch. A fixed "big enough" size is passed instead of
// sizeof(fmt); the verifier checks that fmt_size bytes are readable at fmt and rejects
// the call because the stack buffer is smaller.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define FMT_MAX 64

SEC("kprobe/do_sys_openat2")
int trace_open(void *ctx)
{
	char fmt[] = "openat by %d\n";

	bpf_trace_printk(fmt, FMT_MAX, bpf_get_current_pid_tgid() >> 32); // expect-error: bpf/printk-format
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
