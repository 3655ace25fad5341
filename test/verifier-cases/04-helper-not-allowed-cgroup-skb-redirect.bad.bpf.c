// SPDX-License-Identifier: GPL-2.0
// Check: bpf/helper-not-allowed (BAD)
// Shape: cgroup_skb egress program trying to steer traffic of a cgroup to another
// interface. cgroup_skb programs can only allow (1) or drop (0); bpf_redirect() is not
// available to them.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define VPN_IFINDEX 5

SEC("cgroup_skb/egress")
int steer_to_vpn(struct __sk_buff *skb)
{
	if (skb->mark == 0x100) {
		bpf_redirect(VPN_IFINDEX, 0); // expect-error: bpf/helper-not-allowed
		return 0;
	}
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
