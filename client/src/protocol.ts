/**
 * bpfls's custom LSP requests, shared by the VS Code client and the server.
 *
 * Plain TypeScript types and method-name constants only: no import from `vscode`,
 * `vscode-languageclient` or `vscode-languageserver`, so both sides (and a browser
 * build) can import this file. Positions and ranges are LSP's: 0-based line and
 * UTF-16 character.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

// ---------------------------------------------------------------------------
// bpfls/helperDoc: the card of one helper as Markdown.

export const HELPER_DOC_METHOD = 'bpfls/helperDoc';

export interface HelperDocParams {
  /** A helper name, with or without the `bpf_` prefix, or a helper id ("12"). */
  name: string;
  /** The docs language; omitted or "auto" = the server's choice (settings, then the client locale). */
  locale?: 'auto' | 'en' | 'zh-CN';
}

export interface HelperDocResult {
  /** The canonical helper name, e.g. "bpf_xdp_adjust_head". */
  name: string;
  /** The helper id (`BPF_FUNC_*` value). */
  id: number;
  /** The language the card was written in. */
  locale: 'en' | 'zh-CN';
  /** The card as Markdown (signature, summary, warnings, sections). */
  markdown: string;
}

/** `null` result: no helper by that name. */
export type HelperDocResponse = HelperDocResult | null;

// ---------------------------------------------------------------------------
// bpfls/helperList: the names the "Show Helper Docs" quick pick offers.

export const HELPER_LIST_METHOD = 'bpfls/helperList';

export interface HelperListParams {
  locale?: 'auto' | 'en' | 'zh-CN';
}

export interface HelperListItem {
  name: string;
  id: number;
  /** One-line summary in the requested language. */
  summary: string;
  /** Kernel version that introduced it, e.g. "4.8". */
  since?: string;
  gplOnly: boolean;
}

// ---------------------------------------------------------------------------
// bpfls/programAt: the BPF program (a SEC function) enclosing a position.

export const PROGRAM_AT_METHOD = 'bpfls/programAt';

export interface ProgramAtParams {
  uri: string;
  position: Position;
}

export interface ProgramAtResult {
  /** The function name. */
  name: string;
  /** The SEC("...") text. */
  section: string;
  /** libbpf's program type name ("xdp", "kprobe", ...); null when libbpf does not know the section. */
  programType: string | null;
  /** The context argument's C type ("struct xdp_md", "struct pt_regs *"); null when unknown. */
  context: string | null;
  /** The function's name range (for highlighting or code lenses). */
  range: Range;
}

export type ProgramAtResponse = ProgramAtResult | null;

// ---------------------------------------------------------------------------
// bpfls/runProgram: run one program of a document on a packet with the interpreter.

export const RUN_PROGRAM_METHOD = 'bpfls/runProgram';

export interface RunProgramParams {
  uri: string;
  /** The program function; omitted = the only program, or the one named by `section`. */
  function?: string;
  /** The SEC name, used when `function` is omitted. */
  section?: string;
  /**
   * A packet SPEC, as `bpfls run --packet SPEC` takes it: `builtin:NAME` (see
   * BUILTIN_PACKETS) or `hex:` followed by the bytes in hexadecimal (spaces allowed).
   */
  packet: string;
}

/** One map entry, bytes as hex in memory order; per-CPU maps give `values` (one per CPU). */
export interface RunMapEntry {
  key: string;
  value?: string;
  values?: string[];
  /** Prog arrays: the program function in the slot. */
  prog?: string;
}

export interface RunMapState {
  /** BPF_MAP_TYPE_* name. */
  type: string;
  entries: RunMapEntry[];
}

export interface RunFault {
  message: string;
  /** Where in the document the fault happened; null when not tied to source. */
  range: Range | null;
}

/** A redirect the program requested (bpf_redirect, bpf_redirect_map). */
export interface RunRedirect {
  kind: 'ifindex' | 'map';
  ifindex?: number;
  map?: string;
  key?: number;
  flags: number;
}

/** The JSON object `bpfls run --format json` prints (one per packet). */
export interface RunProgramResult {
  function: string;
  section: string;
  /** The program's return value as BPF_PROG_TEST_RUN reports it (u32). */
  retval: number | string | null;
  /** The return value's meaning for the program type ("XDP_PASS", "TC_ACT_SHOT", ...). */
  action: string | null;
  /** The packet after the run, as lower-case hex without separators. */
  packetHex: string;
  redirect: RunRedirect | null;
  /** Map contents after the run, by map name. */
  maps: Record<string, RunMapState>;
  /** bpf_printk / bpf_trace_printk output lines. */
  trace: string[];
  /** A fault that stopped the program (what the verifier or the kernel would reject). */
  fault: RunFault | null;
  /** Number of interpreted steps. */
  steps: number;
}

export interface BuiltinPacket {
  /** Used as `builtin:NAME`. */
  name: string;
  /** Short description in English; the client localises its own picker labels. */
  description: string;
}

/**
 * The packet catalogue the client offers in "Run Program on Packet". The
 * interpreter's `builtin:` names must match this list (the server may extend it
 * through `bpfls/packetCatalogue`).
 */
export const BUILTIN_PACKETS: readonly BuiltinPacket[] = [
  { name: 'ipv4-tcp-syn', description: 'Ethernet + IPv4 + TCP SYN to port 80' },
  { name: 'ipv4-tcp-data', description: 'Ethernet + IPv4 + TCP segment with a payload' },
  { name: 'ipv4-udp-dns', description: 'Ethernet + IPv4 + UDP DNS query to port 53' },
  { name: 'ipv4-icmp-echo', description: 'Ethernet + IPv4 + ICMP echo request' },
  { name: 'ipv6-tcp-syn', description: 'Ethernet + IPv6 + TCP SYN to port 443' },
  { name: 'ipv6-udp', description: 'Ethernet + IPv6 + UDP datagram' },
  { name: 'vlan-ipv4-udp', description: 'Ethernet + 802.1Q VLAN + IPv4 + UDP' },
  { name: 'arp-request', description: 'Ethernet + ARP who-has request' },
  { name: 'ipv6-icmp-echo', description: 'Ethernet + IPv6 + ICMPv6 echo request' },
  { name: 'qinq-ipv4-udp', description: 'Ethernet + 802.1ad + 802.1Q (QinQ) + IPv4 + UDP' },
  { name: 'eth-only', description: 'An Ethernet header and nothing after it' },
];

// ---------------------------------------------------------------------------
// bpfls/packetCatalogue: the server's own packet list (optional; the client
// falls back to BUILTIN_PACKETS when the server does not answer it).

export const PACKET_CATALOGUE_METHOD = 'bpfls/packetCatalogue';

export type PacketCatalogueResponse = BuiltinPacket[];
