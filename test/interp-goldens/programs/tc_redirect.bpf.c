// SPDX-License-Identifier: GPL-2.0
// bpf_redirect from TC: the helper only records the target and returns
// TC_ACT_REDIRECT (7); BPF_PROG_TEST_RUN does not perform the redirect, so
// even an ifindex that does not exist "succeeds" here. Invalid flags give
// TC_ACT_SHOT.
// packets: ipv4-tcp-syn ipv6-udp arp-request vlan-ipv4-udp
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64);
} last_ret SEC(".maps");

SEC("tc")
int tc_redirect(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__s64 r;

	if (skb->protocol == bpf_htons(ETH_P_IP))
		r = bpf_redirect(1, 0);
	else if (skb->protocol == bpf_htons(ETH_P_IPV6))
		r = bpf_redirect(1, BPF_F_INGRESS);
	else if (skb->protocol == bpf_htons(ETH_P_ARP))
		r = bpf_redirect(4242, 0);
	else
		r = bpf_redirect(1, 0x80);
	bpf_map_update_elem(&last_ret, &zero, &r, BPF_ANY);
	return r;
}

char LICENSE[] SEC("license") = "GPL";
