/**
 * `bpfls run FILE [--section SEC | --function NAME] --packet SPEC [--packet SPEC ...]
 *   [--maps init.json] [--global NAME=VALUE] [--cpu N] [--prog-type T] [--define N=V] [--include DIR]
 *   [--format text|json]`
 * Runs a program of FILE on packets with the interpreter, one run per packet,
 * maps carried from run to run. SPEC: builtin:NAME, hex:..., or a .bin /
 * .pcap / .pcapng / hex file (every packet in it). Exit 0 when every run
 * completed, 1 when one faulted, 2 on usage errors and unreadable input.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { catalogPacket, decodePacket, diffPackets, packetNames, readPacketBytes, resolvePacketSpec } from '../interp/packets/index.ts';
import { createState, mapsJson, prepareProgram, runPacket, type MachineState, type MapsJson, type RunnableType, type RunResult } from '../interp/run.ts';
import { oneOf, parseArgs, UsageError } from './args.ts';
import type { CommandIO } from './io.ts';
import { runResultJson } from '../interp/result-json.ts';

export const RUN_USAGE = 'bpfls run FILE [--section SEC | --function NAME] --packet SPEC [--packet SPEC ...] [--maps init.json] [--global NAME=VALUE] [--format text|json]';

const PROG_TYPES: readonly RunnableType[] = ['xdp', 'sched_cls', 'sched_act', 'socket_filter', 'cgroup_skb', 'lwt_in', 'lwt_out', 'lwt_xmit'];

interface Input {
  label: string;
  bytes: Uint8Array;
}

/** The packets a SPEC names (a file may hold several). Throws UsageError for unusable input. */
function packetsOf(spec: string): Input[] {
  if (spec.startsWith('builtin:')) {
    const name = spec.slice(8);
    const bytes = catalogPacket(name);
    if (!bytes) throw new UsageError(`no built-in packet "${name}" (known: ${packetNames().join(', ')})`);
    return [{ label: spec, bytes }];
  }
  const named = resolvePacketSpec(spec);
  if (named) {
    if (!named.ok) throw new UsageError(`--packet ${spec}: ${named.error}`);
    return named.packets.map((p, i) => ({ label: named.packets.length > 1 ? `${spec}#${i + 1}` : spec, bytes: p.bytes }));
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(readFileSync(spec));
  } catch {
    throw new UsageError(`--packet ${spec}: not builtin:NAME, hex:... or a readable file`);
  }
  const r = readPacketBytes(raw, basename(spec));
  if (!r.ok) throw new UsageError(`--packet ${spec}: ${r.error}`);
  if (!r.packets.length) throw new UsageError(`--packet ${spec}: the file holds no packets`);
  return r.packets.map((p, i) => ({ label: r.packets.length > 1 ? `${spec}#${i + 1}` : spec, bytes: p.bytes }));
}

function readMaps(path: string): MapsJson {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--maps ${path}: cannot read the file`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected an object of maps');
    return v as MapsJson;
  } catch (e) {
    throw new UsageError(`--maps ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}


function textResult(r: RunResult, input: Input, index: number, file: string, prevMaps: MapsJson | undefined): string {
  const lines: string[] = [];
  lines.push(`run ${index + 1}: ${input.label} (${input.bytes.length} bytes) -> ${r.action}${r.fault ? '' : ` (retval ${r.retval})`}   [${r.function}, SEC("${r.section}"), ${r.steps} steps]`);
  if (r.fault) {
    const at = r.fault.range.start;
    lines.push(`  fault: ${r.fault.file ?? file}:${at.line + 1}:${at.character + 1}: ${r.fault.message}`);
  }
  lines.push(`  in:  ${decodePacket(input.bytes).summary}`);
  if (r.packet.length) {
    const same = r.packet.length === input.bytes.length && r.packet.every((b, i) => b === input.bytes[i]);
    if (same) lines.push('  out: unchanged');
    else {
      lines.push(`  out: ${decodePacket(r.packet).summary}`);
      const changes = diffPackets(input.bytes, r.packet);
      for (const ch of changes.slice(0, 24)) lines.push(`       ${ch.text}`);
      if (changes.length > 24) lines.push(`       ... ${changes.length - 24} more`);
    }
  }
  if (r.redirect) lines.push(`  redirect: ${r.redirect.kind === 'ifindex' ? `ifindex ${r.redirect.ifindex}` : `map ${r.redirect.map} key ${r.redirect.key}`}${r.redirect.flags ? ` flags ${r.redirect.flags}` : ''}`);
  for (const t of r.trace) lines.push(`  trace: ${t}`);
  for (const e of r.events) lines.push(`  ${e.kind} ${e.map}${e.cpu !== undefined ? ` cpu ${e.cpu}` : ''}: ${e.dataHex}`);
  for (const [name, m] of Object.entries(r.maps)) {
    const before = prevMaps?.[name];
    const changed = m.entries.filter((e) => {
      const old = before?.entries.find((x) => x.key === e.key);
      return JSON.stringify(old) !== JSON.stringify(e);
    });
    for (const e of changed) {
      const v = e.value ?? e.prog ?? (e.values ? `[${e.values.join(', ')}]` : '');
      lines.push(`  map ${name}[${e.key || '-'}] = ${v}`);
    }
    const removed = (before?.entries ?? []).filter((e) => !m.entries.some((x) => x.key === e.key));
    for (const e of removed) lines.push(`  map ${name}[${e.key}] deleted`);
  }
  return lines.join('\n') + '\n';
}

export async function runCommand(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, ['section', 'function', 'packet', 'maps', 'format', 'prog-type', 'cpu', 'define', 'include', 'global']);
  const format = oneOf(args, 'format', ['text', 'json'] as const, 'text');
  if (args.positional.length !== 1) throw new UsageError('run needs exactly one FILE');
  const file = args.positional[0];
  const section = args.options.get('section')?.at(-1);
  const fn = args.options.get('function')?.at(-1);
  if (section && fn) throw new UsageError('give --section or --function, not both');
  const specs = args.options.get('packet') ?? [];
  if (!specs.length) throw new UsageError('run needs at least one --packet SPEC');
  const progType = args.options.get('prog-type')?.at(-1);
  if (progType && !(PROG_TYPES as readonly string[]).includes(progType)) throw new UsageError(`--prog-type must be one of ${PROG_TYPES.join(', ')}`);
  const cpuText = args.options.get('cpu')?.at(-1);
  const cpu = cpuText === undefined ? 0 : Number(cpuText);
  if (!Number.isInteger(cpu) || cpu < 0) throw new UsageError('--cpu must be a CPU number');
  const defines: Record<string, string> = {};
  for (const d of args.options.get('define') ?? []) {
    const eq = d.indexOf('=');
    defines[eq < 0 ? d : d.slice(0, eq)] = eq < 0 ? '1' : d.slice(eq + 1);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    io.stderr(`bpfls: cannot read ${file}\n`);
    return 2;
  }
  const inputs = specs.flatMap(packetsOf);
  const maps = args.options.get('maps')?.at(-1);
  const init = maps ? readMaps(maps) : undefined;

  const path = resolve(file);
  const prepared = await prepareProgram(source, {
    path,
    defines,
    includeDirs: (args.options.get('include') ?? []).map((d) => resolve(d)),
    files: {
      read: (p) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return undefined;
        }
      },
    },
  });
  for (const d of prepared.diagnostics) {
    const where = `${d.file === path ? file : d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    if (d.severity === 'error' || format === 'text') io.stderr(`${where}: ${d.severity}: ${d.message}\n`);
  }
  if (!prepared.ok) return 1;
  const programs = prepared.programs;
  if (!section && !fn && programs.length > 1) {
    throw new UsageError(`${file} has ${programs.length} programs; pick one with --section or --function (${programs.map((p) => `${p.function} in SEC("${p.section}")`).join(', ')})`);
  }
  if (section && !programs.some((p) => p.section === section)) throw new UsageError(`no program in section "${section}" (sections: ${programs.map((p) => p.section).join(', ') || 'none'})`);
  if (fn && !programs.some((p) => p.function === fn) && !prepared.unit.compiler?.functions.has(fn)) {
    throw new UsageError(`no function "${fn}" in ${file} (programs: ${programs.map((p) => p.function).join(', ') || 'none'})`);
  }
  const globals: Record<string, bigint | string> = {};
  for (const g of args.options.get('global') ?? []) {
    const m = /^([A-Za-z_]\w*)=(.+)$/.exec(g);
    if (!m) throw new UsageError(`--global expects NAME=VALUE (a number, or hex:BYTES), got "${g}"`);
    try {
      globals[m[1]] = m[2].startsWith('hex:') ? m[2] : BigInt(m[2]);
    } catch {
      throw new UsageError(`--global ${m[1]}: "${m[2]}" is not a number (use hex:BYTES for raw bytes)`);
    }
  }
  const state: MachineState = createState(prepared, { maps: init, globals });
  if (state.error) throw new UsageError(state.error);
  const results: RunResult[] = [];
  let prevMaps: MapsJson | undefined = mapsJson(state);
  let out = '';
  inputs.forEach((input, i) => {
    const r = runPacket(prepared, { section, function: fn, programType: progType as RunnableType | undefined, packet: input.bytes, state, cpu, lineValues: false });
    results.push(r);
    if (format === 'text') out += textResult(r, input, i, file, prevMaps);
    prevMaps = r.maps;
  });
  if (format === 'json') io.stdout(JSON.stringify(results.map(runResultJson), null, 2) + '\n');
  else io.stdout(out);
  return results.some((r) => r.fault) ? 1 : 0;
}

