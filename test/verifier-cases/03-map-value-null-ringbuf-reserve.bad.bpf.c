// SPDX-License-Identifier: GPL-2.0
// Check: bpf/map-value-null (BAD)
// Shape: tracepoint producer. The record returned by bpf_ringbuf_reserve() is filled
// in without checking for NULL (the ring buffer may be full).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct exec_event {
	__u32 pid;
	__u32 uid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int trace_exec(void *ctx)
{
	struct exec_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	e->pid = bpf_get_current_pid_tgid() >> 32; // expect-error: bpf/map-value-null
	e->uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
