// SPDX-License-Identifier: GPL-2.0
/*
 * Report every unlinkat() through a ring buffer: a kprobe on do_unlinkat
 * written with BPF_KPROBE, the file name read with BPF_CORE_READ.
 *
 * Build: clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -c kprobe_unlink.bpf.c
 * No vmlinux.h is needed: the one kernel struct used is declared below with
 * preserve_access_index, so libbpf relocates its field offsets (CO-RE).
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define TASK_COMM_LEN 16
#define NAME_LEN 128

struct filename {
	const char *name;
} __attribute__((preserve_access_index));

struct unlink_event {
	__u32 pid;
	__s32 dfd;
	char comm[TASK_COMM_LEN];
	char name[NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

const volatile __u32 target_tgid = 0;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct unlink_event *e;
	const char *fname;

	if (target_tgid && tgid != target_tgid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = tgid;
	e->dfd = dfd;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	fname = BPF_CORE_READ(name, name);
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), fname);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(do_unlinkat_exit, long ret)
{
	if (ret)
		bpf_printk("unlinkat failed: %ld", ret);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// expect-program: do_unlinkat kprobe struct pt_regs
// expect-program: do_unlinkat_exit kprobe struct pt_regs
// expect-map: events btf BPF_MAP_TYPE_RINGBUF max_entries=262144
// expect-global: target_tgid .rodata
// expect-call: BPF_CORE_READ
// expect-call: bpf_ringbuf_reserve
// expect-call: bpf_ringbuf_submit
// expect-type: struct filename
// expect-license: GPL
