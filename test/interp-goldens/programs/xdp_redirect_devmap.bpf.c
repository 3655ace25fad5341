// SPDX-License-Identifier: GPL-2.0
// bpf_redirect_map with a DEVMAP (slot 0 holds ifindex 1, the loopback, from
// maps-init; slot 1 is empty) and plain bpf_redirect. Under BPF_PROG_TEST_RUN
// nothing is transmitted: the interesting part is the return value.
// IPv4 -> slot 0; IPv6 -> slot 1 (empty: falls back to the action in the low
// bits of flags, XDP_PASS); ARP -> bpf_redirect(1, 0).
// maps-init: xdp_redirect_devmap.maps.json
// packets: ipv4-tcp-syn ipv6-udp arp-request
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __s64);
} helper_ret SEC(".maps"); /* last return of: 0 redirect_map slot 0, 1 slot 1, 2 bpf_redirect */

SEC("xdp")
int xdp_redirect_devmap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 k;
	__s64 ret;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		k = 0;
		ret = bpf_redirect_map(&tx_port, 0, XDP_DROP);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		k = 1;
		ret = bpf_redirect_map(&tx_port, 1, XDP_PASS);
	} else {
		k = 2;
		ret = bpf_redirect(1, 0);
	}
	bpf_map_update_elem(&helper_ret, &k, &ret, BPF_ANY);
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
