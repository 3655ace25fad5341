// Check: bpf/missing-license (GOOD, kernel view)
// Shape: no "license" section, but the program only calls helpers that are not
// GPL-only (map lookup/update, bpf_get_current_pid_tgid). The kernel accepts it; a
// missing license is only fatal together with a GPL-only helper.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} calls_by_pid SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *cnt;

	cnt = bpf_map_lookup_elem(&calls_by_pid, &pid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&calls_by_pid, &pid, &one, BPF_NOEXIST);
	return 0;
}
