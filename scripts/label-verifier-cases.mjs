// Labels the verifier cases in test/verifier-cases/ with the verdict of the running
// kernel's BPF verifier and writes test/verifier-cases/labels.json.
//
// For every `*.bpf.c` case: compile with clang (-O2 -g -target bpf), load every program
// of the object with `bpftool prog loadall` (pinned under /sys/fs/bpf/bpfls-label-*, the
// pin is always removed again), keep the verifier log, and for cases with a `// run:`
// directive run the program once with BPF_PROG_TEST_RUN (`bpftool prog run`) on a small
// packet. Nothing is ever attached to an interface, cgroup or hook.
//
// Usage: node scripts/label-verifier-cases.mjs [--only SUBSTRING ...] [--check]
//   --only S   relabel only the cases whose file name contains S (repeatable); the other
//              entries of labels.json are kept as they are.
//   --check    do not write labels.json; only report.
// Exit codes: 0 all labelled and consistent with the file names (.bad. rejected,
// runtime-error or compile-error; .good. accepted); 1 some case disagrees with its name;
// 2 the environment cannot label (no clang, no bpftool, no CAP_BPF, no bpffs) or a usage
// error. See test/verifier-cases/README.md.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CASES_DIR = join(ROOT, 'test', 'verifier-cases');
const LABELS = join(CASES_DIR, 'labels.json');
const BPFFS = '/sys/fs/bpf';
const CAP_BPF = 39;
const CAP_SYS_ADMIN = 21;
const LOG_TAIL = 15;
const TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------
// Arguments

const only = [];
let checkOnly = false;
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only' && i + 1 < argv.length) only.push(argv[++i]);
    else if (a.startsWith('--only=')) only.push(a.slice('--only='.length));
    else if (a === '--check') checkOnly = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/label-verifier-cases.mjs [--only SUBSTRING ...] [--check]');
      process.exit(0);
    } else {
      console.error(`label-verifier-cases: unknown argument ${a}`);
      process.exit(2);
    }
  }
}

// ---------------------------------------------------------------------------------
// Small process helpers

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 << 20, ...opts });
  return {
    ok: !r.error && r.status === 0,
    status: r.status,
    error: r.error,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    out: `${r.stdout ?? ''}${r.stderr ?? ''}`,
  };
}

function die(msg) {
  console.error(`label-verifier-cases: ${msg}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------
// Preflight: clang, bpftool, CAP_BPF, bpffs

function preflight() {
  const clang = run('clang', ['--version']);
  if (clang.error || clang.status !== 0) {
    die('clang was not found (install clang; Debian: apt-get install clang llvm). Cannot compile the cases.');
  }
  const bpftool = run('bpftool', ['version']);
  if (bpftool.error || bpftool.status !== 0) {
    die('bpftool was not found (Debian: apt-get install bpftool). Cannot load the cases.');
  }
  const status = readFileSync('/proc/self/status', 'utf8');
  const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(status);
  const eff = capEff ? BigInt(`0x${capEff[1]}`) : 0n;
  const has = (bit) => ((eff >> BigInt(bit)) & 1n) === 1n;
  // The kernel's bpf_capable() is CAP_BPF or, for older setups, CAP_SYS_ADMIN.
  if (!has(CAP_BPF) && !has(CAP_SYS_ADMIN)) {
    die(
      'this process lacks CAP_BPF, so the kernel will not load BPF programs for it. ' +
        'Run as root (or with CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON), e.g. `sudo npm run label-cases`.',
    );
  }
  const mounts = readFileSync('/proc/mounts', 'utf8');
  if (!mounts.split('\n').some((l) => l.split(' ')[1] === BPFFS && l.split(' ')[2] === 'bpf')) {
    die(`${BPFFS} is not a bpf filesystem (mount -t bpf bpf ${BPFFS}); the loaded programs cannot be pinned.`);
  }
  const clangVersion = clang.stdout.split('\n')[0].trim();
  const bpftoolVersion = bpftool.stdout
    .split('\n')
    .filter((l) => /bpftool|libbpf/.test(l))
    .map((l) => l.trim())
    .join(', ');
  return { clangVersion, bpftoolVersion, capEff: eff };
}

// ---------------------------------------------------------------------------------
// Compiler flags: the cases include UAPI headers (<linux/bpf.h>), which need the
// multiarch include directory for <asm/types.h>; bpf_tracing.h needs __TARGET_ARCH_*.

function compilerFlags() {
  const machine = run('uname', ['-m']).stdout.trim();
  const arch = { x86_64: 'x86', aarch64: 'arm64', armv7l: 'arm', s390x: 's390', ppc64le: 'powerpc', riscv64: 'riscv' }[machine] ?? machine;
  const flags = ['-O2', '-g', '-target', 'bpf', `-D__TARGET_ARCH_${arch}`];
  const multiarch = run('gcc', ['-print-multiarch']).stdout.trim() || `${machine}-linux-gnu`;
  if (existsSync(`/usr/include/${multiarch}`)) flags.push('-I', `/usr/include/${multiarch}`);
  flags.push('-Wno-unused-value', '-Wno-unused-variable', '-Wno-unused-function');
  return flags;
}

// ---------------------------------------------------------------------------------
// Test packets for `// run:` cases (Ethernet frames; addresses are made up).

function ipv4Checksum(hdr) {
  let sum = 0;
  for (let i = 0; i < hdr.length; i += 2) sum += (hdr[i] << 8) | hdr[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

function ethernet(etherType) {
  const b = new Uint8Array(14);
  b.set([0x02, 0x00, 0x00, 0x00, 0x00, 0x02], 0); // dst
  b.set([0x02, 0x00, 0x00, 0x00, 0x00, 0x01], 6); // src
  b[12] = etherType >> 8;
  b[13] = etherType & 0xff;
  return b;
}

function ipv4(proto, payloadLen) {
  const b = new Uint8Array(20);
  const total = 20 + payloadLen;
  b.set([0x45, 0x00, total >> 8, total & 0xff, 0x00, 0x01, 0x40, 0x00, 64, proto, 0, 0]);
  b.set([10, 0, 0, 1], 12);
  b.set([10, 0, 0, 2], 16);
  const c = ipv4Checksum(b);
  b[10] = c >> 8;
  b[11] = c & 0xff;
  return b;
}

function tcp(payloadLen) {
  const b = new Uint8Array(20 + payloadLen);
  b.set([0x30, 0x39, 0x00, 0x50]); // 12345 -> 80
  b.set([0, 0, 0, 1, 0, 0, 0, 0], 4); // seq, ack
  b[12] = 0x50; // data offset 5
  b[13] = 0x18; // PSH|ACK
  b[14] = 0xff;
  b[15] = 0xff; // window
  for (let i = 0; i < payloadLen; i++) b[20 + i] = 0x41 + (i % 26);
  return b;
}

function udp(payloadLen) {
  const b = new Uint8Array(8 + payloadLen);
  const len = 8 + payloadLen;
  b.set([0x30, 0x39, 0x00, 0x35, len >> 8, len & 0xff, 0, 0]); // 12345 -> 53
  for (let i = 0; i < payloadLen; i++) b[8 + i] = 0x61 + (i % 26);
  return b;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const PACKETS = {
  'ipv4-tcp': () => concat(ethernet(0x0800), ipv4(6, 20 + 32), tcp(32)),
  'ipv4-udp': () => concat(ethernet(0x0800), ipv4(17, 8 + 32), udp(32)),
};

// ---------------------------------------------------------------------------------
// Case files: intent from the name, directives from the comments.

function readCase(file) {
  const text = readFileSync(join(CASES_DIR, file), 'utf8');
  const lines = text.split('\n');
  const intent = /\.bad\.bpf\.c$/.test(file) ? 'bad' : /\.good\.bpf\.c$/.test(file) ? 'good' : null;
  const expect = [];
  lines.forEach((l, i) => {
    const m = /\/\/\s*expect-error:\s*([\w/-]+)/.exec(l);
    if (m) expect.push({ line: i + 1, code: m[1] });
  });
  let runSpec = null;
  let privileges = null;
  for (const l of lines) {
    const r = /^\s*\/\/\s*run:\s*(\S+)(.*)$/.exec(l);
    if (r) {
      const opts = Object.fromEntries([...r[2].matchAll(/([\w-]+)=(\S+)/g)].map((m) => [m[1], m[2]]));
      if (!(r[1] in PACKETS)) throw new Error(`${file}: unknown packet "${r[1]}" (known: ${Object.keys(PACKETS).join(', ')})`);
      if (!('error-retval' in opts)) throw new Error(`${file}: "// run:" needs error-retval=N`);
      runSpec = { packet: r[1], errorRetval: Number(opts['error-retval']), prog: opts.prog ?? null };
    }
    const p = /^\s*\/\/\s*privileges:\s*(.+)$/.exec(l);
    if (p) privileges = p[1].split(/[\s,]+/).filter(Boolean).map((c) => c.toLowerCase());
  }
  return { file, text, lines, intent, expect, runSpec, privileges };
}

// ---------------------------------------------------------------------------------
// Reduced privileges: `// privileges: CAP_BPF CAP_NET_ADMIN` loads the case through
// capsh with every other capability dropped from the bounding set.

let boundingCaps = null;
function dropListFor(keep) {
  if (!boundingCaps) {
    const r = run('capsh', ['--print']);
    if (r.error) die('a case asks for reduced privileges but capsh is not installed (Debian: apt-get install libcap2-bin).');
    const m = /^Bounding set =(.*)$/m.exec(r.stdout);
    boundingCaps = m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
  }
  return boundingCaps.filter((c) => !keep.includes(c));
}

function bpftool(args, privileges) {
  if (!privileges) return run('bpftool', args);
  const drop = dropListFor(privileges);
  return run('capsh', [`--drop=${drop.join(',')}`, '--', '-c', 'exec "$0" "$@"', 'bpftool', ...args]);
}

// ---------------------------------------------------------------------------------
// Verifier log analysis

const INSN = /^\d+: \([0-9a-f]{2}\)/;
const STATE = /^(\d+: R\d|\d+: frame|from \d+ to \d+:|; |\s*$)/;

function extractLog(out) {
  const begin = out.indexOf('-- BEGIN PROG LOAD LOG --');
  const end = out.indexOf('-- END PROG LOAD LOG --');
  if (begin < 0 || end < 0) return null;
  return out
    .slice(begin + '-- BEGIN PROG LOAD LOG --'.length, end)
    // A few kernel messages lack their trailing newline and run into the summary line.
    .replace(/([^\n])(processed \d+ insns)/g, '$1\n$2')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l, i, a) => !(l === '' && (i === 0 || i === a.length - 1)));
}

/** Kernel addresses change on every load; keep the labels file diff-stable. */
function normalise(line) {
  return line.replace(/0xffff[0-9a-f]{12}/g, '0xffff<kptr>');
}

function keyMessage(log) {
  const processed = log.findIndex((l) => /^processed \d+ insns/.test(l));
  const body = processed >= 0 ? log.slice(0, processed) : log;
  let lastInsn = -1;
  body.forEach((l, i) => {
    if (INSN.test(l)) lastInsn = i;
  });
  const after = body.slice(lastInsn + 1).filter((l) => !STATE.test(l) && !/^\s*(func#|Func#|Validating |Live regs)/.test(l));
  if (after.length) return after[0].trim();
  const rest = body.filter((l) => !INSN.test(l) && !STATE.test(l));
  return rest.length ? rest[rest.length - 1].trim() : '';
}

/** The 1-based line of the case file that the verifier blames. */
function blamedLine(log, kase) {
  const processed = log.findIndex((l) => /^processed \d+ insns/.test(l));
  const body = processed >= 0 ? log.slice(0, processed) : log;
  let lastInsn = body.length;
  for (let i = body.length - 1; i >= 0; i--) {
    if (INSN.test(body[i])) {
      lastInsn = i;
      break;
    }
  }
  for (let i = Math.min(lastInsn, body.length - 1); i >= 0; i--) {
    const m = /^; (.*?)(?: @ (\S+):(\d+))?$/.exec(body[i]);
    if (!m) continue;
    const [, src, file, ln] = m;
    if (file && Number(ln) > 0 && basename(file) === kase.file) return Number(ln);
    const text = src.trim();
    if (!text) continue;
    const hits = [];
    kase.lines.forEach((l, j) => {
      if (l.trim() === text || (text.length > 8 && l.includes(text))) hits.push(j + 1);
    });
    if (hits.length) {
      const exp = kase.expect.map((e) => e.line);
      return hits.find((h) => exp.includes(h)) ?? hits[0];
    }
  }
  return kase.expect[0]?.line ?? null;
}

// ---------------------------------------------------------------------------------
// Labelling one case

const ACTIONS = {
  xdp: ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT'],
  tc: { 0: 'TC_ACT_OK', 1: 'TC_ACT_RECLASSIFY', 2: 'TC_ACT_SHOT', 3: 'TC_ACT_PIPE', 4: 'TC_ACT_STOLEN', 7: 'TC_ACT_REDIRECT' },
};

function retvalName(kase, retval) {
  const sec = /SEC\("(xdp|tc|classifier)[^"]*"\)/.exec(kase.text)?.[1];
  const names = sec === 'xdp' ? ACTIONS.xdp : sec ? ACTIONS.tc : null;
  const name = names?.[retval];
  return name ? `${retval} (${name})` : String(retval);
}

let pinSeq = 0;
let currentPin = null;
function cleanupPin() {
  if (currentPin) {
    rmSync(currentPin, { recursive: true, force: true });
    currentPin = null;
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanupPin();
    process.exit(130);
  });
}
process.on('exit', cleanupPin);

function labelCase(kase, ctx) {
  const src = join(CASES_DIR, kase.file);
  const obj = join(ctx.work, kase.file.replace(/\.c$/, '.o'));
  const label = {};
  if (kase.privileges) label.privileges = kase.privileges.join(' ');

  const cc = run('clang', [...ctx.cflags, '-c', src, '-o', obj], { cwd: CASES_DIR });
  if (!cc.ok) {
    const diag = cc.stderr.split('\n').map((l) => l.replace(/\s+$/, ''));
    const errIdx = diag.findIndex((l) => /error:/.test(l));
    const errLine = errIdx >= 0 ? diag[errIdx] : diag.find(Boolean) ?? '';
    const m = new RegExp(`${kase.file.replace(/[.]/g, '\\.')}:(\\d+):\\d+: error`).exec(errLine);
    label.verdict = 'compile-error';
    label.line = m ? Number(m[1]) : kase.expect[0]?.line ?? null;
    label.message = errLine.replace(/^.*?error:\s*/, '').replace(/0x[0-9a-f]{6,}/g, '0x<node>');
    label.log = diag.filter(Boolean).slice(-LOG_TAIL).map((l) => l.replace(/0x[0-9a-f]{6,}/g, '0x<node>')).join('\n');
    return label;
  }

  const pin = `${BPFFS}/bpfls-label-${process.pid}-${++pinSeq}`;
  currentPin = pin;
  try {
    const load = bpftool(['prog', 'loadall', obj, pin], kase.privileges);
    const log = extractLog(load.out);
    if (!load.ok) {
      label.verdict = 'rejected';
      if (log) {
        label.line = blamedLine(log, kase);
        label.message = normalise(keyMessage(log));
        // Return-value errors blame the exit instruction, whose line is the closing brace
        // (or wherever clang put it), not the offending return statement. Keep the
        // kernel's line as kernelLine and use the case's expect-error line.
        if (/^At program exit/.test(label.message) && kase.expect.length && label.line !== kase.expect[0].line) {
          label.kernelLine = label.line;
          label.line = kase.expect[0].line;
        }
        label.log = log.slice(-LOG_TAIL).map(normalise).join('\n');
      } else {
        // Failed before the verifier ran (libbpf/ELF/BTF/map problems).
        const lines = load.out.split('\n').filter((l) => /^(libbpf:|Error:)/.test(l) && !/libbpf: (loading|elf:|sec|map|prog '.*': found|CO-RE|license|kernel version)/.test(l));
        label.line = kase.expect[0]?.line ?? null;
        label.message = (lines.find((l) => /libbpf:/.test(l)) ?? lines[0] ?? '').replace(/^libbpf:\s*/, '');
        label.log = lines.slice(-LOG_TAIL).join('\n');
      }
      return label;
    }
    label.verdict = 'accepted';
    if (kase.runSpec) {
      const progs = readdirSync(pin);
      const prog = kase.runSpec.prog ?? (progs.length === 1 ? progs[0] : null);
      if (!prog || !progs.includes(prog)) {
        throw new Error(`${kase.file}: cannot tell which program to run (pinned: ${progs.join(', ')}); add prog=NAME`);
      }
      const r = bpftool(
        ['-j', 'prog', 'run', 'pinned', join(pin, prog), 'data_in', ctx.packets[kase.runSpec.packet], 'repeat', '1'],
        kase.privileges,
      );
      if (!r.ok) throw new Error(`${kase.file}: bpftool prog run failed: ${r.out.trim()}`);
      const json = JSON.parse(r.stdout.trim().split('\n').pop());
      label.retval = json.retval;
      label.packet = kase.runSpec.packet;
      label.log = `bpftool prog run pinned PROG data_in ${kase.runSpec.packet}.bin repeat 1\nretval ${retvalName(kase, json.retval)}`;
      if (json.retval === kase.runSpec.errorRetval) {
        label.verdict = 'runtime-error';
        label.line = kase.expect[0]?.line ?? null;
        label.message =
          `BPF_PROG_TEST_RUN on ${kase.runSpec.packet} returned ${retvalName(kase, json.retval)}, ` +
          `the value this case returns when the helper fails (error-retval=${kase.runSpec.errorRetval})`;
      }
    }
    return label;
  } finally {
    cleanupPin();
  }
}

// ---------------------------------------------------------------------------------
// Main

const env = preflight();
const cflags = compilerFlags();
const work = mkdtempSync(join(tmpdir(), 'bpfls-label-'));
const packets = {};
for (const [name, make] of Object.entries(PACKETS)) {
  packets[name] = join(work, `${name}.bin`);
  writeFileSync(packets[name], make());
}

const files = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.bpf.c'))
  .filter((f) => only.length === 0 || only.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) die(`no cases matched in ${CASES_DIR}`);

const previous = existsSync(LABELS) ? JSON.parse(readFileSync(LABELS, 'utf8')) : { cases: {} };
const cases = {};
if (only.length) {
  // Keep the other labels, but forget cases whose file is gone.
  for (const [f, c] of Object.entries(previous.cases ?? {})) if (existsSync(join(CASES_DIR, f))) cases[f] = c;
}
const problems = [];
const ctx = { cflags, work, packets };

try {
  for (const file of files) {
    const kase = readCase(file);
    let label;
    try {
      label = labelCase(kase, ctx);
    } catch (e) {
      problems.push(`${file}: ${e.message}`);
      continue;
    }
    const entry = {
      intent: kase.intent,
      verdict: label.verdict,
      ...(label.line != null ? { line: label.line } : {}),
      ...(label.kernelLine != null ? { kernelLine: label.kernelLine } : {}),
      ...(label.message != null ? { message: label.message } : {}),
      ...(label.retval != null ? { retval: label.retval, packet: label.packet } : {}),
      ...(label.privileges ? { privileges: label.privileges } : {}),
      expect: kase.expect,
      ...(label.log != null ? { log: label.log } : {}),
    };
    cases[file] = entry;
    const ok = kase.intent === 'good' ? entry.verdict === 'accepted' : entry.verdict !== 'accepted';
    if (!ok) problems.push(`${file}: intent ${kase.intent}, kernel says ${entry.verdict}${entry.message ? ` (${entry.message})` : ''}`);
    if (kase.intent === 'bad' && kase.expect.length === 0) problems.push(`${file}: bad case without an expect-error comment`);
    if (kase.intent === 'good' && kase.expect.length > 0) problems.push(`${file}: good case with an expect-error comment`);
    if (kase.intent === 'bad' && ok && entry.line != null && !kase.expect.some((e) => e.line === entry.line)) {
      problems.push(`${file}: kernel blames line ${entry.line}, expect-error is on line ${kase.expect.map((e) => e.line).join(', ')}`);
    }
    const where = entry.line != null ? `:${entry.line}` : '';
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${file}${where} ${entry.verdict}${entry.message ? ` - ${entry.message}` : ''}${entry.retval != null ? ` (retval ${entry.retval})` : ''}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const sorted = Object.fromEntries(Object.keys(cases).sort().map((k) => [k, cases[k]]));
const out = {
  kernel: run('uname', ['-r']).stdout.trim(),
  clang: env.clangVersion,
  bpftool: env.bpftoolVersion,
  cflags: cflags.join(' '),
  privileges: 'root (CAP_SYS_ADMIN, CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN) unless a case says otherwise',
  cases: sorted,
};
if (!checkOnly) writeFileSync(LABELS, `${JSON.stringify(out, null, 2)}\n`);

const counts = { accepted: 0, rejected: 0, 'runtime-error': 0, 'compile-error': 0 };
for (const c of Object.values(sorted)) counts[c.verdict] = (counts[c.verdict] ?? 0) + 1;
console.log(
  `\n${Object.keys(sorted).length} cases in labels.json (${files.length} labelled now): ` +
    Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') +
    (checkOnly ? ' [--check: labels.json not written]' : ''),
);
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
