/**
 * What helpers see of a run: the packet, the socket buffer's metadata (TC,
 * socket filters), maps, the virtual clock, the PRNG, the CPU, captured
 * output, redirect and tail-call state.
 */
import type { MapEvent, MapSet } from '../maps/index.ts';
import type { Packet } from '../memory/packet.ts';
import type { Region, Value } from '../memory/region.ts';

export type RunnableType = 'xdp' | 'sched_cls' | 'sched_act' | 'socket_filter' | 'cgroup_skb' | 'lwt_in' | 'lwt_out' | 'lwt_xmit';

/** The parts of struct sk_buff a program can see or change. */
export interface SkbState {
  /** skb->protocol as the 16-bit ethertype in host order (0x0800 for IPv4). */
  protocol: number;
  pktType: number;
  mark: number;
  priority: number;
  queueMapping: number;
  tcIndex: number;
  tcClassid: number;
  hash: number;
  /** Hash set by bpf_set_hash or computed. */
  hashValid: boolean;
  vlanPresent: boolean;
  vlanTci: number;
  /** Host-order ethertype of the accelerated tag (0x8100 / 0x88a8). */
  vlanProto: number;
  ingressIfindex: number;
  ifindex: number;
  cb: Uint32Array;
  tstamp: bigint;
  wireLen: number;
  gsoSegs: number;
  gsoSize: number;
  hwtstamp: bigint;
  /** Offsets of the MAC and network headers relative to data. */
  macOff: number;
  netOff: number;
  /** skb->len counts from data; true for program types that see the Ethernet header. */
  l2: boolean;
  napiId: number;
}

export interface RedirectInfo {
  kind: 'ifindex' | 'map';
  ifindex?: number;
  map?: string;
  key?: number;
  flags: number;
}

export interface Route {
  /** "10.0.0.0/8" or "2001:db8::/32". */
  prefix: string;
  ifindex: number;
  /** Next hop (gateway), if any. */
  gateway?: string;
  /** Source and destination MAC for the next hop, "aa:bb:cc:dd:ee:ff"; without dmac the neighbour is unknown. */
  smac?: string;
  dmac?: string;
  mtu?: number;
  /** Route type: unicast (default), blackhole, unreachable, prohibit. */
  type?: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';
}

export interface Interface {
  ifindex: number;
  name?: string;
  mtu?: number;
  /** IP forwarding enabled (bpf_fib_lookup answers BPF_FIB_LKUP_RET_FWD_DISABLED otherwise). */
  forwarding?: boolean;
}

export interface CapturedEvent extends MapEvent {
  kind: 'ringbuf' | 'perf';
}

export interface RunEnv {
  progType: RunnableType;
  packet: Packet;
  skb: SkbState | null;
  ctx: Region;
  maps: MapSet;
  cpu: number;
  cpus: number;
  /** Virtual clock in ns; every read advances it by clockStep. */
  clock: bigint;
  clockStep: bigint;
  random: () => number;
  trace: string[];
  events: CapturedEvent[];
  redirect: RedirectInfo | null;
  clones: { ifindex: number; flags: number; packet: Uint8Array }[];
  tailCalls: number;
  routes: Route[];
  interfaces: Interface[];
  /** Ring buffer records reserved and not yet submitted. */
  reserved: Map<Region, { map: string }>;
  /** Calls a program function by pointer value (callbacks, tail calls). */
  callFunction: (fn: Value, args: Value[]) => Value;
  /** Names of program functions (for tail-call targets). */
  hasFunction: (name: string) => boolean;
}
