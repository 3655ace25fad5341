// SPDX-License-Identifier: GPL-2.0
// Check: none (clean GOOD program, guards against false positives)
// Shape: an opensnoop-style tracer: kprobe + kretprobe pair on do_sys_openat2 keyed by
// thread id, user string read with bpf_probe_read_user_str(), a filter in a
// `const volatile` .rodata variable, and events sent through a ring buffer.
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define NAME_MAX 255
#define TASK_COMM_LEN 16

const volatile __u32 target_tgid = 0;

struct args {
	const char *filename;
	int flags;
};

struct event {
	__u32 pid;
	int ret;
	int flags;
	char comm[TASK_COMM_LEN];
	char fname[NAME_MAX + 1];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct args);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct open_how_stub {
	__u64 flags;
};

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(open_entry, int dfd, const char *filename, struct open_how_stub *how)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	struct args a = {};
	__u64 flags = 0;

	if (target_tgid && target_tgid != tgid)
		return 0;
	bpf_probe_read_kernel(&flags, sizeof(flags), &how->flags);
	a.filename = filename;
	a.flags = (int)flags;
	bpf_map_update_elem(&start, &tid, &a, BPF_ANY);
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(open_exit, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct args *a;
	struct event *e;

	a = bpf_map_lookup_elem(&start, &tid);
	if (!a)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = id >> 32;
		e->ret = ret;
		e->flags = a->flags;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		bpf_probe_read_user_str(e->fname, sizeof(e->fname), a->filename);
		bpf_ringbuf_submit(e, 0);
	}
	bpf_map_delete_elem(&start, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
