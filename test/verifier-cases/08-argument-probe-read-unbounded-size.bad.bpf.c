// SPDX-License-Identifier: GPL-2.0
// Check: bpf/argument (BAD)
// Shape: copying a user buffer whose length comes from the traced function's argument.
// The size passed to bpf_probe_read_user() is not bounded by the destination buffer.
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_DATA 64

struct write_event {
	__u32 pid;
	__u32 len;
	char data[MAX_DATA];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} writes SEC(".maps");

SEC("kprobe/ksys_write")
int BPF_KPROBE(trace_write, unsigned int fd, const char *buf, __u64 count)
{
	struct write_event *e;

	e = bpf_ringbuf_reserve(&writes, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->len = count;
	bpf_probe_read_user(e->data, count, buf); // expect-error: bpf/argument
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
