/**
 * vmlinux.h for CO-RE networking programs: the kernel's fixed-width
 * typedefs (u8..u64, s8..s64), bool/true/false, and the UAPI networking and
 * BPF types. Unlike a real vmlinux.h this one also carries the UAPI macros
 * (ETH_P_*, TC_ACT_*, ...); programs that define them again simply override.
 */
export const VMLINUX_H = `#ifndef __VMLINUX_H__
#define __VMLINUX_H__
#include <linux/types.h>
typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;
typedef _Bool bool;
enum {
	false = 0,
	true = 1,
};
typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uintptr_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef __u32 __kernel_dev_t;
typedef __kernel_dev_t dev_t;
typedef unsigned short umode_t;
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/if_arp.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/pkt_cls.h>
#include <linux/if_packet.h>
#endif
`;
