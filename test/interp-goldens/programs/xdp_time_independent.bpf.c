// SPDX-License-Identifier: GPL-2.0
// Calls bpf_ktime_get_ns() and bpf_ktime_get_boot_ns() but lets no clock value
// reach anything that is compared: only facts that hold at any time (the clock
// is non-zero and monotonic within the run) and a rate-limit token count that
// does not depend on elapsed time (a burst of 3).
// packets: ipv4-tcp-syn ipv4-udp-dns ipv6-udp ipv4-icmp-echo ipv4-tcp-data
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct facts {
	__u32 nonzero;
	__u32 monotonic;
	__u32 boot_after_mono;
	__u32 tokens;
	__u32 passed;
	__u32 dropped;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct facts);
} facts SEC(".maps");

SEC("xdp")
int xdp_time_independent(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct facts *f = bpf_map_lookup_elem(&facts, &zero);
	if (!f)
		return XDP_ABORTED;
	__u64 t1 = bpf_ktime_get_ns();
	__u64 t2 = bpf_ktime_get_ns();
	__u64 b = bpf_ktime_get_boot_ns();
	f->nonzero += t1 != 0;
	f->monotonic += t2 >= t1;
	f->boot_after_mono += b >= t1;
	/* A token bucket that starts full (3) and never refills within a run. */
	if (f->passed + f->dropped == 0)
		f->tokens = 3;
	if (f->tokens > 0) {
		f->tokens--;
		f->passed++;
		return XDP_PASS;
	}
	f->dropped++;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
