/**
 * Link-layer headers with the Linux UAPI layouts: Ethernet, VLAN, ARP,
 * packet types, interface names. ETH_P_* values the helper database knows
 * are generated from it in index.ts.
 */

export const IF_ETHER_H = (ethP: string): string => `#ifndef _BPFLS_LINUX_IF_ETHER_H
#define _BPFLS_LINUX_IF_ETHER_H
#include <linux/types.h>
#define ETH_ALEN 6
#define ETH_TLEN 2
#define ETH_HLEN 14
#define ETH_ZLEN 60
#define ETH_DATA_LEN 1500
#define ETH_FRAME_LEN 1514
#define ETH_FCS_LEN 4
#define ETH_MIN_MTU 68
#define ETH_MAX_MTU 0xFFFFU
${ethP}
#ifndef ETH_P_LOOP
#define ETH_P_LOOP 0x0060
#endif
#define ETH_P_PUP 0x0200
#define ETH_P_X25 0x0805
#define ETH_P_RARP 0x8035
#define ETH_P_ATALK 0x809B
#define ETH_P_IPX 0x8137
#define ETH_P_PAUSE 0x8808
#define ETH_P_SLOW 0x8809
#define ETH_P_WCCP 0x883E
#define ETH_P_MPLS_UC 0x8847
#define ETH_P_MPLS_MC 0x8848
#define ETH_P_PPP_DISC 0x8863
#define ETH_P_PPP_SES 0x8864
#define ETH_P_ERSPAN 0x88BE
#define ETH_P_TIPC 0x88CA
#define ETH_P_LLDP 0x88CC
#define ETH_P_MRP 0x88E3
#define ETH_P_MACSEC 0x88E5
#define ETH_P_8021AH 0x88E7
#define ETH_P_1588 0x88F7
#define ETH_P_PRP 0x88FB
#define ETH_P_FCOE 0x8906
#define ETH_P_IBOE 0x8915
#define ETH_P_HSR 0x892F
#define ETH_P_NSH 0x894F
#define ETH_P_TEB 0x6558
#define ETH_P_ERSPAN2 0x22EB
#define ETH_P_QINQ1 0x9100
#define ETH_P_QINQ2 0x9200
#define ETH_P_QINQ3 0x9300
#define ETH_P_EDSA 0xDADA
#define ETH_P_802_3_MIN 0x0600
#define ETH_P_802_3 0x0001
#define ETH_P_AX25 0x0002
#define ETH_P_802_2 0x0004
struct ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	__be16 h_proto;
} __attribute__((packed));
#endif
`;

export const IF_VLAN_H = `#ifndef _BPFLS_LINUX_IF_VLAN_H
#define _BPFLS_LINUX_IF_VLAN_H
#include <linux/if_ether.h>
#define VLAN_HLEN 4
#define VLAN_ETH_HLEN 18
#define VLAN_ETH_ZLEN 64
#define VLAN_PRIO_MASK 0xe000
#define VLAN_PRIO_SHIFT 13
#define VLAN_CFI_MASK 0x1000
#define VLAN_TAG_PRESENT VLAN_CFI_MASK
#define VLAN_VID_MASK 0x0fff
#define VLAN_N_VID 4096
struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};
struct vlan_ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	__be16 h_vlan_proto;
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};
#endif
`;

export const IF_ARP_H = `#ifndef _BPFLS_LINUX_IF_ARP_H
#define _BPFLS_LINUX_IF_ARP_H
#include <linux/types.h>
#define ARPHRD_NETROM 0
#define ARPHRD_ETHER 1
#define ARPHRD_EETHER 2
#define ARPHRD_IEEE802 6
#define ARPHRD_LOOPBACK 772
#define ARPHRD_NONE 0xFFFE
#define ARPOP_REQUEST 1
#define ARPOP_REPLY 2
#define ARPOP_RREQUEST 3
#define ARPOP_RREPLY 4
#define ARPOP_InREQUEST 8
#define ARPOP_InREPLY 9
#define ARPOP_NAK 10
struct arphdr {
	__be16 ar_hrd;
	__be16 ar_pro;
	unsigned char ar_hln;
	unsigned char ar_pln;
	__be16 ar_op;
};
#endif
`;

export const IF_PACKET_H = `#ifndef _BPFLS_LINUX_IF_PACKET_H
#define _BPFLS_LINUX_IF_PACKET_H
#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define PACKET_OUTGOING 4
#define PACKET_LOOPBACK 5
#define PACKET_USER 6
#define PACKET_KERNEL 7
#endif
`;

export const IF_H = `#ifndef _BPFLS_LINUX_IF_H
#define _BPFLS_LINUX_IF_H
#define IFNAMSIZ 16
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#endif
`;
