/**
 * The recorded kernel goldens stay consistent with the programs and with the
 * packet catalogue (no kernel needed; re-record with
 * scripts/record-interp-goldens.mjs when this fails).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogPacket, packetNames, toHex } from '../../server/src/interp/packets/index.ts';
import { ROOT } from '../support/paths.ts';

interface MapDump {
  type: string;
  entries?: { key: string; value?: string; values?: string[]; prog?: string }[];
  skipped?: string;
}
interface Run {
  packet: string;
  round?: number;
  retval?: number;
  error?: string;
  packetHex?: string;
  ctxOutHex?: string;
  maps: Record<string, MapDump>;
}
interface Program {
  file: string;
  progType: string;
  entry: string;
  packets: string[];
  repeat: number;
  mapsInit: string | null;
  runs: Run[];
}
interface Goldens {
  format: string;
  kernel: string;
  possibleCpus: number;
  skbCtx: { size: number };
  packets: Record<string, string>;
  programs: Record<string, Program>;
}

const dir = join(ROOT, 'test', 'interp-goldens');
const goldens = JSON.parse(readFileSync(join(dir, 'goldens.json'), 'utf8')) as Goldens;
const files = readdirSync(join(dir, 'programs')).filter((f) => f.endsWith('.bpf.c')).sort();

function header(src: string, key: string): string | undefined {
  return new RegExp(`^//\\s*${key}:\\s*(.+)$`, 'm').exec(src)?.[1]?.trim();
}

describe('kernel goldens', () => {
  it('cover every program, and at least 40 of them', () => {
    expect(goldens.format).toBe('bpfls-interp-goldens/1');
    expect(Object.keys(goldens.programs).sort()).toEqual(files.map((f) => f.replace(/\.bpf\.c$/, '')));
    expect(files.length).toBeGreaterThanOrEqual(40);
    const types = new Set(Object.values(goldens.programs).map((p) => p.progType));
    expect([...types].sort()).toEqual(['sched_cls', 'socket_filter', 'xdp']);
  });

  it('were recorded from the packets the catalogue builds today', () => {
    for (const [name, hex] of Object.entries(goldens.packets)) expect(toHex(catalogPacket(name)!), name).toBe(hex);
  });

  it.each(files)('%s: runs match the program header', (file) => {
    const src = readFileSync(join(dir, 'programs', file), 'utf8');
    const p = goldens.programs[file.replace(/\.bpf\.c$/, '')]!;
    const listed = header(src, 'packets')!.split(/[\s,]+/);
    const packets = listed.includes('all') ? packetNames() : listed;
    const repeat = Number(header(src, 'repeat-packets') ?? 1);
    expect(p.packets).toEqual(packets);
    expect(p.repeat).toBe(repeat);
    expect(p.mapsInit).toBe(header(src, 'maps-init') ?? null);
    expect(p.runs.map((r) => r.packet)).toEqual(Array.from({ length: repeat }, () => packets).flat());
    expect(src).toMatch(/#include <linux\/bpf\.h>/);
    expect(src).toMatch(/SEC\("license"\)/);
  });

  it('have well-formed runs and map dumps', () => {
    for (const [name, p] of Object.entries(goldens.programs)) {
      for (const r of p.runs) {
        const where = `${name}/${r.packet}`;
        if (r.error !== undefined) {
          expect(r.retval, where).toBeUndefined();
        } else {
          expect(Number.isInteger(r.retval), where).toBe(true);
          expect(r.packetHex, where).toMatch(/^([0-9a-f]{2})*$/);
          if (p.progType !== 'xdp') expect(r.ctxOutHex?.length, where).toBe(goldens.skbCtx.size * 2);
        }
        for (const [m, d] of Object.entries(r.maps)) {
          expect(d.type, `${where} ${m}`).toMatch(/^BPF_MAP_TYPE_[A-Z_]+$/);
          if (d.skipped) continue;
          for (const e of d.entries!) {
            expect(e.key).toMatch(/^([0-9a-f]{2})+$/);
            if (e.values) expect(e.values.length).toBe(goldens.possibleCpus);
            else if (e.prog === undefined) expect(e.value).toMatch(/^([0-9a-f]{2})+$/);
          }
        }
      }
    }
  });

  it('show the test_run behaviours the interpreter must copy', () => {
    const run = (prog: string, packet: string): Run => goldens.programs[prog]!.runs.find((r) => r.packet === packet)!;
    // Socket filters see the packet from the network header; test_run hands back a zeroed MAC header.
    expect(run('sock_skb_fields', 'ipv4-tcp-syn').packetHex!.slice(0, 28)).toBe('0'.repeat(28));
    expect(run('sock_skb_fields', 'ipv4-tcp-syn').retval).toBe(60);
    // XDP_TX and XDP_REDIRECT are only return values under test_run.
    expect(run('xdp_icmp_echo_reply', 'ipv4-icmp-echo').retval).toBe(3);
    expect(run('xdp_redirect_devmap', 'ipv4-tcp-syn').retval).toBe(4);
    expect(run('xdp_redirect_devmap', 'ipv6-udp').retval).toBe(2);
    expect(run('tc_redirect', 'ipv4-tcp-syn').retval).toBe(7);
    // skb test_run refuses frames whose IP header is cut short; XDP takes them.
    expect(run('tc_skb_fields', 'ipv4-truncated').error).toMatch(/Invalid argument/);
    expect(run('xdp_parser', 'ipv4-truncated').retval).toBe(1);
    // A single bpf_skb_vlan_push stays out of band: the bytes do not change.
    expect(run('tc_vlan_push', 'ipv4-tcp-syn').packetHex).toBe(goldens.packets['ipv4-tcp-syn']);
  });
});
