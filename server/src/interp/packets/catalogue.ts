/**
 * The built-in packet catalogue: named sample frames built by code, so every
 * length and checksum is right (except where a packet is malformed on purpose).
 */
import { ascii, be16, be32, concat, ipv4, ipv6, mac } from './bytes.ts';
import {
  ETH_P_8021AD, ETH_P_8021Q, ETH_P_ARP, ETH_P_IP, ETH_P_IPV6, IPPROTO_DSTOPTS, IPPROTO_FRAGMENT, IPPROTO_HOPOPTS,
  IPPROTO_ROUTING, TCP_ACK, TCP_PSH, TCP_SYN, arp, ethernet, icmpEcho, icmpv6Echo, ipv4Fragments, ipv4Header, ipv4Packet,
  ipv6Packet, synOptions, tcp, timestampOptions, udp,
} from './build.ts';

export interface Bilingual {
  en: string;
  zh: string;
}

export interface CatalogueEntry {
  name: string;
  description: Bilingual;
  /** Deliberately broken (truncated, bad IHL, bad length): decodes with problems, never throws. */
  malformed: boolean;
  build: () => Uint8Array;
}

// Addresses: a host on a home LAN talking to public servers.
const HOST_MAC = mac('52:54:00:12:34:56');
const GW_MAC = mac('00:1b:21:3c:4d:5e');
const HOST4 = ipv4('192.168.1.100');
const SERVER4 = ipv4('93.184.216.34');
const DNS4 = ipv4('1.1.1.1');
const GW4 = ipv4('192.168.1.1');
const HOST6 = ipv6('2001:db8:1::100');
const SERVER6 = ipv6('2606:2800:220:1:248:1893:25c8:1946');
const DNS6 = ipv6('2606:4700:4700::1111');

const HTTP_GET = ascii('GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n');

/** A DNS query for example.com, type A, class IN, with the RD bit. */
function dnsQuery(id: number, qtype: number): Uint8Array {
  const name = concat(Uint8Array.of(7), ascii('example'), Uint8Array.of(3), ascii('com'), Uint8Array.of(0));
  return concat(be16(id), be16(0x0100), be16(1), be16(0), be16(0), be16(0), name, be16(qtype), be16(1));
}

/** The classic 56-byte ping payload: an 8-byte timestamp then 0x10..0x37. */
function pingPayload(): Uint8Array {
  const p = new Uint8Array(56);
  p.set(be32(0x65a1b2c3), 0);
  p.set(be32(0x000d4e5f), 4);
  for (let i = 8; i < 56; i++) p[i] = i + 8;
  return p;
}

function eth4(payload: Uint8Array, pad = true): Uint8Array {
  return ethernet({ dst: GW_MAC, src: HOST_MAC, type: ETH_P_IP, payload, pad });
}

function eth6(payload: Uint8Array): Uint8Array {
  return ethernet({ dst: GW_MAC, src: HOST_MAC, type: ETH_P_IPV6, payload, pad: true });
}

const synV4 = (): Uint8Array =>
  ipv4Packet(
    { src: HOST4, dst: SERVER4, id: 0x1c46, dontFragment: true },
    tcp({ sport: 51234, dport: 80, seq: 0x3a7c1b20, flags: TCP_SYN, window: 64240, options: synOptions(1460, 0x0a1b2c3d, 7) }),
  );

const dnsUdp = (): ReturnType<typeof udp> => udp(40001, 53, dnsQuery(0x5c2e, 1));

function fragmented(): Uint8Array[] {
  const payload = new Uint8Array(1600);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + 3) & 0xff;
  return ipv4Fragments({ src: HOST4, dst: DNS4, id: 0x7e21 }, udp(40002, 53, payload), 1480);
}

/** Hop-by-hop: router alert (MLD); routing: SRv6 (type 4) with segments left 0; destination options: PadN. */
function v6ExtChain(last: 'dstopts' | 'fragment', finalDst: Uint8Array): { type: number; body: Uint8Array }[] {
  const hbh = { type: IPPROTO_HOPOPTS, body: Uint8Array.of(5, 2, 0, 0) };
  const srh = { type: IPPROTO_ROUTING, body: concat(Uint8Array.of(4, 0, 0, 0, 0, 0), finalDst) };
  const tail =
    last === 'dstopts'
      ? { type: IPPROTO_DSTOPTS, body: Uint8Array.of(1, 4, 0, 0, 0, 0) }
      : { type: IPPROTO_FRAGMENT, body: concat(be16(0), be32(0x2f6a9b01)) };
  return [hbh, srh, tail];
}

const ENTRIES: CatalogueEntry[] = [
  {
    name: 'ipv4-tcp-syn',
    description: { en: 'IPv4 TCP SYN to port 80 with MSS/SACK/timestamp/window-scale options', zh: 'IPv4 TCP SYN，目标端口 80，带 MSS/SACK/时间戳/窗口缩放选项' },
    malformed: false,
    build: () => eth4(synV4()),
  },
  {
    name: 'ipv4-tcp-data',
    description: { en: 'IPv4 TCP PSH|ACK carrying an HTTP GET request', zh: 'IPv4 TCP PSH|ACK，载荷为 HTTP GET 请求' },
    malformed: false,
    build: () =>
      eth4(
        ipv4Packet(
          { src: HOST4, dst: SERVER4, id: 0x1c48, dontFragment: true },
          tcp({ sport: 51234, dport: 80, seq: 0x3a7c1b21, ack: 0x9d2e4f01, flags: TCP_PSH | TCP_ACK, window: 502, options: timestampOptions(0x0a1b2c47, 0x5e6f7081), payload: HTTP_GET }),
        ),
      ),
  },
  {
    name: 'ipv4-udp-dns',
    description: { en: 'IPv4 UDP DNS query (A example.com) to 1.1.1.1:53', zh: 'IPv4 UDP DNS 查询（A example.com），发往 1.1.1.1:53' },
    malformed: false,
    build: () => eth4(ipv4Packet({ src: HOST4, dst: DNS4, id: 0x9a11, ttl: 64 }, dnsUdp())),
  },
  {
    name: 'ipv4-icmp-echo',
    description: { en: 'IPv4 ICMP echo request (ping) with the usual 56-byte payload', zh: 'IPv4 ICMP 回显请求（ping），56 字节常规载荷' },
    malformed: false,
    build: () => eth4(ipv4Packet({ src: HOST4, dst: SERVER4, id: 0x3f0a, dontFragment: true }, icmpEcho(8, 0x1f2e, 1, pingPayload()))),
  },
  {
    name: 'ipv6-tcp-syn',
    description: { en: 'IPv6 TCP SYN to port 443 with options', zh: 'IPv6 TCP SYN，目标端口 443，带选项' },
    malformed: false,
    build: () =>
      eth6(
        ipv6Packet(
          { src: HOST6, dst: SERVER6, flowLabel: 0x5a3c1 },
          tcp({ sport: 51236, dport: 443, seq: 0x71c0ffee, flags: TCP_SYN, window: 64800, options: synOptions(1440, 0x1b2c3d4e, 7) }),
        ),
      ),
  },
  {
    name: 'ipv6-udp',
    description: { en: 'IPv6 UDP DNS query (AAAA example.com) to port 53', zh: 'IPv6 UDP DNS 查询（AAAA example.com），目标端口 53' },
    malformed: false,
    build: () => eth6(ipv6Packet({ src: HOST6, dst: DNS6, flowLabel: 0x2b7d0 }, udp(40003, 53, dnsQuery(0x7a01, 28)))),
  },
  {
    name: 'ipv6-icmp-echo',
    description: { en: 'ICMPv6 echo request (ping -6)', zh: 'ICMPv6 回显请求（ping -6）' },
    malformed: false,
    build: () => eth6(ipv6Packet({ src: HOST6, dst: SERVER6 }, icmpv6Echo(128, 0x2e3f, 1, pingPayload()))),
  },
  {
    name: 'vlan-ipv4-udp',
    description: { en: '802.1Q VLAN 100 (PCP 3) tagged IPv4 UDP DNS query', zh: '802.1Q VLAN 100（PCP 3）标记的 IPv4 UDP DNS 查询' },
    malformed: false,
    build: () =>
      ethernet({
        dst: GW_MAC, src: HOST_MAC, type: ETH_P_IP, pad: true,
        tags: [{ tpid: ETH_P_8021Q, vid: 100, pcp: 3 }],
        payload: ipv4Packet({ src: HOST4, dst: DNS4, id: 0x9a12 }, dnsUdp()),
      }),
  },
  {
    name: 'qinq-ipv4-udp',
    description: { en: 'QinQ: 802.1ad S-tag 200 over 802.1Q C-tag 100, IPv4 UDP DNS query', zh: 'QinQ：802.1ad 外层标签 200 + 802.1Q 内层标签 100，IPv4 UDP DNS 查询' },
    malformed: false,
    build: () =>
      ethernet({
        dst: GW_MAC, src: HOST_MAC, type: ETH_P_IP, pad: true,
        tags: [{ tpid: ETH_P_8021AD, vid: 200 }, { tpid: ETH_P_8021Q, vid: 100, pcp: 3 }],
        payload: ipv4Packet({ src: HOST4, dst: DNS4, id: 0x9a13 }, dnsUdp()),
      }),
  },
  {
    name: 'arp-request',
    description: { en: 'ARP request: who has 192.168.1.1? (broadcast, padded to 60 bytes)', zh: 'ARP 请求：谁是 192.168.1.1？（广播，填充到 60 字节）' },
    malformed: false,
    build: () =>
      ethernet({
        dst: mac('ff:ff:ff:ff:ff:ff'), src: HOST_MAC, type: ETH_P_ARP, pad: true,
        payload: arp(1, HOST_MAC, HOST4, new Uint8Array(6), GW4),
      }),
  },
  {
    name: 'ipv4-options',
    description: { en: 'IPv4 with options (IHL 8: router alert, NOP, record route), TTL 1, carrying a UDP DNS query', zh: '带选项的 IPv4（IHL 8：路由器告警、NOP、记录路由），TTL 为 1，承载 UDP DNS 查询' },
    malformed: false,
    build: () =>
      eth4(
        ipv4Packet(
          { src: HOST4, dst: DNS4, id: 0x4d01, ttl: 1, options: concat(Uint8Array.of(0x94, 4, 0, 0, 1, 7, 7, 4), new Uint8Array(4)) },
          dnsUdp(),
        ),
      ),
  },
  {
    name: 'ipv6-ext-tcp',
    description: { en: 'IPv6 with hop-by-hop, routing (SRv6) and destination options headers before TCP SYN', zh: '带逐跳、路由（SRv6）和目的选项扩展头的 IPv6，后接 TCP SYN' },
    malformed: false,
    build: () =>
      eth6(
        ipv6Packet(
          { src: HOST6, dst: SERVER6, ext: v6ExtChain('dstopts', SERVER6) },
          tcp({ sport: 51238, dport: 443, seq: 0x0badcafe, flags: TCP_SYN, window: 64800, options: synOptions(1440, 0x1b2c3d50, 7) }),
        ),
      ),
  },
  {
    name: 'ipv6-ext-frag-udp',
    description: { en: 'IPv6 with hop-by-hop, routing and an atomic fragment header before a UDP DNS query', zh: '带逐跳、路由和原子分片扩展头的 IPv6，后接 UDP DNS 查询' },
    malformed: false,
    build: () => eth6(ipv6Packet({ src: HOST6, dst: DNS6, ext: v6ExtChain('fragment', DNS6) }, udp(40004, 53, dnsQuery(0x7a02, 28)))),
  },
  {
    name: 'ipv4-frag-first',
    description: { en: 'First IPv4 fragment (MF set, offset 0) of a 1608-byte UDP datagram', zh: 'IPv4 首个分片（MF 置位，偏移 0），属于 1608 字节的 UDP 数据报' },
    malformed: false,
    build: () => eth4(fragmented()[0]!),
  },
  {
    name: 'ipv4-frag-last',
    description: { en: 'Last (non-first) IPv4 fragment (offset 1480, MF clear): no UDP header', zh: 'IPv4 末尾非首分片（偏移 1480，MF 清零）：没有 UDP 头' },
    malformed: false,
    build: () => eth4(fragmented()[1]!),
  },
  {
    name: 'eth-only',
    description: { en: 'Truncated: a bare 14-byte Ethernet header announcing IPv4', zh: '截断：仅有 14 字节以太网头（类型为 IPv4）' },
    malformed: true,
    build: () => eth4(new Uint8Array(0), false),
  },
  {
    name: 'ipv4-truncated',
    description: { en: 'Truncated: the IPv4 header is cut after 12 of its 20 bytes', zh: '截断：IPv4 头在 20 字节中的第 12 字节处被截断' },
    malformed: true,
    build: () => eth4(synV4().subarray(0, 12).slice(), false),
  },
  {
    name: 'ipv4-bad-ihl',
    description: { en: 'Malformed: IPv4 IHL 3 (< 5) in front of a TCP SYN', zh: '畸形：IPv4 IHL 为 3（小于 5），后接 TCP SYN' },
    malformed: true,
    build: () => {
      const ip = synV4();
      const hdr = ipv4Header({ src: HOST4, dst: SERVER4, id: 0x1c46, dontFragment: true, ihlOverride: 3, totLenOverride: ip.length }, 6, ip.length - 20);
      return eth4(concat(hdr, ip.subarray(20)));
    },
  },
  {
    name: 'ipv4-bad-totlen',
    description: { en: 'Malformed: IPv4 total length 1000 but only 60 bytes present', zh: '畸形：IPv4 总长度为 1000，实际只有 60 字节' },
    malformed: true,
    build: () => {
      const ip = synV4();
      const hdr = ipv4Header({ src: HOST4, dst: SERVER4, id: 0x1c46, dontFragment: true, totLenOverride: 1000 }, 6, ip.length - 20);
      return eth4(concat(hdr, ip.subarray(20)));
    },
  },
  {
    name: 'ipv4-tcp-1500',
    description: { en: 'Full-size frame: IPv4 total length 1500, TCP ACK with 1448 bytes of data', zh: '满尺寸帧：IPv4 总长度 1500，TCP ACK 携带 1448 字节数据' },
    malformed: false,
    build: () => {
      const data = new Uint8Array(1448);
      for (let i = 0; i < data.length; i++) data[i] = (i * 13 + 5) & 0xff;
      return eth4(
        ipv4Packet(
          { src: SERVER4, dst: HOST4, id: 0x2b01, dontFragment: true, ttl: 56 },
          tcp({ sport: 80, dport: 51234, seq: 0x9d2e4f01, ack: 0x3a7c1b6f, flags: TCP_ACK, window: 509, options: timestampOptions(0x5e6f7090, 0x0a1b2c47), payload: data }),
        ),
      );
    },
  },
];

const BY_NAME = new Map(ENTRIES.map((e) => [e.name, e]));

/** Catalogue packet names in catalogue order. */
export function packetNames(): string[] {
  return ENTRIES.map((e) => e.name);
}

/** A fresh copy of a catalogue packet's bytes, or undefined for an unknown name. */
export function catalogPacket(name: string): Uint8Array | undefined {
  return BY_NAME.get(name)?.build();
}

export interface PacketDescription {
  name: string;
  length: number;
  malformed: boolean;
  description: Bilingual;
}

/** Every catalogue packet with its length and a one-line description in English and Chinese. */
export function describe(): PacketDescription[] {
  return ENTRIES.map((e) => ({ name: e.name, length: e.build().length, malformed: e.malformed, description: { ...e.description } }));
}
