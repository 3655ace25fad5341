/**
 * The interpreter's public API.
 *
 *   const prepared = await prepareProgram(source, { path, files, defines });
 *   const result = runPacket(prepared, { section: 'xdp', packet });
 *
 * Runs with the same `state` share maps and global variables (a sequence of
 * packets). Nothing here throws for bad programs or input: problems come back
 * as `fault`.
 */
import { Fault } from './evaluator/fault.ts';
import { Machine, STEP_LIMIT } from './evaluator/machine.ts';
import { showValue } from './evaluator/lvalue.ts';
import type { CapturedEvent, Interface, RedirectInfo, Route, RunEnv, RunnableType } from './helpers/env.ts';
import { ProgramExit, TailCall } from './helpers/index.ts';
import { MapError, MapSet, toHex, type MapsJson } from './maps/index.ts';
import { Ptr, Region, type Value } from './memory/region.ts';
import { userRange, type Prepared, type SourceRange } from './prepare.ts';
import { actionName, isRunnable, programTypeOfSection } from './program-types.ts';
import { outputPacket, startRun, type CtxInput } from './test-run.ts';

export { prepareProgram, prepareProgramSync, type Prepared, type PrepareOptions, type InterpDiagnostic, type SourceRange } from './prepare.ts';
export type { MapsJson, MapJson, MapEntryJson } from './maps/index.ts';
export type { Route, Interface, RedirectInfo, RunnableType } from './helpers/env.ts';
export type { CtxInput } from './test-run.ts';

/** Possible CPUs of the machine the kernel goldens were recorded on; per-CPU maps hold one value each. */
export const DEFAULT_CPUS = 2;
export const DEFAULT_CLOCK = 1_000_000_000n;

/** Maps and global variables shared by a sequence of runs. */
export interface MachineState {
  maps: MapSet;
  /** One region per data section (.bss, .data, .rodata, ...), as libbpf maps them. */
  globals: Region[];
  sectionNames: string[];
  cpus: number;
  /** The virtual clock carries on from run to run. */
  clock: bigint;
  /** Set when the initial maps or globals could not be loaded; runs with this state fault with it. */
  error?: string;
}

export interface StateOptions {
  maps?: MapsJson;
  cpus?: number;
  /** Values for global variables (`const volatile` knobs): number, bigint or hex bytes ("hex:0a00"). */
  globals?: Record<string, number | bigint | string>;
  clock?: number | bigint;
}

export interface FaultInfo {
  message: string;
  kind: string;
  range: SourceRange;
  /** Set when the range is in another file than the program (a local header). */
  file?: string;
}

export interface LineValue {
  name: string;
  value: string;
}

export interface RunOptions extends StateOptions {
  function?: string;
  section?: string;
  /** Overrides the program type the section implies. */
  programType?: RunnableType;
  packet: Uint8Array;
  ctx?: CtxInput;
  /** Shared state from createState (then `maps`, `cpus` and `globals` are ignored). */
  state?: MachineState;
  cpu?: number;
  seed?: number;
  /** Nanoseconds each clock read advances. */
  clockStep?: number;
  routes?: Route[];
  interfaces?: Interface[];
  stepLimit?: number;
  /** Record values assigned per line (default true). */
  lineValues?: boolean;
}

export interface RunEvent {
  kind: 'ringbuf' | 'perf';
  map: string;
  cpu?: number;
  dataHex: string;
}

export interface RunResult {
  function: string;
  section: string;
  programType: string;
  /** The program's return value as BPF_PROG_TEST_RUN reports it (u32). */
  retval: number;
  action: string;
  packet: Uint8Array;
  redirect?: RedirectInfo;
  maps: MapsJson;
  trace: string[];
  events: RunEvent[];
  fault: FaultInfo | null;
  steps: number;
  /** 0-based line -> values assigned on that line (last value per name). */
  lineValues: Record<number, LineValue[]>;
}

function globalBytes(size: number, v: number | bigint | string): Uint8Array {
  if (typeof v === 'string') {
    const hex = v.replace(/^hex:/, '').replace(/^0x/, '');
    const out = new Uint8Array(size);
    for (let i = 0; i < Math.min(size, hex.length / 2); i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(64, BigInt(v));
  for (let i = 0; i < size && i < 8; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/**
 * Fresh maps (with optional initial contents) and globals for a prepared
 * program. Never throws: problems with the input set `error`.
 */
export function createState(prepared: Prepared, opts: StateOptions = {}): MachineState {
  try {
    return buildState(prepared, opts);
  } catch (e) {
    const cpus = Math.max(1, opts.cpus ?? DEFAULT_CPUS);
    return { maps: new MapSet(prepared.maps, cpus), globals: [], sectionNames: [], cpus, clock: BigInt(opts.clock ?? DEFAULT_CLOCK), error: e instanceof Error ? e.message : String(e) };
  }
}

function buildState(prepared: Prepared, opts: StateOptions): MachineState {
  const cpus = Math.max(1, opts.cpus ?? DEFAULT_CPUS);
  const maps = new MapSet(prepared.maps, cpus);
  const sectionInit: [string, string][] = [];
  if (opts.maps) {
    const plain: MapsJson = {};
    for (const [name, m] of Object.entries(opts.maps)) {
      if (prepared.unit.sections.some((sec) => sec.name === name)) {
        const entries = Array.isArray(m) ? (m as { value?: string }[]) : m.entries;
        if (entries[0]?.value) sectionInit.push([name, entries[0].value]);
      } else plain[name] = m;
    }
    maps.load(plain);
  }
  const sections = prepared.unit.sections;
  const globals = sections.map((sec) => {
    const r = new Region('global', sec.name, sec.size);
    for (const g of sec.vars) {
      r.bytes.set(g.init, g.offset);
      if (g.initPtrs) {
        r.ptrs ??= new Map();
        for (const [off, target] of g.initPtrs) r.ptrs.set(g.offset + off, new Ptr(target, 0, 0));
      }
    }
    for (const k of sec.consts) r.bytes.set(k.bytes, k.offset);
    return r;
  });
  for (const [name, v] of Object.entries(opts.globals ?? {})) {
    const g = prepared.unit.globals.find((x) => x.name === name);
    if (!g || g.sectionIndex < 0) throw new MapError(`global variable "${name}" is not defined by the program`);
    globals[g.sectionIndex].bytes.set(globalBytes(g.init.length, v), g.offset);
  }
  for (const [name, hex] of sectionInit) {
    const i = sections.findIndex((sec) => sec.name === name);
    globals[i].bytes.set(globalBytes(globals[i].bytes.length, `hex:${hex}`));
  }
  sections.forEach((sec, i) => (globals[i].readOnly = sec.readOnly));
  return { maps, globals, sectionNames: sections.map((x) => x.name), cpus, clock: BigInt(opts.clock ?? DEFAULT_CLOCK) };
}

/** The maps of a state in the JSON form, data sections (.bss, .data, .rodata...) included as array maps. */
export function mapsJson(state: MachineState): MapsJson {
  const out = state.maps.toJson();
  state.globals.forEach((r, i) => {
    const name = state.sectionNames[i];
    if (!/^\.(bss|data|rodata)(\.|$)/.test(name) || r.bytes.length === 0) return;
    out[name] = { type: 'BPF_MAP_TYPE_ARRAY', entries: [{ key: '00000000', value: toHex(r.bytes) }] };
  });
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function toFaultInfo(prepared: Prepared, e: Fault): FaultInfo {
  const placed = userRange(prepared.unit, e.start, e.end);
  const info: FaultInfo = { message: e.message, kind: e.kind, range: placed?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  if (placed && placed.file !== prepared.path) info.file = placed.file;
  return info;
}

function pickProgram(prepared: Prepared, opts: RunOptions): { fn: string; section: string } | string {
  const progs = prepared.unit.programs;
  if (opts.function) {
    const p = progs.find((x) => x.function === opts.function);
    if (p) return { fn: p.function, section: p.section };
    if (prepared.unit.compiler?.functions.has(opts.function)) return { fn: opts.function, section: '' };
    return `no function "${opts.function}" in the program (programs: ${progs.map((x) => x.function).join(', ') || 'none'})`;
  }
  if (opts.section) {
    const p = progs.find((x) => x.section === opts.section);
    if (p) return { fn: p.function, section: p.section };
    return `no program in section "${opts.section}" (sections: ${progs.map((x) => x.section).join(', ') || 'none'})`;
  }
  if (progs.length === 0) return 'the file has no programs (no function with a SEC("...") annotation)';
  return { fn: progs[0].function, section: progs[0].section };
}

const NO_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function emptyResult(fn: string, section: string, type: string, message: string, kind = 'program', state?: MachineState): RunResult {
  return {
    function: fn,
    section,
    programType: type,
    retval: 0,
    action: 'FAULT',
    packet: new Uint8Array(0),
    maps: state ? mapsJson(state) : {},
    trace: [],
    events: [],
    fault: { message, kind, range: NO_RANGE },
    steps: 0,
    lineValues: {},
  };
}

/** Runs one packet through a program. */
export function runPacket(prepared: Prepared, opts: RunOptions): RunResult {
  const c = prepared.unit.compiler;
  if (!prepared.ok || !c) {
    const first = prepared.diagnostics.find((d) => d.severity === 'error');
    const r = emptyResult(opts.function ?? '', opts.section ?? '', '', first ? first.message : 'the program did not compile', 'compile');
    if (first) r.fault = { message: first.message, kind: 'compile', range: first.range, ...(first.file !== prepared.path ? { file: first.file } : {}) };
    return r;
  }
  const pick = pickProgram(prepared, opts);
  if (typeof pick === 'string') return emptyResult(opts.function ?? '', opts.section ?? '', '', pick);
  const { fn, section } = pick;
  const secType = programTypeOfSection(section);
  const type = opts.programType ?? (isRunnable(secType) ? secType : undefined);
  if (!type) return emptyResult(fn, section, secType ?? '', `programs of type ${secType ?? `"${section}"`} cannot be run on packets (runnable: XDP, TC, socket filters, cgroup_skb, lwt)`);
  const state = opts.state ?? createState(prepared, opts);
  if (state.error) return emptyResult(fn, section, type, state.error, 'input');
  let start;
  try {
    start = startRun(type, opts.packet, opts.ctx);
  } catch (e) {
    return emptyResult(fn, section, type, e instanceof Error ? e.message : String(e), e instanceof Fault ? e.kind : 'input', state);
  }
  const env: RunEnv = {
    progType: type,
    packet: start.packet,
    skb: start.skb,
    ctx: start.ctx,
    maps: state.maps,
    cpu: Math.min(Math.max(0, opts.cpu ?? 0), state.cpus - 1),
    cpus: state.cpus,
    clock: state.clock,
    clockStep: BigInt(opts.clockStep ?? 100),
    random: mulberry32(opts.seed ?? 1),
    trace: [],
    events: [],
    redirect: null,
    clones: [],
    tailCalls: 0,
    routes: opts.routes ?? [],
    interfaces: opts.interfaces ?? [{ ifindex: 1, name: 'lo', mtu: 65536, forwarding: false }],
    reserved: new Map(),
    callFunction: () => 0,
    hasFunction: (name) => c.functions.has(name),
  };
  const m = new Machine(env, state.globals, opts.stepLimit ?? STEP_LIMIT);
  const lines = new Map<number, Map<string, Value>>();
  if (opts.lineValues !== false) {
    m.rec = (line, name, v) => {
      let l = lines.get(line);
      if (!l) lines.set(line, (l = new Map()));
      l.set(name, v);
    };
  }
  env.callFunction = (fnv, args) => {
    if (!(fnv instanceof Ptr) || fnv.r.kind !== 'func') throw new Fault('callback is not a function of the program', 'invalid-pointer');
    const entry = c.functions.get(fnv.r.name);
    if (!entry) throw new Fault(`callback "${fnv.r.name}" has no body`, 'unsupported');
    const impl = entry.impl ?? c.compileFunction(entry);
    return m.call(impl, args, impl.range);
  };
  let current = fn;
  let retval = 0;
  let fault: FaultInfo | null = null;
  const ctxPtr = new Ptr(start.ctx, 0, 0);
  for (;;) {
    const entry = c.functions.get(current);
    if (!entry) {
      fault = { message: `no function "${current}"`, kind: 'program', range: NO_RANGE };
      break;
    }
    try {
      const impl = entry.impl ?? c.compileFunction(entry);
      const v = m.call(impl, [ctxPtr], impl.range);
      retval = v instanceof Ptr ? 0 : Number(BigInt.asUintN(32, BigInt(v)));
      break;
    } catch (e) {
      if (e instanceof TailCall) {
        current = e.target;
        continue;
      }
      if (e instanceof ProgramExit) {
        retval = e.retval >>> 0;
        break;
      }
      if (e instanceof Fault) {
        fault = toFaultInfo(prepared, e);
        break;
      }
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        fault = { message: 'call stack exhausted (too deep nesting)', kind: 'stack-limit', range: NO_RANGE };
        break;
      }
      fault = { message: `internal error: ${e instanceof Error ? e.message : String(e)}`, kind: 'internal', range: NO_RANGE };
      break;
    }
  }
  state.clock = env.clock + 1_000_000n;
  const lineValues: Record<number, LineValue[]> = {};
  for (const [line, vals] of [...lines.entries()].sort((a, b) => a[0] - b[0])) {
    lineValues[line] = [...vals.entries()].map(([name, v]) => ({ name, value: showValue(v) }));
  }
  const result: RunResult = {
    function: fn,
    section,
    programType: type,
    retval: fault ? 0 : retval,
    action: fault ? 'FAULT' : actionName(type, retval),
    packet: outputPacket(type, start),
    maps: mapsJson(state),
    trace: env.trace,
    events: (env.events as CapturedEvent[]).map((e) => ({ kind: e.kind, map: e.map, ...(e.cpu !== undefined ? { cpu: e.cpu } : {}), dataHex: toHex(e.data) })),
    fault,
    steps: m.steps,
    lineValues,
  };
  if (env.redirect && !fault) result.redirect = env.redirect;
  return result;
}

/** Runs packets one after another with shared maps and globals. */
export function runPackets(prepared: Prepared, packets: Uint8Array[], opts: Omit<RunOptions, 'packet'>): RunResult[] {
  const state = opts.state ?? createState(prepared, opts);
  return packets.map((packet) => runPacket(prepared, { ...opts, packet, state }));
}

