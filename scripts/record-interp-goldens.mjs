#!/usr/bin/env node
// Records kernel goldens for the interpreter: compiles every
// test/interp-goldens/programs/*.bpf.c, loads it (bpftool prog loadall, maps pinned),
// runs it on catalogue packets with BPF_PROG_TEST_RUN (bpftool prog run), dumps its
// maps after every run, and writes test/interp-goldens/goldens.json.
//
//   node scripts/record-interp-goldens.mjs                 record everything
//   node scripts/record-interp-goldens.mjs --only a,b      re-record programs a and b only
//   node scripts/record-interp-goldens.mjs --check         record to a temp file, compare, exit 1 if different
//   node scripts/record-interp-goldens.mjs --out FILE      write somewhere else
//
// Needs Linux, root (or CAP_BPF + CAP_NET_ADMIN), bpffs at /sys/fs/bpf, clang, bpftool,
// taskset, libbpf headers. Only loads and test-runs programs: nothing is attached
// anywhere. Every pin lives under /sys/fs/bpf/bpfls-golden-* and is removed again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argv, exit, stderr, stdout } from 'node:process';
import { setImmediate } from 'node:timers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const goldenDir = join(root, 'test', 'interp-goldens');
const programsDir = join(goldenDir, 'programs');
const BPFFS = '/sys/fs/bpf';
const PIN_PREFIX = 'bpfls-golden-';

/** A fatal problem: unwinds (so every finally block cleans up), then exits with `code`. */
class Fatal extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

function die(msg, code = 2) {
  throw new Fatal(msg, code);
}

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

function parseArgs() {
  const a = { only: null, out: join(goldenDir, 'goldens.json'), check: false };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--only') a.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (argv[i] === '--out') a.out = argv[++i];
    else if (argv[i] === '--check') a.check = true;
    else die(`unknown argument ${argv[i]} (use --only a,b, --out FILE, --check)`);
  }
  return a;
}

/** Checks tools and privileges; says clearly what is missing. */
function preflight() {
  if (process.platform !== 'linux') die('needs Linux (BPF_PROG_TEST_RUN); this is ' + process.platform);
  const missing = [];
  const clang = sh('clang', ['--version']);
  if (clang.error || clang.status !== 0) missing.push('clang (apt-get install clang llvm)');
  const bpftool = sh('bpftool', ['version']);
  if (bpftool.error || bpftool.status !== 0) missing.push('bpftool (apt-get install bpftool, or linux-tools)');
  const taskset = sh('taskset', ['--version']);
  if (taskset.error) missing.push('taskset (util-linux), used to run on CPU 0 so per-CPU maps are deterministic');
  if (!existsSync('/usr/include/bpf/bpf_helpers.h')) missing.push('libbpf headers /usr/include/bpf/bpf_helpers.h (apt-get install libbpf-dev)');
  if (!existsSync('/usr/include/linux/bpf.h')) missing.push('kernel UAPI headers /usr/include/linux/bpf.h (apt-get install linux-libc-dev)');
  if (missing.length) die(`missing:\n  - ${missing.join('\n  - ')}`);
  const status = readFileSync('/proc/self/status', 'utf8');
  const capEff = BigInt('0x' + (/^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0'));
  const has = (bit) => ((capEff >> BigInt(bit)) & 1n) === 1n;
  const SYS_ADMIN = 21, NET_ADMIN = 12, BPF = 39;
  if (!((has(BPF) || has(SYS_ADMIN)) && (has(NET_ADMIN) || has(SYS_ADMIN)))) {
    die('not enough privilege: loading and test-running XDP/TC programs needs root, or CAP_BPF + CAP_NET_ADMIN (try sudo)');
  }
  const mounts = readFileSync('/proc/mounts', 'utf8');
  if (!mounts.split('\n').some((l) => l.split(' ')[1] === BPFFS && l.split(' ')[2] === 'bpf')) {
    die(`no bpf filesystem at ${BPFFS} (mount -t bpf bpf ${BPFFS})`);
  }
  const cpus = readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim();
  const possible = cpus.split(',').reduce((n, r) => {
    const [lo, hi] = r.split('-').map(Number);
    return n + (hi === undefined ? 1 : hi - lo + 1);
  }, 0);
  const btf = sh('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'raw']);
  const skbSize = Number(/STRUCT '__sk_buff' size=(\d+)/.exec(btf.stdout ?? '')?.[1] ?? 0);
  if (!skbSize) die('could not read sizeof(struct __sk_buff) from /sys/kernel/btf/vmlinux (kernel without BTF?)');
  // bpf_fib_lookup under test_run answers FWD_DISABLED only while the loopback does not forward.
  const sysctl = (path) => (existsSync(path) ? readFileSync(path, 'utf8').trim() : 'n/a');
  return {
    environment: {
      'net.ipv4.conf.lo.forwarding': sysctl('/proc/sys/net/ipv4/conf/lo/forwarding'),
      'net.ipv6.conf.lo.forwarding': sysctl('/proc/sys/net/ipv6/conf/lo/forwarding'),
    },
    kernel: sh('uname', ['-r']).stdout.trim(),
    clang: clang.stdout.split('\n')[0].trim(),
    bpftool: bpftool.stdout.split('\n').slice(0, 2).map((s) => s.trim()).join(', '),
    possibleCpus: possible,
    skbCtxSize: skbSize,
    multiarch: sh('gcc', ['-print-multiarch']).stdout?.trim() || 'x86_64-linux-gnu',
  };
}

/** Removes pins left behind by an earlier run that was killed (only ours, by prefix). */
function removeStalePins() {
  for (const e of readdirSync(BPFFS)) if (e.startsWith(PIN_PREFIX)) rmSync(join(BPFFS, e), { recursive: true, force: true });
}

function dumpPackets(dir) {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const r = existsSync(tsx)
    ? sh(tsx, [join(root, 'scripts', 'dump-packets.ts'), dir], { cwd: root })
    : sh('npx', ['--no-install', 'tsx', join(root, 'scripts', 'dump-packets.ts'), dir], { cwd: root });
  if (r.status !== 0) die(`scripts/dump-packets.ts failed:\n${r.stderr || r.error}`);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  return new Map(index.map((p) => [p.name, join(dir, p.file)]));
}

/**
 * The comment header of a program:
 *   // packets: ipv4-tcp-syn ipv6-udp        (or "all"; run in this order)
 *   // maps-init: name.maps.json             (file next to the program)
 *   // repeat-packets: 3                     (feed the packet list 3 times; map state carries)
 *   // entry: func_name                      (when the object has several programs)
 */
function parseHeader(src, name) {
  const get = (key) => new RegExp(`^//\\s*${key}:\\s*(.+)$`, 'm').exec(src)?.[1].trim();
  const packets = (get('packets') ?? '').split(/[\s,]+/).filter(Boolean);
  if (packets.length === 0) throw new Error(`${name}: no "// packets:" line`);
  const repeat = Number(get('repeat-packets') ?? 1);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 16) throw new Error(`${name}: bad repeat-packets`);
  const initFile = get('maps-init');
  let mapsInit = null;
  if (initFile) mapsInit = JSON.parse(readFileSync(join(programsDir, initFile), 'utf8'));
  return { packets, repeat, mapsInit, mapsInitFile: initFile ?? null, entry: get('entry') ?? null };
}

const hexBytes = (hex) => ['hex', ...hex.match(/../g)];

function bpftool(args, what) {
  const r = sh('bpftool', args);
  if (r.status !== 0) throw new Error(`${what}: bpftool ${args.join(' ')}\n${(r.stderr || r.stdout || String(r.error)).trim()}`);
  return r.stdout;
}

function loadProgram({ file, name, header, env, work, pinRoot }) {
  const obj = join(work, 'obj', `${name}.o`);
  // <linux/icmp.h> pulls in glibc's <sys/socket.h>, which under -target bpf asks for
  // gnu/stubs-32.h (only in gcc-multilib): an empty stand-in, searched last, is enough.
  const stubs = join(work, 'include');
  mkdirSync(join(stubs, 'gnu'), { recursive: true });
  writeFileSync(join(stubs, 'gnu', 'stubs-32.h'), '');
  const cc = sh('clang', ['-O2', '-g', '-target', 'bpf', '-Wall', `-I/usr/include/${env.multiarch}`, '-idirafter', stubs, '-c', file, '-o', obj]);
  if (cc.status !== 0) throw new Error(`compile failed:\n${cc.stderr}`);
  mkdirSync(pinRoot, { recursive: true });
  const progDir = join(pinRoot, 'progs');
  const mapDir = join(pinRoot, 'maps');
  const load = sh('bpftool', ['prog', 'loadall', obj, progDir, 'pinmaps', mapDir]);
  if (load.status !== 0) throw new Error(`load failed (verifier?):\n${(load.stderr || load.stdout).split('\n').slice(-40).join('\n')}`);
  const progs = readdirSync(progDir).sort();
  const entry = header.entry ?? (progs.length === 1 ? progs[0] : null);
  if (!entry || !progs.includes(entry)) throw new Error(`object has programs ${progs.join(', ')}: name the one to run with "// entry:"`);
  const pin = join(progDir, entry);
  const progType = JSON.parse(bpftool(['prog', 'show', 'pinned', pin, '-j'], 'prog show')).type;
  const maps = (existsSync(mapDir) ? readdirSync(mapDir) : []).sort().map((pinName) => {
    const info = JSON.parse(bpftool(['map', 'show', 'pinned', join(mapDir, pinName), '-j'], 'map show'));
    // Internal maps are named "<obj prefix>.bss" (pinned as "<obj prefix>_bss"): keep ".bss", ".data", ".rodata".
    const dot = String(info.name).indexOf('.');
    const name = dot >= 0 ? String(info.name).slice(dot) : pinName;
    return { pin: join(mapDir, pinName), name, type: `BPF_MAP_TYPE_${String(info.type).toUpperCase()}` };
  });
  for (const [mapName, entries] of Object.entries(header.mapsInit ?? {})) {
    const m = maps.find((x) => x.name === mapName);
    if (!m) throw new Error(`maps-init: no map named ${mapName} (have ${maps.map((x) => x.name).join(', ')})`);
    for (const e of entries) {
      const value = e.valueProg ? ['pinned', join(progDir, e.valueProg)] : hexBytes(e.value);
      bpftool(['map', 'update', 'pinned', m.pin, 'key', ...hexBytes(e.key), 'value', ...value], `maps-init ${mapName}`);
    }
  }
  return { pin, entry, progType, maps, skb: progType !== 'xdp' };
}

const bytesHex = (arr) => arr.map((x) => x.replace(/^0x/, '').padStart(2, '0')).join('');

/** Map types whose contents cannot be read from user space (prog arrays are handled separately). */
const UNDUMPABLE = {
  BPF_MAP_TYPE_XSKMAP: 'not readable from user space',
  BPF_MAP_TYPE_PERF_EVENT_ARRAY: 'not readable from user space',
  BPF_MAP_TYPE_RINGBUF: 'not readable with map dump',
};
const KEYED = /HASH|DEVMAP_HASH/;

function dumpMaps(maps) {
  const out = {};
  for (const m of maps) {
    if (UNDUMPABLE[m.type]) {
      out[m.name] = { type: m.type, skipped: UNDUMPABLE[m.type] };
      continue;
    }
    const raw = JSON.parse(bpftool(['map', 'dump', 'pinned', m.pin, '-j'], `dump ${m.name}`));
    if (m.type === 'BPF_MAP_TYPE_PROG_ARRAY') {
      // Values are program ids, new on every load: record the program's name instead.
      const entries = raw.filter((e) => Array.isArray(e.value)).map((e) => {
        const id = parseInt(bytesHex(e.value).match(/../g).reverse().join(''), 16);
        return { key: bytesHex(e.key), prog: JSON.parse(bpftool(['prog', 'show', 'id', String(id), '-j'], 'prog show')).name };
      });
      out[m.name] = { type: m.type, entries };
      continue;
    }
    // Array-like maps (devmap, cpumap) list empty slots with {"error": ...}: leave them out.
    let entries = raw.filter((e) => Array.isArray(e.value) || Array.isArray(e.values)).map((e) =>
      e.values
        ? { key: bytesHex(e.key), values: [...e.values].sort((a, b) => a.cpu - b.cpu).map((v) => bytesHex(v.value)) }
        : { key: bytesHex(e.key), value: bytesHex(e.value) },
    );
    // Hash iteration order depends on a per-map random seed: sort by key bytes.
    if (KEYED.test(m.type)) entries = entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out[m.name] = { type: m.type, entries };
  }
  return out;
}

function runPacket({ prog, env, work, packet, packetFile, round }) {
  const outFile = join(work, 'out.bin');
  const ctxIn = join(work, 'ctx_in.bin');
  const ctxOut = join(work, 'ctx_out.bin');
  rmSync(outFile, { force: true });
  rmSync(ctxOut, { force: true });
  const args = ['-c', '0', 'bpftool', 'prog', 'run', 'pinned', prog.pin, 'data_in', packetFile, 'data_out', outFile];
  if (prog.skb) {
    writeFileSync(ctxIn, new Uint8Array(env.skbCtxSize));
    args.push('ctx_in', ctxIn, 'ctx_out', ctxOut);
  }
  const r = sh('taskset', args);
  const run = { packet, ...(round ? { round } : {}) };
  const ret = /Return value: (\d+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !ret) {
    run.error = (r.stderr || r.stdout || String(r.error)).trim().replace(/^Error: /, '');
  } else {
    run.retval = Number(ret[1]);
    run.packetHex = existsSync(outFile) ? readFileSync(outFile).toString('hex') : '';
    if (prog.skb && existsSync(ctxOut)) run.ctxOutHex = readFileSync(ctxOut).toString('hex');
  }
  run.maps = dumpMaps(prog.maps);
  return run;
}

function recordProgram(file, env, packets, work) {
  const name = basename(file, '.bpf.c');
  const src = readFileSync(file, 'utf8');
  const header = parseHeader(src, name);
  const wanted = header.packets.includes('all') ? [...packets.keys()] : header.packets;
  for (const p of wanted) if (!packets.has(p)) throw new Error(`${name}: unknown packet '${p}' in // packets:`);
  const pinRoot = join(BPFFS, PIN_PREFIX + name.replace(/[^A-Za-z0-9_-]/g, '_'));
  rmSync(pinRoot, { recursive: true, force: true });
  try {
    const prog = loadProgram({ file, name, header, env, work, pinRoot });
    const runs = [];
    for (let rep = 0; rep < header.repeat; rep++) {
      for (const p of wanted) runs.push(runPacket({ prog, env, work, packet: p, packetFile: packets.get(p), ...(header.repeat > 1 ? { round: rep + 1 } : {}) }));
    }
    return {
      file: `programs/${basename(file)}`,
      progType: prog.progType,
      entry: prog.entry,
      packets: wanted,
      repeat: header.repeat,
      mapsInit: header.mapsInitFile,
      runs,
    };
  } finally {
    rmSync(pinRoot, { recursive: true, force: true });
  }
}

/** JSON with one line per small "flat" object or array (a map entry, a packet list), indented otherwise. */
function pretty(v, ind) {
  const flat = (x) => x === null || typeof x !== 'object' || (Array.isArray(x) ? x : Object.values(x)).every((y) => y === null || typeof y !== 'object' || (Array.isArray(y) && y.every((z) => typeof z !== 'object')));
  if (v === null || typeof v !== 'object' || (flat(v) && JSON.stringify(v).length < 4000)) return JSON.stringify(v);
  const inner = ind + ' ';
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + pretty(x, inner)).join(',\n')}\n${ind}]`;
  const body = Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner)}`);
  return `{\n${body.join(',\n')}\n${ind}}`;
}

async function main() {
  const args = parseArgs();
  const env = preflight();
  removeStalePins();
  // Stop between programs on Ctrl-C / SIGTERM; the finally block removes the pins.
  let interrupted = null;
  process.on('SIGINT', () => (interrupted = 'SIGINT'));
  process.on('SIGTERM', () => (interrupted = 'SIGTERM'));
  const work = mkdtempSync(join(tmpdir(), 'bpfls-goldens-'));
  try {
    const packets = dumpPackets(join(work, 'packets'));
    mkdirSync(join(work, 'obj'), { recursive: true });
    const files = readdirSync(programsDir).filter((f) => f.endsWith('.bpf.c')).sort();
    const previous = args.only && existsSync(args.out) ? JSON.parse(readFileSync(args.out, 'utf8')).programs : {};
    const programs = {};
    let failures = 0;
    for (const f of files) {
      const name = basename(f, '.bpf.c');
      if (args.only && !args.only.has(name)) {
        if (previous[name]) programs[name] = previous[name];
        continue;
      }
      try {
        programs[name] = recordProgram(join(programsDir, f), env, packets, work);
        stdout.write(`  ${name}: ${programs[name].runs.length} runs\n`);
      } catch (e) {
        failures++;
        stderr.write(`  ${name}: FAILED\n${String(e.message ?? e).replace(/^/gm, '    ')}\n`);
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (interrupted) die(`interrupted (${interrupted}); nothing written`, 130);
    }
    // The exact input bytes, so a test can tell when the catalogue no longer matches the goldens.
    const used = new Set(Object.values(programs).flatMap((p) => p.packets));
    const inputs = Object.fromEntries([...packets].filter(([n]) => used.has(n)).map(([n, f]) => [n, readFileSync(f).toString('hex')]));
    if (failures) die(`${failures} program(s) failed; goldens not written`, 1);
    const out = {
      format: 'bpfls-interp-goldens/1',
      generatedBy: 'scripts/record-interp-goldens.mjs',
      kernel: env.kernel,
      clang: env.clang,
      bpftool: env.bpftool,
      possibleCpus: env.possibleCpus,
      runCpu: 0,
      skbCtx: { size: env.skbCtxSize, in: 'zeros' },
      environment: env.environment,
      packets: inputs,
      programs,
    };
    const text = `${pretty(out, '')}\n`;
    if (args.check) {
      const old = existsSync(args.out) ? readFileSync(args.out, 'utf8') : '';
      if (old === text) {
        stdout.write(`goldens are up to date (${Object.keys(programs).length} programs)\n`);
        return;
      }
      const fresh = join(work, 'goldens.fresh.json');
      writeFileSync(fresh, text);
      const d = sh('diff', ['-u', args.out, fresh]);
      stdout.write(`${(d.stdout || '').split('\n').slice(0, 80).join('\n')}\n`);
      die('recorded goldens differ from the committed file (see diff above)', 1);
    }
    writeFileSync(args.out, text);
    const runs = Object.values(programs).reduce((n, p) => n + p.runs.length, 0);
    stdout.write(`wrote ${args.out}: ${Object.keys(programs).length} programs, ${runs} runs\n`);
  } finally {
    removeStalePins();
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  if (!(e instanceof Fatal)) throw e;
  stderr.write(`record-interp-goldens: ${e.message}\n`);
  exit(e.code);
}
