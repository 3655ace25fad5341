/**
 * The standard protocol headers BPF programs parse (as the kernel's UAPI
 * headers define them on a little-endian target), and the constants from
 * those headers that programs use as offsets, lengths and return codes.
 * The structs are C text, laid out by the same code as the file's own structs.
 */

export const STANDARD_HEADERS = `
struct ethhdr {
  unsigned char h_dest[6];
  unsigned char h_source[6];
  __be16 h_proto;
} __attribute__((packed));
struct vlan_hdr {
  __be16 h_vlan_TCI;
  __be16 h_vlan_encapsulated_proto;
};
struct vlan_ethhdr {
  unsigned char h_dest[6];
  unsigned char h_source[6];
  __be16 h_vlan_proto;
  __be16 h_vlan_TCI;
  __be16 h_vlan_encapsulated_proto;
};
struct iphdr {
  __u8 ihl:4, version:4;
  __u8 tos;
  __be16 tot_len;
  __be16 id;
  __be16 frag_off;
  __u8 ttl;
  __u8 protocol;
  __sum16 check;
  __be32 saddr;
  __be32 daddr;
};
struct in6_addr {
  union {
    union {
      __u8 u6_addr8[16];
      __be16 u6_addr16[8];
      __be32 u6_addr32[4];
    } in6_u;
    __u8 s6_addr[16];
    __be16 s6_addr16[8];
    __be32 s6_addr32[4];
  };
};
struct ipv6hdr {
  __u8 priority:4, version:4;
  __u8 flow_lbl[3];
  __be16 payload_len;
  __u8 nexthdr;
  __u8 hop_limit;
  struct in6_addr saddr;
  struct in6_addr daddr;
};
struct ipv6_opt_hdr {
  __u8 nexthdr;
  __u8 hdrlen;
};
struct tcphdr {
  __be16 source;
  __be16 dest;
  __be32 seq;
  __be32 ack_seq;
  __u16 res1:4, doff:4, fin:1, syn:1, rst:1, psh:1, ack:1, urg:1, ece:1, cwr:1;
  __be16 window;
  __sum16 check;
  __be16 urg_ptr;
};
struct udphdr {
  __be16 source;
  __be16 dest;
  __be16 len;
  __sum16 check;
};
struct icmphdr {
  __u8 type;
  __u8 code;
  __sum16 checksum;
  union {
    struct {
      __be16 id;
      __be16 sequence;
    } echo;
    __be32 gateway;
    struct {
      __be16 __unused;
      __be16 mtu;
    } frag;
    __u8 reserved[4];
  } un;
};
struct icmp6hdr {
  __u8 icmp6_type;
  __u8 icmp6_code;
  __sum16 icmp6_cksum;
  union {
    __be32 un_data32[1];
    __be16 un_data16[2];
    __u8 un_data8[4];
  } icmp6_dataun;
};
struct arphdr {
  __be16 ar_hrd;
  __be16 ar_pro;
  unsigned char ar_hln;
  unsigned char ar_pln;
  __be16 ar_op;
};
struct bpf_sock_tuple {
  union {
    struct {
      __be32 saddr;
      __be32 daddr;
      __be16 sport;
      __be16 dport;
    } ipv4;
    struct {
      __be32 saddr[4];
      __be32 daddr[4];
      __be16 sport;
      __be16 dport;
    } ipv6;
  };
};
`;

/** Integer constants from the UAPI headers (if_ether.h, in.h, pkt_cls.h, bpf.h, ...). */
export const HEADER_CONSTANTS: Readonly<Record<string, number>> = {
  ETH_ALEN: 6,
  ETH_HLEN: 14,
  ETH_ZLEN: 60,
  ETH_DATA_LEN: 1500,
  ETH_FRAME_LEN: 1514,
  ETH_P_IP: 0x0800,
  ETH_P_ARP: 0x0806,
  ETH_P_IPV6: 0x86dd,
  ETH_P_8021Q: 0x8100,
  ETH_P_8021AD: 0x88a8,
  ETH_P_MPLS_UC: 0x8847,
  ETH_P_802_3_MIN: 0x0600,
  IPPROTO_IP: 0,
  IPPROTO_ICMP: 1,
  IPPROTO_IGMP: 2,
  IPPROTO_IPIP: 4,
  IPPROTO_TCP: 6,
  IPPROTO_UDP: 17,
  IPPROTO_IPV6: 41,
  IPPROTO_ROUTING: 43,
  IPPROTO_FRAGMENT: 44,
  IPPROTO_GRE: 47,
  IPPROTO_ESP: 50,
  IPPROTO_AH: 51,
  IPPROTO_ICMPV6: 58,
  IPPROTO_NONE: 59,
  IPPROTO_DSTOPTS: 60,
  IPPROTO_SCTP: 132,
  IPPROTO_HOPOPTS: 0,
  ICMP_ECHOREPLY: 0,
  ICMP_DEST_UNREACH: 3,
  ICMP_ECHO: 8,
  ICMP_TIME_EXCEEDED: 11,
  ICMPV6_DEST_UNREACH: 1,
  ICMPV6_PKT_TOOBIG: 2,
  ICMPV6_TIME_EXCEED: 3,
  ICMPV6_ECHO_REQUEST: 128,
  ICMPV6_ECHO_REPLY: 129,
  AF_INET: 2,
  AF_INET6: 10,
  XDP_ABORTED: 0,
  XDP_DROP: 1,
  XDP_PASS: 2,
  XDP_TX: 3,
  XDP_REDIRECT: 4,
  TC_ACT_UNSPEC: -1,
  TC_ACT_OK: 0,
  TC_ACT_RECLASSIFY: 1,
  TC_ACT_SHOT: 2,
  TC_ACT_PIPE: 3,
  TC_ACT_STOLEN: 4,
  TC_ACT_QUEUED: 5,
  TC_ACT_REPEAT: 6,
  TC_ACT_REDIRECT: 7,
  SK_DROP: 0,
  SK_PASS: 1,
  BPF_ANY: 0,
  BPF_NOEXIST: 1,
  BPF_EXIST: 2,
  BPF_F_LOCK: 4,
  NULL: 0,
  true: 1,
  false: 0,
};

/** Byte-order helpers from bpf_endian.h: calls that swap bytes and keep the width. */
export const BYTE_SWAPS: Readonly<Record<string, number>> = {
  bpf_htons: 2,
  bpf_ntohs: 2,
  bpf_htonl: 4,
  bpf_ntohl: 4,
  bpf_cpu_to_be64: 8,
  bpf_be64_to_cpu: 8,
  __bpf_constant_htons: 2,
  __bpf_constant_ntohs: 2,
  __bpf_constant_htonl: 4,
  __bpf_constant_ntohl: 4,
  ___constant_swab16: 2,
  ___constant_swab32: 4,
  __builtin_bswap16: 2,
  __builtin_bswap32: 4,
  __builtin_bswap64: 8,
  htons: 2,
  ntohs: 2,
  htonl: 4,
  ntohl: 4,
};

export function swapBytes(v: number, width: number): number | undefined {
  if (!Number.isInteger(v) || v < 0) return undefined;
  if (width === 2) return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
  if (width === 4) return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | ((v >>> 24) & 0xff)) >>> 0;
  return undefined;
}
