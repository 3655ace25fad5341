/**
 * Runs a fixture program (test/fixtures/interp/*.bpf.c) and checks the
 * expectations written in it. Directives are comment lines:
 *
 *   // section: xdp              (or // function: name, // prog-type: sched_cls)
 *   // maps: {"counts": {"type": "BPF_MAP_TYPE_ARRAY", "entries": [...]}}
 *   // options: {"globals": {...}, "routes": [...], "seed": 7, "cpus": 4}
 *   // packet: builtin:ipv4-udp-dns | hex:0011...   starts a run; the lines below apply to it
 *   // ctx: {"mark": 5}          // cpu: 1
 *   // expect: XDP_DROP          (the action) or // expect: retval 7
 *   // expect-fault: packet access out of bounds   (substring of the message)
 *   // expect-fault-line: 12     (1-based line the fault points at)
 *   // expect-map: counts 01000000 0100000000000000   (value on the run's CPU; "-" = no entry)
 *   // expect-trace: text        (one trace line equals it)
 *   // expect-packet: <hex>      // expect-packet-at: 14 <hex>
 *   // expect-redirect: ifindex 5 | map tx_port 0
 *   // expect-event: rb <hex>    // expect-value: 12 name 42   (line values; 1-based line)
 *   // expect-prepare-error: text
 *
 * Maps and globals carry over from one run to the next.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { catalogPacket, fromHex, toHex } from '../../server/src/interp/packets/index.ts';
import { createState, prepareProgram, runPacket, type MapsJson, type RunOptions, type RunResult } from '../../server/src/interp/run.ts';
import { ROOT } from '../support/paths.ts';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'interp');

interface Run {
  spec: string;
  line: number;
  ctx?: RunOptions['ctx'];
  cpu?: number;
  expects: { key: string; value: string; line: number }[];
}

export function packetFromSpec(spec: string): Uint8Array {
  if (spec.startsWith('builtin:')) {
    const p = catalogPacket(spec.slice(8));
    if (!p) throw new Error(`no catalogue packet "${spec.slice(8)}"`);
    return p;
  }
  if (spec.startsWith('hex:')) return fromHex(spec.slice(4).replace(/[\s:]/g, ''));
  throw new Error(`packet spec "${spec}" must be builtin:NAME or hex:...`);
}

function directives(text: string): { key: string; value: string; line: number }[] {
  const out: { key: string; value: string; line: number }[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /^\s*\/\/\s*([a-z][a-z-]*):\s*(.*?)\s*$/.exec(l);
    if (m) out.push({ key: m[1], value: m[2], line: i + 1 });
  });
  return out;
}

function mapValue(r: RunResult, map: string, key: string, cpu: number): string | undefined {
  const m = r.maps[map];
  if (!m) return `<no map ${map}>`;
  const e = m.entries.find((x) => x.key === key);
  if (!e) return undefined;
  return e.value ?? e.prog ?? e.values?.[cpu];
}

export async function checkFixture(file: string): Promise<string[]> {
  const path = join(FIXTURES, file);
  const text = readFileSync(path, 'utf8');
  const dir = dirname(path);
  const ds = directives(text);
  const problems: string[] = [];
  const prepared = await prepareProgram(text, {
    path,
    files: {
      read: (p: string) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return undefined;
        }
      },
    },
  });
  const prepErr = ds.filter((d) => d.key === 'expect-prepare-error');
  if (prepErr.length) {
    for (const d of prepErr) {
      if (!prepared.diagnostics.some((x) => x.severity === 'error' && x.message.toLowerCase().includes(d.value.toLowerCase()))) {
        problems.push(`line ${d.line}: expected a prepare error containing "${d.value}", got ${JSON.stringify(prepared.diagnostics.map((x) => x.message))}`);
      }
    }
    return problems;
  }
  if (!prepared.ok) return [`prepare failed: ${prepared.diagnostics.filter((d) => d.severity === 'error').map((d) => `${basename(d.file)}:${d.range.start.line + 1}: ${d.message}`).join('; ')}`];
  const get = (k: string): string | undefined => ds.find((d) => d.key === k)?.value;
  const options = JSON.parse(get('options') ?? '{}') as Partial<RunOptions> & { cpus?: number };
  const maps = get('maps') ? (JSON.parse(get('maps')!) as MapsJson) : undefined;
  const state = createState(prepared, { maps, cpus: options.cpus, globals: options.globals, clock: options.clock });
  const runs: Run[] = [];
  for (const d of ds) {
    if (d.key === 'packet') runs.push({ spec: d.value, line: d.line, expects: [] });
    else if (d.key === 'ctx' && runs.length) runs[runs.length - 1].ctx = JSON.parse(d.value);
    else if (d.key === 'cpu' && runs.length) runs[runs.length - 1].cpu = Number(d.value);
    else if (d.key.startsWith('expect') && runs.length) runs[runs.length - 1].expects.push(d);
  }
  if (!runs.length) return ['fixture has no "// packet:" line'];
  void dir;
  for (const run of runs) {
    const r = runPacket(prepared, {
      ...options,
      section: get('section'),
      function: get('function'),
      programType: get('prog-type') as RunOptions['programType'],
      packet: packetFromSpec(run.spec),
      ctx: run.ctx,
      cpu: run.cpu,
      state,
    });
    const where = `run at line ${run.line} (${run.spec})`;
    const fail = (line: number, msg: string): void => void problems.push(`${where}, expectation at line ${line}: ${msg}`);
    const expectsFault = run.expects.some((e) => e.key === 'expect-fault');
    if (r.fault && !expectsFault) problems.push(`${where}: unexpected fault: ${r.fault.message} (line ${r.fault.range.start.line + 1})`);
    for (const e of run.expects) {
      const v = e.value;
      switch (e.key) {
        case 'expect':
          if (v.startsWith('retval ')) {
            if (r.retval !== Number(v.slice(7))) fail(e.line, `retval ${r.retval}, expected ${v.slice(7)}`);
          } else if (r.action !== v) fail(e.line, `action ${r.action}, expected ${v}`);
          break;
        case 'expect-fault':
          if (!r.fault) fail(e.line, `expected a fault containing "${v}", the run returned ${r.action}`);
          else if (!r.fault.message.toLowerCase().includes(v.toLowerCase())) fail(e.line, `fault "${r.fault.message}" does not contain "${v}"`);
          break;
        case 'expect-fault-line':
          if (!r.fault || r.fault.range.start.line + 1 !== Number(v)) fail(e.line, `fault at line ${r.fault ? r.fault.range.start.line + 1 : '-'}, expected ${v}`);
          break;
        case 'expect-map': {
          const [map, key, value] = v.split(/\s+/);
          const got = mapValue(r, map, key, run.cpu ?? options.cpu ?? 0);
          if (value === '-' ? got !== undefined : got !== value) fail(e.line, `map ${map}[${key}] = ${got ?? '(none)'}, expected ${value}`);
          break;
        }
        case 'expect-trace':
          if (!r.trace.includes(v)) fail(e.line, `no trace line "${v}" in ${JSON.stringify(r.trace)}`);
          break;
        case 'expect-packet':
          if (toHex(r.packet) !== v.replace(/\s/g, '')) fail(e.line, `packet ${toHex(r.packet)}`);
          break;
        case 'expect-packet-at': {
          const [off, hex] = v.split(/\s+/);
          const got = toHex(r.packet.subarray(Number(off), Number(off) + hex.length / 2));
          if (got !== hex) fail(e.line, `packet bytes at ${off} are ${got}, expected ${hex}`);
          break;
        }
        case 'expect-packet-len':
          if (r.packet.length !== Number(v)) fail(e.line, `packet length ${r.packet.length}, expected ${v}`);
          break;
        case 'expect-redirect': {
          const rd = r.redirect;
          const got = !rd ? 'none' : rd.kind === 'ifindex' ? `ifindex ${rd.ifindex}` : `map ${rd.map} ${rd.key}`;
          if (got !== v) fail(e.line, `redirect ${got}, expected ${v}`);
          break;
        }
        case 'expect-event': {
          const [map, hex] = v.split(/\s+/);
          if (!r.events.some((ev) => ev.map === map && ev.dataHex === hex)) fail(e.line, `no event ${map} ${hex} in ${JSON.stringify(r.events)}`);
          break;
        }
        case 'expect-value': {
          const [line, name, value] = v.split(/\s+/);
          const vals = r.lineValues[Number(line) - 1] ?? [];
          const got = vals.find((x) => x.name === name)?.value;
          if (got !== value) fail(e.line, `line ${line} ${name} = ${got ?? '(not recorded)'}, expected ${value}`);
          break;
        }
        default:
          fail(e.line, `unknown directive ${e.key}`);
      }
    }
  }
  return problems;
}
