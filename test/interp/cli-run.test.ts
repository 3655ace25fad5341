/** `bpfls run`, run as the built binary. */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { ROOT } from '../support/paths.ts';

const FIX = 'test/fixtures/interp';
const GOLD = 'test/interp-goldens/programs';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  // build the bundle when it is missing or older than the sources
  const bundle = join(ROOT, 'server', 'out', 'bpfls.cjs');
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newest(join(ROOT, 'server', 'src'))) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}, 120_000);

describe('bpfls run', () => {
  it('runs built-in packets and prints JSON, one object per packet', () => {
    const r = runCli(['run', `${GOLD}/xdp_ttl_decrement.bpf.c`, '--packet', 'builtin:ipv4-tcp-syn', '--packet', 'builtin:ipv6-udp', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]).sort()).toEqual(['action', 'fault', 'function', 'maps', 'packetHex', 'redirect', 'retval', 'section', 'steps', 'trace']);
    expect(out[0]).toMatchObject({ function: 'xdp_ttl_decrement', section: 'xdp', retval: 2, action: 'XDP_PASS', fault: null });
    expect(String(out[0].packetHex)).toContain('3f06278f'); // ttl 63, checksum updated
  });

  it('prints a decoded packet diff as text', () => {
    const r = runCli(['run', `${GOLD}/xdp_ttl_decrement.bpf.c`, '--packet', 'builtin:ipv4-tcp-syn']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('XDP_PASS');
    expect(r.stdout).toContain('ip.ttl 64 -> 63');
    expect(r.stdout).toMatch(/ip\.check valid -> valid/);
  });

  it('exits 1 with the fault and its position', () => {
    const r = runCli(['run', `${FIX}/packet-bounds.bpf.c`, '--packet', 'builtin:eth-only', '--format', 'json']);
    expect(r.code).toBe(1);
    const [res] = JSON.parse(r.stdout) as { fault: { message: string; range: { start: { line: number } } } }[];
    expect(res.fault.message).toContain('packet access out of bounds');
    expect(res.fault.range.start.line).toBe(18);
  });

  it('reads hex packets, .bin files and initial maps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpfls-run-'));
    const bin = join(dir, 'p.bin');
    writeFileSync(bin, Buffer.from('001b213c4d5e52540012345608004500003c1c4640004006268fc0a801645db8d822c82200503a7c1b2000000000a002faf000c10000020405b40402080a0a1b2c3d0000000001030307', 'hex'));
    const maps = join(dir, 'maps.json');
    writeFileSync(maps, JSON.stringify({ seen: { type: 'BPF_MAP_TYPE_HASH', entries: [{ key: '07000000', value: '0100000000000000' }] } }));
    const r = runCli(['run', `${FIX}/null-deref.bpf.c`, '--packet', bin, '--packet', 'hex:001122334455667788990011aabb', '--maps', maps, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { maps: Record<string, { entries: { key: string; value: string }[] }> }[];
    expect(out[0].maps.seen.entries).toEqual([{ key: '07000000', value: '0200000000000000' }]);
    expect(out[1].maps.seen.entries).toEqual([{ key: '07000000', value: '0300000000000000' }]);
  });

  it('picks a program by --function or --section and reports usage errors with exit 2', () => {
    const ok = runCli(['run', `${FIX}/tail-calls.bpf.c`, '--function', 'entry', '--packet', 'builtin:arp-request', '--format', 'json']);
    expect(ok.code).toBe(0);
    const many = runCli(['run', `${FIX}/tail-calls.bpf.c`, '--packet', 'builtin:arp-request']);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('--section or --function');
    expect(runCli(['run', `${FIX}/tail-calls.bpf.c`, '--function', 'entry']).code).toBe(2);
    expect(runCli(['run', `${FIX}/tail-calls.bpf.c`, '--function', 'entry', '--packet', 'builtin:no-such']).code).toBe(2);
    expect(runCli(['run', 'missing.bpf.c', '--packet', 'builtin:arp-request']).code).toBe(2);
  });

  it('exits 1 when the program does not compile, naming the problem', () => {
    const r = runCli(['run', `${FIX}/pp-error.bpf.c`, '--packet', 'builtin:arp-request']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CONFIG_MISSING must be defined');
  });
});
