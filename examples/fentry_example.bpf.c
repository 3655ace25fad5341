// SPDX-License-Identifier: GPL-2.0
/*
 * fentry/fexit on do_unlinkat: BPF trampolines give typed arguments (and,
 * at fexit, the return value) through BPF_PROG.
 *
 * Build: clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -c fentry_example.bpf.c
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct filename {
	const char *name;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} start_ns SEC(".maps");

SEC("fentry/do_unlinkat")
int BPF_PROG(unlink_entry, int dfd, struct filename *name)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&start_ns, &tid, &ts, BPF_ANY);
	bpf_printk("unlink %s", BPF_CORE_READ(name, name));
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(unlink_exit, int dfd, struct filename *name, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *start = bpf_map_lookup_elem(&start_ns, &tid);

	if (start) {
		bpf_printk("unlink took %llu ns, ret %ld", bpf_ktime_get_ns() - *start, ret);
		bpf_map_delete_elem(&start_ns, &tid);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: unlink_entry tracing u64 *
// expect-program: unlink_exit tracing u64 *
// expect-map: start_ns btf BPF_MAP_TYPE_HASH key="__u32" value="__u64" max_entries=1024
// expect-call: bpf_ktime_get_ns
// expect-call: bpf_map_delete_elem
// expect-license: GPL
